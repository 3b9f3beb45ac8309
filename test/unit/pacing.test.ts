/**
 * The pacer on its own, with an injected clock and sleep (nothing waits for real): slots of one
 * key start at least the interval apart and in call order, two replicas sharing one `reserve`
 * (the store) never share a slot, and the call runs in its caller's async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { withTarget } from '../../src/providers/_shared/call-target.ts';
import { createPacers, inMemoryReserve, type PaceSlot, type Reserve } from '../../src/providers/_shared/pacing.ts';
import { withPriority } from '../../src/providers/_shared/priority.ts';

import { fakeTime, settle, T0 } from '../support/fake-time.ts';

describe('pacer', () => {
  it('starts the first call at once and the next ones the interval apart', async () => {
    const time = fakeTime();
    const pace = createPacers({ now: time.now, sleep: time.sleep }).get([{ key: 'cred', intervalMs: 100 }]);
    const started: number[] = [];
    const calls = [1, 2, 3].map((n) =>
      pace(async () => {
        started.push(time.now());
        return n;
      }),
    );
    await time.advance(1000);
    expect(await Promise.all(calls)).toEqual([1, 2, 3]);
    expect(started).toEqual([T0, T0 + 100, T0 + 200]);
    // The queue waits for each slot in turn (and only it: the calls wait for their turn).
    expect(time.slept).toEqual([100, 100]);
  });

  it('does not wait after a quiet spell longer than the interval', async () => {
    const time = fakeTime();
    const pace = createPacers({ now: time.now, sleep: time.sleep }).get([{ key: 'cred', intervalMs: 100 }]);
    await pace(async () => undefined);
    await time.advance(250);
    const started: number[] = [];
    const calls = [pace(async () => started.push(time.now())), pace(async () => started.push(time.now()))];
    await time.advance(1000);
    await Promise.all(calls);
    expect(started).toEqual([T0 + 250, T0 + 350]);
    expect(time.slept).toEqual([100]);
  });

  it('runs calls in call order, asking the store for one slot at a time even when it answers out of order', async () => {
    const time = fakeTime();
    const shared = inMemoryReserve(time.now);
    const pending: (() => void)[] = [];
    let asked = 0;
    const slowStore: Reserve = (key, intervalMs) => {
      asked += 1;
      return new Promise((resolve) => pending.push(() => resolve(shared(key, intervalMs))));
    };
    const pace = createPacers({ reserve: slowStore, now: time.now, sleep: time.sleep }).get([
      { key: 'cred', intervalMs: 100 },
    ]);
    const order: number[] = [];
    const calls = [0, 1, 2, 3, 4].map((n) => pace(async () => order.push(n)));
    let mostInFlight = 0;
    while (order.length < 5) {
      await time.advance(10);
      mostInFlight = Math.max(mostInFlight, pending.length);
      // The store answers the latest question first: with one in flight at a time, there is only one.
      pending.pop()?.();
    }
    await Promise.all(calls);
    expect(asked).toBe(5);
    expect(mostInFlight).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('never gives two replicas sharing one reserve the same slot, however their calls interleave', async () => {
    const time = fakeTime();
    const store = inMemoryReserve(time.now); // stands for the store's reservePace, shared by both
    const replicas = [1, 2].map(() => createPacers({ reserve: store, now: time.now, sleep: time.sleep }));
    const started: { replica: number; at: number }[] = [];
    const calls = Array.from({ length: 10 }, (_, i) =>
      replicas[i % 2]?.get([{ key: 'cred', intervalMs: 100 }])(async () => {
        started.push({ replica: i % 2, at: time.now() });
      }),
    );
    await time.advance(2000);
    await Promise.all(calls);
    const starts = started.map((s) => s.at);
    expect(starts).toEqual(Array.from({ length: 10 }, (_, i) => T0 + 100 * i));
    expect(new Set(started.map((s) => s.replica))).toEqual(new Set([0, 1]));
  });

  it('shows why the store is needed: two replicas with their own memory would call together', async () => {
    const time = fakeTime();
    const replicas = [1, 2].map(() => createPacers({ now: time.now, sleep: time.sleep }));
    const started: number[] = [];
    const calls = replicas.map((r) => r.get([{ key: 'cred', intervalMs: 100 }])(async () => started.push(time.now())));
    await time.advance(1000);
    await Promise.all(calls);
    expect(started).toEqual([T0, T0]);
  });

  it('keeps one pace per key in memory by default: other keys are not held up', async () => {
    const time = fakeTime();
    const pacers = createPacers({ now: time.now, sleep: time.sleep });
    const started: [string, number][] = [];
    const call = (key: string) => pacers.get([{ key, intervalMs: 100 }])(async () => started.push([key, time.now()]));
    const calls = [call('a'), call('b'), call('a'), call('b')];
    await time.advance(1000);
    await Promise.all(calls);
    expect(started).toEqual([
      ['a', T0],
      ['b', T0],
      ['a', T0 + 100],
      ['b', T0 + 100],
    ]);
  });

  it('gives a failed reservation to its caller, without calling it, and does not hold up the next call', async () => {
    const time = fakeTime();
    const memory = inMemoryReserve(time.now);
    let failures = 1;
    const flaky: Reserve = async (key, intervalMs) => {
      if (failures-- > 0) throw new Error('store unreachable');
      return memory(key, intervalMs);
    };
    const pace = createPacers({ reserve: flaky, now: time.now, sleep: time.sleep }).get([
      { key: 'cred', intervalMs: 100 },
    ]);
    let ran = 0;
    const first = pace(async () => (ran += 1)).then(
      () => 'ran',
      (err: Error) => err.message,
    );
    const second = pace(async () => (ran += 1));
    await time.advance(1000);
    expect(await first).toBe('store unreachable');
    expect(await second).toBe(1);
    expect(ran).toBe(1);
  });

  it("runs each call in its caller's async context, also after waiting for its slot", async () => {
    const time = fakeTime();
    const als = new AsyncLocalStorage<string>();
    const pace = createPacers({ now: time.now, sleep: time.sleep }).get([{ key: 'cred', intervalMs: 60_000 }]);
    const seen: [string, string | undefined][] = [];
    const a = als.run('A', () => pace(async () => seen.push(['A', als.getStore()])));
    const b = als.run('B', () => pace(async () => seen.push(['B', als.getStore()])));
    await settle();
    expect(seen).toEqual([['A', 'A']]);
    expect(time.sleeping()).toBe(1); // B waits for its slot
    await time.advance(60_000); // woken from here, outside both contexts
    await Promise.all([a, b]);
    expect(seen).toEqual([
      ['A', 'A'],
      ['B', 'B'],
    ]);
  });

  it('tells of each slot taken: the target, the limit by its name (never its key, which names a credential), the priority', async () => {
    const time = fakeTime();
    const slots: PaceSlot[] = [];
    const pacers = createPacers({ now: time.now, sleep: time.sleep, onSlot: (s) => slots.push(s) });
    const pace = pacers.get([
      { key: 'AKIDSECRETISH:DescribeJobs', intervalMs: 500, name: 'DescribeJobs' },
      { key: 'AKIDSECRETISH:perUser', intervalMs: 100 },
    ]);
    const calls = [
      withTarget('batch-gz', () => withPriority('background', () => pace(async () => 1))),
      withTarget('batch-sh', () => pace(async () => 2)),
    ];
    await time.advance(1000);
    expect(await Promise.all(calls)).toEqual([1, 2]);
    expect(slots).toEqual([
      { target: 'batch-gz', name: 'DescribeJobs', intervalMs: 500, priority: 'background' },
      { target: 'batch-gz', name: 'unnamed', intervalMs: 100, priority: 'background' },
      { target: 'batch-sh', name: 'DescribeJobs', intervalMs: 500, priority: 'person' },
      { target: 'batch-sh', name: 'unnamed', intervalMs: 100, priority: 'person' },
    ]);
    expect(JSON.stringify(slots)).not.toContain('AKID');
  });

  it("shows each pacer's queue by target and limit name", async () => {
    const time = fakeTime();
    const pacers = createPacers({ now: time.now, sleep: time.sleep });
    const pace = pacers.get([{ key: 'AKIDSECRETISH:DescribeJobs', intervalMs: 100, name: 'DescribeJobs' }]);
    const calls = [1, 2, 3].map((n) => withTarget(n === 3 ? 'batch-sh' : 'batch-gz', () => pace(async () => n)));
    await settle();
    expect(pacers.queued()).toEqual([
      { target: 'batch-gz', name: 'DescribeJobs', n: 1 },
      { target: 'batch-sh', name: 'DescribeJobs', n: 1 },
    ]);
    await time.advance(1000);
    expect(await Promise.all(calls)).toEqual([1, 2, 3]);
    expect(pacers.queued()).toEqual([]);
  });
});
