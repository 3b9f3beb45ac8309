/**
 * Who an operation's calls are for, and who wants to know their place in the queue, carried the
 * way the priority is (priority.ts): in an AsyncLocalStorage scope `defineProvider` opens around a
 * person's operation (define.ts) from its `CallOptions`, so every paced call it makes, through
 * every await, joins the pacers' queue for that person (`party`: served round robin with other
 * people's, fair.ts) and reports its place there (`queued`) without any provider passing either.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallOptions } from '../types.ts';

/** One waiting call's place, as its queue reports it. */
export interface QueueSpot {
  /** How many calls wait ahead of this one now. */
  ahead(n: number): void;
  /** It has its turn (or failed): it waits no more. */
  done(): void;
}

/**
 * The places of one operation's waiting calls (a preview may wait for several reads at once),
 * told as one number: the most calls ahead of any of them, whenever it changes; 0 once none of
 * them waits behind another. Never told anything while its calls wait behind nobody.
 */
export class QueueWatch {
  private readonly spots = new Map<object, number>();
  private told = 0;

  constructor(private readonly tell: (ahead: number) => void) {}

  spot(): QueueSpot {
    const key = {};
    return {
      ahead: (n) => {
        this.spots.set(key, n);
        this.flush();
      },
      done: () => {
        if (this.spots.delete(key)) this.flush();
      },
    };
  }

  private flush(): void {
    const n = Math.max(0, ...this.spots.values());
    if (n === this.told) return;
    this.told = n;
    // The listener is the caller's: whatever it does, the queue goes on.
    try {
      this.tell(n);
    } catch {
      /* ignored */
    }
  }
}

interface Asking {
  party: string | undefined;
  watch: QueueWatch | undefined;
}

const scope = new AsyncLocalStorage<Asking>();

/**
 * Runs `fn` with its paced calls made for `call.party` and reported to `call.queued`. A scope
 * replaces the one around it: work shared by several people (one read for many previews) opens
 * its own.
 */
export function withAsking<T>(
  call: Pick<CallOptions, 'party' | 'queued'> | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const queued = call?.queued;
  return scope.run({ party: call?.party, watch: queued ? new QueueWatch(queued) : undefined }, fn);
}

/** Whom the call being made now is for; undefined outside a person's operation (each such call is its own). */
export function currentParty(): string | undefined {
  return scope.getStore()?.party;
}

/** A place for a call joining a queue now, reported to the operation that makes it, if it asked. */
export function joinQueue(): QueueSpot | undefined {
  return scope.getStore()?.watch?.spot();
}
