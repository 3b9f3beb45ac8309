/**
 * Watches the config file for replacement, for deployments where nobody can send SIGHUP.
 *
 * A Kubernetes ConfigMap volume updates in place, but not by writing the file: the kubelet writes
 * a new timestamped directory and swaps the `..data` symlink to it, so `rerun.yml` (itself a
 * symlink through `..data`) points at a new file. A watch on the file's inode would keep watching
 * the old one, so the directory is watched instead (it sees the swap, an editor's save and a
 * `mv`), events are debounced (one swap is several events), and `onChange` runs only when the
 * file's text differs from what was last seen (other files in the directory change too).
 * https://kubernetes.io/docs/concepts/configuration/configmap/#mounted-configmaps-are-updated-automatically
 */
import { readFileSync, watch } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../lib/ports.ts';

/** Quiet time after the last event before the file is read: a symlink swap is several events. */
const CONFIG_WATCH_DEBOUNCE_MS = 500;

export interface ConfigWatcher {
  close(): void;
}

/** The file's text, or a marker for why it could not be read (so a file that vanishes counts as a change). */
function contentOf(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    return `\0unreadable: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
  }
}

export function watchConfig(
  file: string,
  onChange: () => void,
  logger: Logger,
  debounceMs = CONFIG_WATCH_DEBOUNCE_MS,
): ConfigWatcher {
  let last = contentOf(file);
  let timer: NodeJS.Timeout | undefined;
  const settle = () => {
    timer = undefined;
    const now = contentOf(file);
    if (now === last) {
      logger.debug({ file }, 'the config directory changed, the file did not: not reloaded');
      return;
    }
    last = now;
    onChange();
  };
  const watcher = watch(dirname(file), () => {
    clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
    // The watch must not be what keeps the process alive (the server is).
    timer.unref();
  });
  watcher.on('error', (err) => logger.error({ err, file }, 'watching the config file failed; send SIGHUP to reload'));
  watcher.unref();
  logger.info({ file, debounceMs }, 'watching the config file: a change is reloaded');
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
