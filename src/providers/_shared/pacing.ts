/**
 * Pacing, injected: a cloud counts its limits per credential and per API (one also per user
 * across APIs), so every target that signs with the same credential must share each operation's
 * pace, and so must every replica of the bot. The composition root makes one `Pacers` per process
 * and hands it to every provider session; with several replicas it passes a `reserve` backed by
 * the shared store, so one credential keeps one pace per operation whichever replica calls. Tests
 * make their own, so no pace leaks between them.
 *
 * A person's work goes first (docs/SPEC.md §7, follow-up: an approved rerun's call never waits
 * behind status reads). Calls wait in one queue per process, and at each free slot the pacer
 * chooses which call takes it, by priority (types.ts, CallPriority: an approved rerun's chain,
 * then what a person waits for, then follow-up polls), then in call order. The choice is made
 * when the slot comes, never when a call arrives, so a rerun that arrives behind 500 queued polls
 * takes the next slot. Starvation-free: a priority whose ready call lost `shareAfter` turns in a
 * row on a limit takes the next turn there, so polls keep at least one slot in `shareAfter + 1`
 * while people keep a pacer busy.
 *
 * Fair among people: within a priority, the calls of one allowance are served round robin by
 * whom they are for (`CallOptions.party`, fair.ts), so a person with one preview never waits
 * behind another's twenty. A call whose operation asked (`CallOptions.queued`, asking.ts) is told
 * how many calls wait ahead of it, when it joins and whenever that changes: the calls now waiting
 * that would be served first (a rerun that comes later may still go first).
 *
 * Only the choice is made by the queue: the call itself still runs in its caller's async context
 * (it waits for its turn, then calls), so what the caller scoped with AsyncLocalStorage (the
 * rerun's hooks, see http.ts; the budget; the priority) is still there when the request goes out.
 */
import { AsyncResource } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { CallPriority, PaceLimit, Pacer, Pacers } from '../types.ts';
import { currentParty, joinQueue, type QueueSpot } from './asking.ts';
import { currentTarget } from './call-target.ts';
import { FairRounds } from './fair.ts';
import { currentPriority } from './priority.ts';

/**
 * Reserves the next slot of `key`, at least `intervalMs` after the slot before it and never
 * before now, and returns when it starts (ms since the epoch). Atomic: two callers, in this
 * process or in another replica, never get the same slot.
 */
export type Reserve = (key: string, intervalMs: number) => Promise<number>;

interface PacingOptions {
  /** Where slots are reserved; by default in this process's memory (one replica, the console, tests). */
  reserve?: Reserve;
  /** The time slots are compared with, in ms since the epoch. */
  now?: () => number;
  /** Waits `ms` before a slot starts. */
  sleep?: (ms: number) => Promise<void>;
  /** A priority passed over this many turns in a row on a limit takes the next one (default SHARE_AFTER). */
  shareAfter?: number;
  /** Told of each slot a call takes, per limit (the metrics count the use of each allowance). */
  onSlot?: (slot: PaceSlot) => void;
}

/** A slot taken: for which target, of which limit (its name, never its key, which names a credential), at what pace. */
export interface PaceSlot {
  target: string;
  name: string;
  intervalMs: number;
  priority: CallPriority;
}

/**
 * Follow-up polls keep at least one turn in five of a pacer that people keep busy: at 2 calls a
 * second, a poll waits at most about 2.5 s for its share, and a person's call at most one turn.
 */
export const SHARE_AFTER = 4;

const RANK: Record<CallPriority, number> = { rerun: 0, person: 1, background: 2 };

/** Slots kept in this process's memory: the next free slot of each key. */
export function inMemoryReserve(now: () => number = Date.now): Reserve {
  const next = new Map<string, number>();
  return async (key, intervalMs) => {
    const slot = Math.max(next.get(key) ?? -Infinity, now());
    next.set(key, slot + intervalMs);
    return slot;
  };
}

