/**
 * A hundred people at once on one credential's read allowance, on injected time (nothing waits
 * for real): within a priority the calls are served round robin by person, so one with a single
 * preview is never behind another's many; an approved rerun still takes the next slot and polls
 * still get their share; and a call that asks is told how many calls wait ahead of it, a number
 * that is right when told and only goes down (unless a rerun comes in ahead, which it says).
 */
import { describe, expect, it } from 'vitest';
import { withAsking } from '../../src/providers/_shared/asking.ts';
import { createPacers, SHARE_AFTER } from '../../src/providers/_shared/pacing.ts';
import { withPriority } from '../../src/providers/_shared/priority.ts';
import type { CallPriority, Pacers } from '../../src/providers/types.ts';
import { fakeTime, T0 } from '../support/fake-time.ts';

type Time = ReturnType<typeof fakeTime>;

const INTERVAL = 500;
const reads = [{ key: 'cred:DescribeJobs', intervalMs: INTERVAL, name: 'DescribeJobs' }];

/** What each call is told of its place (`told`) and when it starts (`started`, in order). */
function callers(pacers: Pacers, time: Time) {
  const started: { label: string; at: number }[] = [];
  const told = new Map<string, number[]>();
  const call = (label: string, priority: CallPriority, party?: string) =>
    withAsking(
      {
        ...(party ? { party } : {}),
        queued: (ahead) => told.set(label, [...(told.get(label) ?? []), ahead]),
      },
      () =>
        withPriority(priority, () =>
          pacers.get(reads)(async () => {
            started.push({ label, at: time.now() - T0 });
          }),
        ),
    );
  return { started, told, call, order: () => started.map((s) => s.label) };
}

const HEAVY = 5;
const EACH = 12;
const SINGLE = 40;
const heavy = (p: number, i: number) => `H${p}#${i}`;
const single = (s: number) => `S${s}`;

describe('pacer, fair among people', () => {
  it(`serves ${HEAVY * EACH + SINGLE} previews of ${HEAVY + SINGLE} people round robin, a rerun first and polls their share`, async () => {
    const time = fakeTime();
    const { call, order, started } = callers(createPacers({ now: time.now, sleep: time.sleep }), time);
    const calls: Promise<unknown>[] = [];
    // The five people with twelve previews each ask first, then forty people with one each.
    for (let p = 0; p < HEAVY; p++) for (let i = 0; i < EACH; i++) calls.push(call(heavy(p, i), 'person', `U${p}`));
    for (let s = 0; s < SINGLE; s++) calls.push(call(single(s), 'person', `US${s}`));
    for (let i = 0; i < 3; i++) calls.push(call(`poll${i}`, 'background'));
    await time.advance(600);
    // An approved rerun's re-check, asked while all of it waits.
    calls.push(call('recheck', 'rerun', 'U-approver'));
    await time.advance(120 * INTERVAL);
    await Promise.all(calls);

    // Round robin: each person's first, in the order they asked, then one of each heavy asker per
    // round. Nobody with one preview waits behind anyone's second.
    const persons = order().filter((l) => l.startsWith('H') || l.startsWith('S'));
    const expected = [
      ...Array.from({ length: HEAVY }, (_, p) => heavy(p, 0)),
      ...Array.from({ length: SINGLE }, (_, s) => single(s)),
      ...Array.from({ length: EACH - 1 }, (_, i) => Array.from({ length: HEAVY }, (_, p) => heavy(p, i + 1))).flat(),
    ];
    expect(persons).toEqual(expected);
    const lastSingle = order().indexOf(single(SINGLE - 1));
    // First come first served would have put the last one-preview person behind all 60 others.
    expect(lastSingle).toBeLessThan(HEAVY + SINGLE + 2 + 3);

    // The re-check took the first slot after it was asked (at 1 s), ahead of every preview.
    expect(started.find((s) => s.label === 'recheck')?.at).toBe(2 * INTERVAL);
    // The polls keep one turn in SHARE_AFTER + 1 (they joined after the first preview's slot).
    expect(['poll0', 'poll1', 'poll2'].map((p) => order().indexOf(p))).toEqual([
      1 + SHARE_AFTER,
      2 * (1 + SHARE_AFTER),
      3 * (1 + SHARE_AFTER),
    ]);
    // One slot per interval, none skipped.
    expect(started.map((s) => s.at)).toEqual(started.map((_, i) => i * INTERVAL));
  });

  it('tells each waiting call how many calls are ahead: right when told, then only fewer, then 0', async () => {
    const time = fakeTime();
    const { call, order, told } = callers(createPacers({ now: time.now, sleep: time.sleep }), time);
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 10; i++) calls.push(call(heavy(0, i), 'person', 'U0'));
    for (let s = 0; s < 20; s++) calls.push(call(single(s), 'person', `US${s}`));
    await time.advance(10);
    // Told on joining: as many as are served before it (H0#0 took the free slot before anyone
    // waited, and nothing joins ahead later); S0 is next and waits behind nobody: told nothing.
    const served = order().length;
    expect(served).toBe(1);
    expect(told.get(heavy(0, 0))).toBeUndefined();
    expect(told.get(single(0))).toBeUndefined();
    expect(told.get(single(1))?.[0]).toBe(1);
    expect(told.get(single(19))?.[0]).toBe(19);
    // H0's second comes after each of the twenty one-call people.
    expect(told.get(heavy(0, 1))?.[0]).toBe(20);
    expect(told.get(heavy(0, 9))?.[0]).toBe(28);

    await time.advance(40 * INTERVAL);
    await Promise.all(calls);
    const final = order();
    for (const [label, numbers] of told) {
      // The first number is the calls started after it joined and before it.
      expect(numbers[0]).toBe(final.indexOf(label) - 1);
      // Then one fewer at each slot, down to 0 when its own turn comes.
      expect(numbers).toEqual(Array.from({ length: (numbers[0] ?? 0) + 1 }, (_, k) => (numbers[0] ?? 0) - k));
    }
    expect(told.size).toBe(28);
  });

  it('says so when an approved rerun joins ahead: one more, then fewer again', async () => {
    const time = fakeTime();
    const { call, told, order } = callers(createPacers({ now: time.now, sleep: time.sleep }), time);
    const calls = Array.from({ length: 5 }, (_, s) => call(single(s), 'person', `US${s}`));
    await time.advance(INTERVAL + 10); // S0 at 0, S1 at 500
    expect(told.get(single(4))).toEqual([3, 2]);
    calls.push(call('recheck', 'rerun'));
    await time.advance(10 * INTERVAL);
    await Promise.all(calls);
    expect(order()).toEqual(['S0', 'S1', 'recheck', 'S2', 'S3', 'S4']);
    expect(told.get(single(4))).toEqual([3, 2, 3, 2, 1, 0]);
    // The rerun waited for the slot, behind nobody: told nothing.
    expect(told.get('recheck')).toBeUndefined();
  });
});
