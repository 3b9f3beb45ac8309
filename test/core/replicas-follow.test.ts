/**
 * A storm's follow-ups with two replicas on one PostgreSQL database (issue 18, item 5): each
 * replica has its own store (its own pool, as two processes would) and its own pacers, whose
 * slots are reserved in the database (`reservePace`), so together they keep Batch's allowance of
 * DescribeJobs; each due follow-up is read by one replica at a time (its lease); every request
 * gets exactly one final reply. One Tencent emulator, and one test clock shared by the database,
 * both replicas and the emulator: it moves only when the test moves it, to the next pace slot or
 * tick, once everything woken before has had its turn, so a slot's call reaches the emulator at
 * the slot's time, as a real clock would see it.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/compose.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import type { Pacers } from '../../src/providers/types.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { StoppedClock } from '../support/clock.ts';
import { TENCENT_CREDS, tencentConfig, testCore, type RecordingNotifier } from '../support/core.ts';
import { followedRequest } from '../support/followed.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

/** Followed reruns: two DescribeJobs calls of up to 100 ids per read of them all. */
const N = 150;
const EVERY_MS = 5_000;
/** How often each replica looks for due follow-ups, in test time. */
const TICK_MS = 500;
const job = (i: number) => `job-rep${String(i).padStart(4, '0')}`;

/** Sleeps on the test's clock: each wakes once the test has moved the clock to its end. */
class DrivenTime {
  private readonly sleepers: { at: number; wake: () => void }[] = [];
  constructor(readonly clock: StoppedClock) {}

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      if (ms <= 0) wake();
      else this.sleepers.push({ at: this.clock.now().getTime() + ms, wake });
    });

  /** Moves the clock to the next wake-up (a sleeper's, or `by` on at most), waking what is due. */
  step(by: number): void {
    const now = this.clock.now().getTime();
    const next = Math.min(now + by, ...this.sleepers.map((s) => s.at));
    this.clock.advance(next - now);
    for (const s of this.sleepers.filter((x) => x.at <= next)) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.wake();
    }
  }
}

/** Store operations, and paced provider calls past their slot, under way at both replicas. */
let storeBusy = 0;
let callsBusy = 0;

/** `store`, counting its operations under way in `storeBusy`. */
function counted(store: PostgresStore): PostgresStore {
  return new Proxy(store, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const out: unknown = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        storeBusy++;
        return out.finally(() => storeBusy--);
      };
    },
  });
}

/**
 * Lets what was woken run to its next wait: until no store operation and no provider call has
 * been under way for a few looks in a row.
 */
async function settle(): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    await new Promise((r) => setTimeout(r, 5));
    quiet = storeBusy === 0 && callsBusy === 0 ? quiet + 1 : 0;
  }
}

