/**
 * Whose call goes first, on injected time (nothing waits for real): an approved rerun's calls
 * before what a person waits for, before follow-up polls; polls still get their share; each
 * operation's pace is its own; a call under two caps (an API's and the user's across APIs)
 * waits for both. A property test checks the same on random arrivals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPacers, SHARE_AFTER } from '../../src/providers/_shared/pacing.ts';
import { withPriority } from '../../src/providers/_shared/priority.ts';
import type { CallPriority, PaceLimit, Pacers } from '../../src/providers/types.ts';
import { fakeTime, T0 } from '../support/fake-time.ts';

type Time = ReturnType<typeof fakeTime>;

/** Starts a call of `priority` through the pacer of `limits`, noting when it started under `label`. */
function caller(pacers: Pacers, time: Time, started: [string, number][]) {
  return (label: string, priority: CallPriority, limits: readonly PaceLimit[]) =>
    withPriority(priority, () =>
      pacers.get(limits)(async () => {
        started.push([label, time.now() - T0]);
      }),
    );
}

const reads = [{ key: 'cred:DescribeJobs', intervalMs: 500 }];
const reruns = [{ key: 'cred:RetryJobs', intervalMs: 500 }];

describe('pacer priority', () => {
  it('gives a rerun that arrives while 500 polls are queued the very next slot', async () => {
    const time = fakeTime();
    const started: [string, number][] = [];
    const call = caller(createPacers({ now: time.now, sleep: time.sleep }), time, started);
    const polls = Array.from({ length: 500 }, (_, i) => call(`poll${i}`, 'background', reads));
    await time.advance(600); // poll0 at 0, poll1 at 500
    const recheck = call('recheck', 'rerun', reads);
    await time.advance(1000);
    expect(started.slice(0, 4)).toEqual([
      ['poll0', 0],
      ['poll1', 500],
      ['recheck', 1000],
      ['poll2', 1500],
    ]);
    await recheck;
    await time.advance(500 * 500);
    await Promise.all(polls);
    expect(started).toHaveLength(501);
  });

  it('serves an approved rerun first, then what a person waits for, then polls, each in call order', async () => {
    const time = fakeTime();
    const started: [string, number][] = [];
    const call = caller(createPacers({ now: time.now, sleep: time.sleep }), time, started);
    const calls = [
      call('poll-a', 'background', reads), // takes the free slot at once
      call('poll-b', 'background', reads),
      call('preview-a', 'person', reads),
      call('poll-c', 'background', reads),
      call('preview-b', 'person', reads),
      call('recheck', 'rerun', reads),
    ];
    await time.advance(5000);
    await Promise.all(calls);
    expect(started.map(([label]) => label)).toEqual([
      'poll-a',
      'recheck',
      'preview-a',
      'preview-b',
      'poll-b',
      'poll-c',
    ]);
    expect(started.map(([, at]) => at)).toEqual([0, 500, 1000, 1500, 2000, 2500]);
  });

  it(`never starves polls: while people keep the pace busy, a poll takes one turn in ${SHARE_AFTER + 1}`, async () => {
    const time = fakeTime();
    const started: [string, number][] = [];
    const call = caller(createPacers({ now: time.now, sleep: time.sleep }), time, started);
    const people = Array.from({ length: 30 }, (_, i) => call(`preview${i}`, 'person', reads));
    const polls = Array.from({ length: 3 }, (_, i) => call(`poll${i}`, 'background', reads));
    await time.advance(30_000);
    await Promise.all([...people, ...polls]);
    const order = started.map(([label]) => label);
    // preview0 took the free slot before the polls waited; then every fifth turn is a poll's.
    expect(order.indexOf('poll0')).toBe(1 + SHARE_AFTER);
    expect(order.indexOf('poll1')).toBe(2 * (1 + SHARE_AFTER));
    expect(order.indexOf('poll2')).toBe(3 * (1 + SHARE_AFTER));
  });

  it("keeps each operation's pace apart: a rerun call does not wait for the reads' queue", async () => {
    const time = fakeTime();
    const started: [string, number][] = [];
    const call = caller(createPacers({ now: time.now, sleep: time.sleep }), time, started);
    const polls = Array.from({ length: 10 }, (_, i) => call(`poll${i}`, 'background', reads));
    await time.advance(10);
    const retries = [call('retry0', 'rerun', reruns), call('retry1', 'rerun', reruns)];
    await time.advance(10_000);
    await Promise.all([...polls, ...retries]);
    expect(started.filter(([l]) => l.startsWith('retry'))).toEqual([
      ['retry0', 10],
      ['retry1', 510],
    ]);
    expect(started.filter(([l]) => l.startsWith('poll')).map(([, at]) => at)).toEqual(
      Array.from({ length: 10 }, (_, i) => 500 * i),
    );
  });

  it("waits for both caps at once: each API's own and the user's across APIs", async () => {
    const time = fakeTime();
    const started: [string, number][] = [];
    const call = caller(createPacers({ now: time.now, sleep: time.sleep }), time, started);
    const user = { key: 'user', intervalMs: 100 };
    // The retry API is stricter than the user's cap here (a company quota of 1/s, say).
    const list = [{ key: 'list', intervalMs: 100 }, user];
    const retry = [{ key: 'retry', intervalMs: 1000 }, user];
    const calls = [
      ...Array.from({ length: 3 }, (_, i) => call(`retry${i}`, 'rerun', retry)),
      ...Array.from({ length: 8 }, (_, i) => call(`list${i}`, 'background', list)),
    ];
    await time.advance(10_000);
    await Promise.all(calls);
    const at = (prefix: string) => started.filter(([l]) => l.startsWith(prefix)).map(([, t]) => t);
    // Retries take their own pace, first whenever it is free; the lists fill the user's slots between.
    expect(at('retry')).toEqual([0, 1000, 2000]);
    expect(at('list')).toEqual([100, 200, 300, 400, 500, 600, 700, 800]);
    const all = started.map(([, t]) => t).sort((a, b) => a - b);
    for (let i = 1; i < all.length; i++) expect(all[i]! - all[i - 1]!).toBeGreaterThanOrEqual(100);
  });
});