/** A call waiting for its turn. */
interface Waiting {
  limits: readonly PaceLimit[];
  priority: CallPriority;
  /** The target the call is made for (call-target.ts). */
  target: string;
  seq: number;
  /** The calls of its priority and limits, served round robin by party. */
  lane: Lane;
  /** Its round there (fair.ts). */
  round: number;
  /** Where its place is reported, if its operation asked. */
  spot: QueueSpot | undefined;
  /** Its turn came: it may start at `at` (later than now only when another replica holds the slot). */
  start: (at: number) => void;
  fail: (err: unknown) => void;
}

/**
 * The calls of one priority on the same limits: one round robin. Kept while the process runs (as
 * many as the config's credentials and operations, by three), so a person served a moment ago is
 * still behind others who wait when they ask again.
 */
interface Lane {
  rounds: FairRounds;
}

/** Pacers that also say how many calls wait for their turn, by priority (the metrics read it). */
export interface WatchedPacers extends Pacers {
  waiting(): Record<CallPriority, number>;
  /** The calls waiting for their turn by target and limit name (each pacer's queue), as in PaceSlot. */
  queued(): { target: string; name: string; n: number }[];
}

export function createPacers(options: PacingOptions = {}): WatchedPacers {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const reserve = options.reserve ?? inMemoryReserve(now);
  const shareAfter = options.shareAfter ?? SHARE_AFTER;
  /** When each key is next free, as the reservations answered (this process's view). */
  const free = new Map<string, number>();
  /** Per key and priority: turns in a row that priority had a ready call there and lost. */
  const passedOver = new Map<string, Partial<Record<CallPriority, number>>>();
  const waiting: Waiting[] = [];
  /** The round robin of each priority and set of limits. */
  const lanes = new Map<string, Lane>();
  let seq = 0;
  let running = false;
  /** Wakes the queue from its wait for a slot: a new call may be ready earlier. */
  let arrived: (() => void) | undefined;
  /**
   * The time the queue last slept to. An injected sleep that returned has reached its time, even
   * on a clock that did not move (a test holding the wait), so the slot it waited for is taken.
   */
  let sleptTo = -Infinity;
  const clock = () => Math.max(now(), sleptTo);

  const freeAt = (w: Waiting) => Math.max(-Infinity, ...w.limits.map((l) => free.get(l.key) ?? -Infinity));
  const owed = (w: Waiting) => w.limits.some((l) => (passedOver.get(l.key)?.[w.priority] ?? 0) >= shareAfter);
  const rank = (w: Waiting) => (owed(w) ? -1 : RANK[w.priority]);

  /** Whether `a` is served before `b`: by priority (and share owed), then round, then call order. */
  function before(a: Waiting, b: Waiting): boolean {
    const [ra, rb] = [rank(a), rank(b)];
    if (ra !== rb) return ra < rb;
    const [la, lb] = [a.lane.rounds.lag(a.round), b.lane.rounds.lag(b.round)];
    return la !== lb ? la < lb : a.seq < b.seq;
  }

  function pick(ready: readonly Waiting[]): Waiting {
    let best = ready[0] as Waiting;
    for (const w of ready) if (before(w, best)) best = w;
    return best;
  }

  /** Takes `chosen` out of the queue: its lane's round moves on, and it waits no more. */
  function leave(chosen: Waiting): void {
    waiting.splice(waiting.indexOf(chosen), 1);
    chosen.lane.rounds.served(chosen.round);
    chosen.spot?.done();
    report();
  }

  let reporting = false;
  /**
   * Tells each waiting call that asked how many calls wait ahead of it on a limit it takes: once
   * per burst of changes (a hundred calls joining at once are counted once). Told in the context
   * pacers were made in, as the queue runs, never in the scope of whichever call changed it.
   */
  const places = AsyncResource.bind(() => {
    reporting = false;
    for (const w of waiting) {
      if (!w.spot) continue;
      const keys = new Set(w.limits.map((l) => l.key));
      let ahead = 0;
      for (const x of waiting) if (x !== w && x.limits.some((l) => keys.has(l.key)) && before(x, w)) ahead += 1;
      w.spot.ahead(ahead);
    }
  });
  function report(): void {
    if (reporting) return;
    reporting = true;
    queueMicrotask(places);
  }

  /** Counts a turn lost by each lower priority that was ready on a limit the chosen call takes. */
  function account(chosen: Waiting, ready: readonly Waiting[]): void {
    const taken = new Set(chosen.limits.map((l) => l.key));
    const counted = new Set<string>();
    for (const w of ready) {
      if (RANK[w.priority] <= RANK[chosen.priority]) continue;
      for (const { key } of w.limits) {
        if (!taken.has(key) || counted.has(`${key}\n${w.priority}`)) continue;
        counted.add(`${key}\n${w.priority}`);
        const counts = passedOver.get(key) ?? {};
        counts[w.priority] = (counts[w.priority] ?? 0) + 1;
        passedOver.set(key, counts);
      }
    }
    for (const { key } of chosen.limits) {
      const counts = passedOver.get(key);
      if (counts) counts[chosen.priority] = 0;
    }
  }

  /** Gives each free slot to the call that should have it, until nobody waits. */
  async function run(): Promise<void> {
    running = true;
    try {
      while (waiting.length) {
        const t = clock();
        const ready = waiting.filter((w) => freeAt(w) <= t);
        if (!ready.length) {
          const next = Math.min(...waiting.map(freeAt));
          const slept = await Promise.race([
            sleep(next - t).then(() => true),
            new Promise<boolean>((wake) => (arrived = () => wake(false))),
          ]);
          arrived = undefined;
          if (slept) sleptTo = Math.max(sleptTo, next);
          continue;
        }
        const chosen = pick(ready);
        account(chosen, ready);
        leave(chosen);
        try {
          // One reservation at a time, so a store's slots come back in the order given here.
          let at = t;
          for (const l of chosen.limits) {
            const slot = await reserve(l.key, l.intervalMs);
            free.set(l.key, Math.max(free.get(l.key) ?? -Infinity, slot + l.intervalMs));
            at = Math.max(at, slot);
            const { target, priority } = chosen;
            options.onSlot?.({ target, name: l.name ?? 'unnamed', intervalMs: l.intervalMs, priority });
          }
          chosen.start(at);
        } catch (err) {
          // A failed reservation is its caller's error, and does not hold up the next call.
          chosen.fail(err);
        }
      }
    } finally {
      running = false;
    }
  }
  // The queue runs in the context pacers were made in, never in the first caller's scope.
  const startQueue = AsyncResource.bind(() => void run());

  function laneOf(priority: CallPriority, limits: readonly PaceLimit[]): Lane {
    const key = [priority, ...limits.map((l) => l.key)].join('\n');
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { rounds: new FairRounds() }));
    return lane;
  }

  function turn(limits: readonly PaceLimit[]): Promise<number> {
    return new Promise((start, fail) => {
      const priority = currentPriority();
      const lane = laneOf(priority, limits);
      const round = lane.rounds.join(currentParty());
      const spot = joinQueue();
      waiting.push({ limits, priority, target: currentTarget(), seq: seq++, lane, round, spot, start, fail });
      report();
      arrived?.();
      if (!running) startQueue();
    });
  }

  function pacer(limits: readonly PaceLimit[]): Pacer {
    return async (fn) => {
      const wait = (await turn(limits)) - clock();
      if (wait > 0) await sleep(wait);
      return fn();
    };
  }

  return {
    get: (limits) => pacer([...limits]),
    waiting() {
      const counts: Record<CallPriority, number> = { rerun: 0, person: 0, background: 0 };
      for (const w of waiting) counts[w.priority] += 1;
      return counts;
    },
    queued() {
      const counts = new Map<string, { target: string; name: string; n: number }>();
      for (const w of waiting)
        for (const l of w.limits) {
          const name = l.name ?? 'unnamed';
          const key = `${w.target}\n${name}`;
          const c = counts.get(key) ?? { target: w.target, name, n: 0 };
          c.n += 1;
          counts.set(key, c);
        }
      return [...counts.values()];
    },
  };
}
