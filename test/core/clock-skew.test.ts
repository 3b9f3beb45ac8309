/**
 * Two replicas on one PostgreSQL database, one with its clock 90 s ahead (issue 17: such a replica
 * took over a live call of the other after 20 s, marking it "outcome unknown" although the provider
 * accepted it, and expired a 2-minute request after 34 s). Each replica has its own store (its own
 * pool, as two processes would); the database's clock is a MovableClock standing in for the
 * server's, so the test moves time instead of waiting, and each replica's clock reads it plus its
 * skew. Leases, expiry and follow-ups go by the database's clock; the skewed replica warns once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CoreMetrics } from '../../src/core/ports.ts';
import type { Clock } from '../../src/lib/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { MovableClock } from '../support/clock.ts';
import { TENCENT_CREDS, tencentConfig, testAsker, testCore } from '../support/core.ts';
import { eventually } from '../support/driver.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const LEASE_MS = 30_000;
const TWO_MINUTES = 120_000;
const SKEW_MS = 90_000;

/** What a replica's CoreMetrics were told of its clock. */
class SkewRecorder implements CoreMetrics {
  readonly skews: number[] = [];
  followPolled(): void {}
  timedOut(): void {}
  clockSkew(aheadMs: number): void {
    this.skews.push(aheadMs);
  }
}

describe('two replicas on PostgreSQL, one with its clock 90 s ahead', () => {
  let database: TestDatabase;
  let emu: TencentEmulator;
  /** The database server's clock. */
  let db: MovableClock;
  /** Each test's own schema in the file's database. */
  let schema: string;
  let tests = 0;
  const stores: PostgresStore[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('rerun_skew');
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    db = new MovableClock();
    schema = `skew_${process.pid}_${++tests}`;
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    await emu.close();
  });

  /** A replica: its own store on the shared database, its own clock, 2-minute requests. */
  async function replica(name: string, clock: Clock) {
    const store = await PostgresStore.open({ url: database.url, schema, clock: db });
    stores.push(store);
    const metrics = new SkewRecorder();
    const built = testCore({
      yaml: tencentConfig(emu.url).replace('expiresAfter: 10m', 'expiresAfter: 2m'),
      store,
      clock,
      replica: name,
      leases: { leaseMs: LEASE_MS, renewMs: 10_000, sweepMs: 5_000 },
      follow: { firstMs: [3_000], everyMs: 15_000 },
      metrics,
    });
    return { ...built, store, metrics };
  }
  const ahead = (ms: number): Clock => ({ now: () => new Date(db.now().getTime() + ms) });
  const retries = () => emu.requests.filter((q) => q.headers['x-tc-action'] === 'RetryJobs');

  it('takes over no live call, expires no request early and polls no follow-up early', async () => {
    const a = await replica('a', db);
    const b = await replica('b', ahead(SKEW_MS));
    // Each replica's heartbeat reads the database's clock (as at start).
    await a.core.renewLeases();
    await b.core.renewLeases();

    // Asked at the skewed replica: its expiry is stamped by the database's clock, 2 minutes on.
    emu.addJob('job-twominutes', 'FAILED');
    const asked = await b.core.ask('batch-gz', { job_ids: ['job-twominutes'] }, testAsker);
    if (asked.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(asked)}`);
    const twoMin = asked.request;
    const stamped = Date.parse(twoMin.expiresAt) - db.now().getTime();
    expect(stamped).toBeGreaterThan(TWO_MINUTES - 5_000);
    expect(stamped).toBeLessThanOrEqual(TWO_MINUTES);
    db.advance(34_000);
    expect((await b.core.sweep()).expired).toBe(0);
    expect((await a.store.get(twoMin.id))?.state).toBe('pending');

    // A call of replica A that the provider holds: A's lease on it is live by the database's clock.
    let answer!: () => void;
    emu.inject({
      fault: { kind: 'hold', until: new Promise<void>((resolve) => (answer = resolve)) },
      match: (q) => q.headers['x-tc-action'] === 'RetryJobs',
    });
    emu.addJob('job-inflight', 'FAILED');
    const call = await a.core.ask('batch-gz', { job_ids: ['job-inflight'] }, testAsker);
    if (call.kind !== 'posted') throw new Error(`not posted: ${JSON.stringify(call)}`);
    expect((await a.core.decide(call.request.id, 'U0BOB', 'approve')).ok).toBe(true);
    await eventually(() => retries().length === 1);
    // 20 s on (B's clock reads 110 s past the call): B leaves it alone.
    db.advance(20_000);
    expect((await b.core.sweep()).recovered).toBe(0);
    // A renews by the database's clock; 20 s later the lease is still live, whatever B's clock says.
    await a.core.renewLeases();
    db.advance(20_000);
    expect((await b.core.sweep()).recovered).toBe(0);
    expect((await b.store.get(call.request.id))?.state).toBe('sending');
    answer();
    await eventually(async () => (await b.store.get(call.request.id))?.state === 'accepted');
    expect(retries()).toHaveLength(1);

    // The first poll is due 3 s after acceptance by the database's clock: not before, at B either.
    expect((await b.core.followUps()).polled).toBe(0);
    db.advance(3_000);
    expect((await b.core.followUps()).polled).toBe(1);

    // 77 s after it was asked, the 2-minute request is still open; at 2 minutes it expires.
    expect((await b.core.sweep()).expired).toBe(0);
    db.advance(TWO_MINUTES - 77_000);
    expect((await b.core.sweep()).expired).toBe(1);
    expect((await a.store.get(twoMin.id))?.state).toBe('expired');
    await a.core.idle();
    await b.core.idle();
  });

  it("warns once when a replica's clock is more than 5 s off the database's, sets the metric, and says when it agrees again", async () => {
    let skew = SKEW_MS;
    const a = await replica('a', db);
    const b = await replica('b', { now: () => new Date(db.now().getTime() + skew) });
    const warnings = () =>
      b.logs.lines
        .map((l) => JSON.parse(l) as { level: number; msg: string; aheadMs?: number })
        .filter((l) => l.msg.includes("the store's"));
    for (let beat = 0; beat < 3; beat++) {
      await a.core.renewLeases();
      await b.core.renewLeases();
    }
    expect(a.metrics.skews).toEqual([0, 0, 0]);
    expect(b.metrics.skews.map((ms) => Math.round(ms / 1000))).toEqual([90, 90, 90]);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ level: 40 });
    expect(warnings()[0]?.msg).toContain("this replica's clock is 90 s ahead of the store's");
    expect(a.logs.text()).not.toContain("the store's");

    skew = 0;
    await b.core.renewLeases();
    await b.core.renewLeases();
    expect(b.metrics.skews.at(-1)).toBe(0);
    expect(warnings().slice(1)).toEqual([
      expect.objectContaining({ level: 30, msg: expect.stringContaining("agrees with the store's again") }),
    ]);

    skew = -10_000;
    await b.core.renewLeases();
    expect(Math.round((b.metrics.skews.at(-1) ?? 0) / 1000)).toBe(-10);
    expect(warnings().at(-1)?.msg).toContain("this replica's clock is 10 s behind the store's");
    expect(warnings()).toHaveLength(3);
  });
});
