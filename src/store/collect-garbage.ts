/**
 * A full garbage collection, asked for at a moment the caller knows its garbage is large and dead
 * (the journal import, between batches): V8 grows its old generation lazily while memory is free,
 * so a one-time pass over hundreds of MB of JSON would otherwise leave the process at its peak.
 * `--expose-gc` is set for this process at run time (not on its command line), and `gc` is read
 * from a new context, where V8 installs it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