describe('pacer priority, on random arrivals', () => {
  const INTERVAL = 100;
  const arrival = fc.record({
    at: fc.integer({ min: 0, max: 1500 }),
    priority: fc.constantFrom<CallPriority>('rerun', 'person', 'background'),
  });

  it('keeps the pace, serves each priority in call order, starts a lone rerun within 3 slots and never starves polls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arrival, { minLength: 30, maxLength: 80 }), async (arrivals) => {
        const time = fakeTime();
        const pacers = createPacers({ now: time.now, sleep: time.sleep });
        const limits = [{ key: 'cred:op', intervalMs: INTERVAL }];
        const sorted = arrivals.map((a, i) => ({ ...a, i })).sort((a, b) => a.at - b.at || a.i - b.i);
        const starts = new Map<number, number>();
        /** Per call: how many calls had started when it was made, and its own place among the starts. */
        const before = new Map<number, number>();
        const place = new Map<number, number>();
        const calls: Promise<unknown>[] = [];
        let t = 0;
        for (const a of sorted) {
          await time.advance(a.at - t);
          t = a.at;
          before.set(a.i, starts.size);
          calls.push(
            withPriority(a.priority, () =>
              pacers.get(limits)(async () => {
                place.set(a.i, starts.size);
                starts.set(a.i, time.now() - T0);
              }),
            ),
          );
        }
        await time.advance(arrivals.length * INTERVAL + 1000);
        await Promise.all(calls);
        // Every call ran, the interval apart.
        expect(starts.size).toBe(arrivals.length);
        const times = [...starts.values()].sort((a, b) => a - b);
        for (let k = 1; k < times.length; k++) expect(times[k]! - times[k - 1]!).toBeGreaterThanOrEqual(INTERVAL);
        for (const p of ['rerun', 'person', 'background'] as const) {
          // Each priority in call order.
          const mine = sorted.filter((a) => a.priority === p).map((a) => starts.get(a.i)!);
          expect(mine).toEqual([...mine].sort((a, b) => a - b));
        }
        let lastRerun = -1;
        let lastPoll = -1;
        for (const a of sorted) {
          const mine = place.get(a.i)!;
          // Turns others took after this call was made, before its own.
          const ahead = mine - before.get(a.i)!;
          if (a.priority === 'rerun' && lastRerun < before.get(a.i)!)
            // No other rerun waiting: at most two owed turns (a person's, a poll's) before it.
            expect(ahead).toBeLessThanOrEqual(2);
          if (a.priority === 'background') {
            // From when it heads the polls' queue: at most SHARE_AFTER turns lost before it is
            // owed one, and one more to an owed person's call made earlier.
            const head = Math.max(before.get(a.i)!, lastPoll + 1);
            expect(mine - head).toBeLessThanOrEqual(SHARE_AFTER + 1);
            lastPoll = mine;
          }
          if (a.priority === 'rerun') lastRerun = Math.max(lastRerun, mine);
        }
      }),
      { numRuns: 150 },
    );
  });
});