describe('two replicas on PostgreSQL following a storm on one Tencent credential', () => {
  let database: TestDatabase;
  let emu: TencentEmulator;
  let db: StoppedClock;
  let time: DrivenTime;
  let schema: string;
  let tests = 0;
  const stores: PostgresStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('rerun_replicas_follow');
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    db = new StoppedClock();
    time = new DrivenTime(db);
    emu = await startTencentEmulator(TENCENT_CREDS, { now: () => db.now().getTime() });
    schema = `follow_${process.pid}_${++tests}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await emu.close();
  });

  /** The job ids in each replica's batched reads under way, to see that none is read by both at once. */
  const reading = new Map<string, string>();
  const overlaps: string[] = [];
  const reads: Record<string, number> = {};

  async function replica(name: string, landed: Map<string, string[]>) {
    const opened = await PostgresStore.open({ url: database.url, schema, clock: db });
    stores.push(opened);
    const store = counted(opened);
    const paced = createPacers({
      now: () => db.now().getTime(),
      reserve: (key, intervalMs) => store.reservePace(key, intervalMs, db.now()),
      sleep: time.sleep,
    });
    // Each call counted from its slot to its answer: the clock stands still meanwhile.
    const pacers: Pacers = {
      get: (limits) => {
        const pacer = paced.get(limits);
        return (fn) =>
          pacer(async () => {
            callsBusy++;
            try {
              return await fn();
            } finally {
              callsBusy--;
            }
          });
      },
    };
    const built = testCore({
      yaml: tencentConfig(emu.url),
      store,
      clock: db,
      providerClock: db,
      replica: name,
      landed,
      follow: { tickMs: TICK_MS, firstMs: [EVERY_MS], everyMs: EVERY_MS },
      pacers,
      session: (session) => ({
        ...session,
        statusMany: async (queries, call) => {
          const ids = queries.flatMap((q) => (q.params as { job_ids: string[] }).job_ids);
          for (const id of ids) {
            const other = reading.get(id);
            if (other !== undefined) overlaps.push(`${id}: ${other} and ${name}`);
            reading.set(id, name);
          }
          reads[name] = (reads[name] ?? 0) + 1;
          try {
            return await session.statusMany(queries, call);
          } finally {
            for (const id of ids) reading.delete(id);
          }
        },
      }),
    });
    return { ...built, store };
  }

  it('reads each due follow-up at one replica at a time, keeps DescribeJobs within Batch allowance together, and replies once each', async () => {
    const landed = new Map<string, string[]>();
    const a = await replica('a', landed);
    const b = await replica('b', landed);
    const start = db.now().getTime();
    for (let i = 0; i < N; i++) {
      emu.addJob(job(i), 'RUNNING');
      await a.store.insert(followedRequest(i, job(i), start, `1700000000.${String(i).padStart(6, '0')}`));
    }

    /** Runs both replicas' follow timers on test time until `done`, or `limitMs` of test time. */
    const ticks: Promise<unknown>[] = [];
    async function run(limitMs: number, done: () => boolean): Promise<void> {
      const until = db.now().getTime() + limitMs;
      let nextTick = db.now().getTime();
      const tick = (core: Core) => ticks.push(core.followUps());
      while (!done() && db.now().getTime() < until) {
        if (db.now().getTime() >= nextTick) {
          tick(a.core);
          tick(b.core);
          nextTick += TICK_MS;
        }
        await settle();
        time.step(nextTick - db.now().getTime());
      }
    }
    const notifiers: RecordingNotifier[] = [a.notifier, b.notifier];
    const replied = () => notifiers.flatMap((n) => n.replies.map((r) => r.request.id));

    // Followed a while: both replicas read, every request is polled, nothing ends.
    await run(30_000, () => false);
    expect(replied()).toEqual([]);
    expect(reads['a']).toBeGreaterThan(0);
    expect(reads['b']).toBeGreaterThan(0);
    const followed = await a.store.dueFollowUps(1_000, 3_600_000);
    expect(followed).toHaveLength(N);
    expect(followed.every((r) => r.follow?.phase === 'running' && r.follow.polls >= 3)).toBe(true);

    // Every job ends at one moment; each request is read by one replica and replies once, soon.
    const endedAt = db.now().getTime();
    for (let i = 0; i < N; i++) emu.finish(job(i), 'SUCCEED');
    await run(60_000, () => replied().length >= N);
    expect(db.now().getTime() - endedAt).toBeLessThanOrEqual(30_000);
    await run(3 * EVERY_MS, () => false);
    await settle();
    await Promise.all(ticks);

    const ids = replied();
    expect(new Set(ids).size).toBe(N);
    expect(ids).toHaveLength(N);
    expect(overlaps).toEqual([]);
    // Together they kept DescribeJobs within its 2 calls a second: the emulator refused none.
    expect(emu.throttled).toEqual([]);
    const described = emu.describedIds;
    expect(described.length).toBeGreaterThan(0);
    expect(described.every((c) => c.length <= 100)).toBe(true);
  }, 120_000);
});
