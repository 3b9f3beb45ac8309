/**
 * The request's lifecycle as a table: every state (with the job's phases after an accepted call)
 * × every event. An allowed event leads to the state the table names; any other is refused by the
 * lifecycle, and then nothing is stored. Each cell runs through a real SQLite store's conditional
 * update, as the use cases do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approve,
  breakGlass,
  approversOf,
  cancel,
  claim,
  expire,
  orNothing,
  planNudges,
  publish,
  recordNudge,
  remindersPlanned,
  reject,
  REQUEST_STATES,
  review,
  timeOut,
  timeoutDecision,
  type Follow,
  type Step,
} from '../../src/core/model/lifecycle.ts';
import {
  markReplied,
  markReplying,
  markReplyLost,
  recordOutcome,
  recordPoll,
  recoverCall,
  replyUnsure,
  retakeReply,
  startFollowing,
  stopWatching,
} from '../../src/core/model/following.ts';
import type { RerunRequest } from '../../src/core/model/request.ts';
import type { RerunOutcome } from '../../src/providers/types.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { iso, requestAt } from '../store/sample.ts';

const msg = { id: 'stored.text', params: { text: 'x' } };
const outcome = (status: RerunOutcome['status'], calls: number): RerunOutcome => ({
  status,
  items: [],
  message: msg,
  calls,
});
const plan = { firstPollAt: iso(13_000), until: iso(3_600_000) };
const running = { items: [{ id: 'job-rybewp57', state: 'RUNNING', terminal: false }], terminal: false };
const failedAgain = {
  items: [{ id: 'job-rybewp57', state: 'FAILED', terminal: true, result: 'failed' as const }],
  terminal: true,
};

/** A followed job: running, or ended with its final reply in `reply`. */
function follow(phase: 'running' | Follow['phase'], reply?: Extract<Follow, { phase: 'ended' }>['reply']): Follow {
  const common = { startedAt: iso(10_000), until: iso(3_600_000), polls: 1 };
  if (phase === 'running') return { ...common, phase: 'running', nextAt: iso(20_000) };
  return {
    ...common,
    phase: 'ended',
    end: 'succeeded',
    at: iso(30_000),
    reply: reply ?? { state: 'due', failures: 0 },
    ...(reply && reply.state !== 'due' && reply.state !== 'giving' ? {} : { nextAt: iso(30_000) }),
  };
}

const approval = (userId: string) => ({ userId, kind: 'approve' as const, at: iso(5_000) });
const published = { kind: 'slack', channel: 'C0INCIDENT', ts: '1.1' };
const sent = {
  decisions: [approval('U0BOB'), approval('U0DAVE')],
  execution: { startedAt: iso(6_000), finishedAt: iso(10_000), outcome: outcome('accepted', 1) },
};

/** Every stage of the lifecycle, as a request in it (two approvals needed; expiry at 60 s). */
const STAGES: Record<string, Partial<RerunRequest>> = {
  pending: {},
  'pending+1': { published, decisions: [approval('U0BOB')] },
  'pending+2': { published, decisions: [approval('U0BOB'), approval('U0DAVE')] },
  sending: { published, state: 'sending', decisions: sent.decisions, execution: { startedAt: iso(6_000) } },
  accepted: { published, state: 'accepted', ...sent },
  'accepted/running': { published, state: 'accepted', ...sent, follow: follow('running') },
  'partial/running': {
    published,
    state: 'partial',
    ...sent,
    execution: { ...sent.execution, outcome: outcome('partial', 1) },
    follow: follow('running'),
  },
  refused: { published, state: 'refused', ...sent, execution: { ...sent.execution, outcome: outcome('rejected', 1) } },
  'not-sent': {
    published,
    state: 'not-sent',
    ...sent,
    execution: { ...sent.execution, outcome: outcome('rejected', 0) },
  },
  unknown: { published, state: 'unknown', ...sent, execution: { ...sent.execution, outcome: outcome('unknown', 1) } },
  rejected: { published, state: 'rejected', decisions: [{ userId: 'U0CAROL', kind: 'reject', at: iso(5_000) }] },
  cancelled: { published, state: 'cancelled', decisions: [{ userId: 'U0ALICE', kind: 'cancel', at: iso(5_000) }] },
  expired: { published, state: 'expired' },
  // Waiting with reminders at 10 s and 20 s and the escalation at 15 s (the cells' policy): none
  // given yet, the first reminder given, and the escalation given after it.
  'pending/nudge 0': { published, nudges: { reminded: 0, escalated: false, nextAt: iso(10_000) } },
  'pending/nudge 1': { published, nudges: { reminded: 1, escalated: false, nextAt: iso(15_000) } },
  'pending/nudge 1e': { published, nudges: { reminded: 1, escalated: true, nextAt: iso(20_000) } },
  'accepted/succeeded:due': { published, state: 'accepted', ...sent, follow: follow('ended') },
  'accepted/succeeded:giving': {
    published,
    state: 'accepted',
    ...sent,
    follow: follow('ended', { state: 'giving', at: iso(30_000), by: 'A', failures: 0 }),
  },
  'accepted/succeeded:given': {
    published,
    state: 'accepted',
    ...sent,
    follow: follow('ended', { state: 'given', at: iso(31_000) }),
  },
  'accepted/succeeded:lost': {
    published,
    state: 'accepted',
    ...sent,
    follow: follow('ended', { state: 'lost', at: iso(31_000) }),
  },
  // Break-glass (issue 19 item 3): the requester's own approval claimed the request, then reviewed.
  'sending+glass': {
    published,
    state: 'sending',
    decisions: [approval('U0ALICE')],
    execution: { startedAt: iso(6_000) },
    breakGlass: { by: 'U0ALICE', at: iso(6_000), reason: 'INC-1' },
  },
  'accepted+glass+reviewed/running': {
    published,
    state: 'accepted',
    ...sent,
    follow: follow('running'),
    breakGlass: { by: 'U0ALICE', at: iso(6_000), reason: 'INC-1', review: { by: 'U0BOB', at: iso(9_000) } },
  },
};

type Event = (r: RerunRequest) => Step<RerunRequest>;

const EVENTS: Record<string, Event> = {
  publish: (r) => publish(r, { kind: 'slack', channel: 'C0INCIDENT', ts: '9.9' }),
  'approve (bob)': (r) => approve(r, 'U0BOB', iso(10_000)),
  'approve (erin)': (r) => approve(r, 'U0ERIN', iso(10_000)),
  'approve after expiry': (r) => approve(r, 'U0ERIN', iso(120_000)),
  claim: (r) => claim(r, iso(10_000)),
  reject: (r) => reject(r, 'U0CAROL', iso(10_000)),
  cancel: (r) => cancel(r, 'U0ALICE', iso(10_000)),
  expire: (r) => expire(r, iso(120_000)),
  'expire early': (r) => expire(r, iso(10_000)),
  'time out: reject': (r) => timeOut(withTimeout(r, 'reject'), iso(120_000)),
  'time out: approve': (r) => timeOut(withTimeout(r, 'approve'), iso(120_000)),
  'time out early: approve': (r) => timeOut(withTimeout(r, 'approve'), iso(10_000)),
  'remind 1 (10 s)': (r) => recordNudge(r, { kind: 'reminder', n: 1 }, iso(10_000)),
  'remind 1 early (9 s)': (r) => recordNudge(r, { kind: 'reminder', n: 1 }, iso(9_000)),
  'escalate (15 s)': (r) => recordNudge(r, { kind: 'escalation' }, iso(15_000)),
  'remind 2 (20 s)': (r) => recordNudge(r, { kind: 'reminder', n: 2 }, iso(20_000)),
  'outcome: accepted': (r) => recordOutcome(r, outcome('accepted', 1), iso(10_000), {}, plan),
  'outcome: partial': (r) => recordOutcome(r, outcome('partial', 2), iso(10_000), {}, plan),
  'outcome: refused': (r) => recordOutcome(r, outcome('rejected', 1), iso(10_000), {}, plan),
  'outcome: nothing sent': (r) => recordOutcome(r, outcome('rejected', 0), iso(10_000), {}, plan),
  'outcome: unknown': (r) => recordOutcome(r, outcome('unknown', 1), iso(10_000), {}, plan),
  'recover: was sent': (r) => recoverCall(r, true, msg, iso(60_000)),
  'recover: not sent': (r) => recoverCall(r, false, msg, iso(60_000)),
  'start following': (r) => startFollowing(r, iso(10_000), plan),
  'poll: running': (r) => recordPoll(r, { at: iso(20_000), status: running }, iso(35_000)),
  'poll: failed again': (r) => recordPoll(r, { at: iso(20_000), status: failedAgain }, iso(35_000)),
  'poll: unreadable': (r) => recordPoll(r, { at: iso(20_000), error: msg }, iso(35_000)),
  'stop watching': (r) => stopWatching(r, iso(3_600_000)),
  'mark replying (A)': (r) => markReplying(r, iso(40_000), 'A'),
  'mark replied (A)': (r) => markReplied(r, iso(41_000), 'A'),
  'mark replied (B)': (r) => markReplied(r, iso(41_000), 'B'),
  'reply unsure (A)': (r) => replyUnsure(r, iso(41_000), 'A', iso(56_000)),
  'reply unsure (B)': (r) => replyUnsure(r, iso(41_000), 'B', iso(56_000)),
  'retake reply (B)': (r) => retakeReply(r, iso(60_000), 'B'),
  'reply lost': (r) => markReplyLost(r, iso(90_000)),
  'break glass (alice)': (r) => breakGlass(r, 'U0ALICE', 'INC-1', iso(10_000)),
  'break glass after expiry': (r) => breakGlass(r, 'U0ALICE', 'INC-1', iso(120_000)),
  'review (bob)': (r) => review(r, 'U0BOB', iso(20_000)),
};

/** The cells' policy with an `onTimeout` (the policy `night`). */
const withTimeout = (r: RerunRequest, onTimeout: 'reject' | 'approve'): RerunRequest => ({
  ...r,
  policy: { ...r.policy, name: 'night', onTimeout },
});

const NUDGED = ['pending/nudge 0', 'pending/nudge 1', 'pending/nudge 1e'];
const PENDING = ['pending', 'pending+1', 'pending+2', ...NUDGED];
const nudgedPlusOne = Object.fromEntries(NUDGED.map((s) => [s, s.replace('pending/', 'pending+1/')]));
/** What each event leads to from each stage; a stage not named refuses the event. */
const ALLOWED: Record<string, Record<string, string>> = {
  publish: { pending: 'pending' },
  'approve (bob)': { pending: 'pending+1', ...nudgedPlusOne },
  'approve (erin)': { pending: 'pending+1', 'pending+1': 'pending+2', 'pending+2': 'pending+3', ...nudgedPlusOne },
  'approve after expiry': {},
  claim: { 'pending+2': 'sending' },
  reject: Object.fromEntries(PENDING.map((s) => [s, 'rejected'])),
  cancel: Object.fromEntries(PENDING.map((s) => [s, 'cancelled'])),
  expire: Object.fromEntries(PENDING.map((s) => [s, 'expired'])),
  'expire early': {},
  'time out: reject': Object.fromEntries(PENDING.map((s) => [s, 'rejected'])),
  // The policy approves and the request is claimed for sending, whatever approvals it had.
  'time out: approve': Object.fromEntries(PENDING.map((s) => [s, 'sending'])),
  'time out early: approve': {},
  // One at a time, in their order, only while waiting with its message posted.
  'remind 1 (10 s)': { 'pending/nudge 0': 'pending/nudge 1' },
  'remind 1 early (9 s)': {},
  'escalate (15 s)': { 'pending/nudge 1': 'pending/nudge 1e' },
  'remind 2 (20 s)': { 'pending/nudge 1e': 'pending/nudge 2e' },
  'outcome: accepted': { sending: 'accepted/running' },
  'outcome: partial': { sending: 'partial/running' },
  'outcome: refused': { sending: 'refused' },
  'outcome: nothing sent': { sending: 'not-sent' },
  'outcome: unknown': { sending: 'unknown' },
  'recover: was sent': { sending: 'unknown' },
  'recover: not sent': { sending: 'not-sent' },
  'start following': { accepted: 'accepted/running' },
  'poll: running': { 'accepted/running': 'accepted/running', 'partial/running': 'partial/running' },
  'poll: failed again': {
    'accepted/running': 'accepted/failed-again:due',
    'partial/running': 'partial/failed-again:due',
  },
  'poll: unreadable': { 'accepted/running': 'accepted/running', 'partial/running': 'partial/running' },
  'stop watching': { 'accepted/running': 'accepted/unwatched:due', 'partial/running': 'partial/unwatched:due' },
  'mark replying (A)': { 'accepted/succeeded:due': 'accepted/succeeded:giving' },
  'mark replied (A)': { 'accepted/succeeded:giving': 'accepted/succeeded:given' },
  'mark replied (B)': {},
  // Still being given (the post ledger looks for it before posting again), by whoever retakes it.
  'reply unsure (A)': { 'accepted/succeeded:giving': 'accepted/succeeded:giving' },
  'reply unsure (B)': {},
  'retake reply (B)': { 'accepted/succeeded:giving': 'accepted/succeeded:giving' },
  'reply lost': { 'accepted/succeeded:giving': 'accepted/succeeded:lost' },
  // However many approvals a policy names, break-glass claims a pending request at once.
  'break glass (alice)': Object.fromEntries(PENDING.map((s) => [s, 'sending+glass'])),
  'break glass after expiry': {},
  // Once, in any state after it.
  'review (bob)': { 'sending+glass': 'sending+glass+reviewed' },
};

/**
 * A break-glass stage follows its base stage's transitions (`sending+glass` those of `sending`),
 * keeping its mark; only `review` is its own.
 */
for (const [event, to] of Object.entries(ALLOWED)) {
  if (event.startsWith('review') || event.startsWith('break glass')) continue;
  for (const stage of Object.keys(STAGES).filter((s) => s.includes('+glass'))) {
    const [head = '', tail] = stage.split('/');
    const [base = '', ...marks] = head.split('+');
    const baseStage = tail ? `${base}/${tail}` : base;
    const next = to[baseStage];
    if (next === undefined) continue;
    const [nextHead = '', nextTail] = next.split('/');
    to[stage] = [`${nextHead}+${marks.join('+')}`, nextTail].filter(Boolean).join('/');
  }
}

/** The stage a request is in, as the table names it. */
function stageOf(r: RerunRequest): string {
  const approvals = r.decisions.filter((d) => d.kind === 'approve').length;
  const glass = r.breakGlass ? (r.breakGlass.review ? '+glass+reviewed' : '+glass') : '';
  const base = (r.state === 'pending' && approvals ? `pending+${approvals}` : r.state) + glass;
  if (r.state === 'pending' && r.nudges) return `${base}/nudge ${r.nudges.reminded}${r.nudges.escalated ? 'e' : ''}`;
  const f = r.follow;
  if (!f) return base;
  return f.phase === 'running' ? `${base}/running` : `${base}/${f.end}:${f.reply.state}`;
}

let dir: string;
let store: SqliteStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rerun-lifecycle-'));
  store = SqliteStore.open(dir);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the request lifecycle: every state × every event', () => {
  it('names every state and every event', () => {
    const inStages = new Set(Object.values(STAGES).map((s) => s.state ?? 'pending'));
    expect([...inStages].sort()).toEqual([...REQUEST_STATES].sort());
    expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  let n = 0;
  for (const [stage, over] of Object.entries(STAGES)) {
    describe(stage, () => {
      for (const [event, run] of Object.entries(EVENTS)) {
        const expected = ALLOWED[event]?.[stage];
        it(`${event} → ${expected ?? 'refused, nothing stored'}`, async () => {
          const id = `rr-lc-${++n}`;
          const before = requestAt(id, 0, {
            ...over,
            policy: {
              approval: 'peer',
              approvers: [],
              minApprovals: 2,
              expiresAfterMs: 60_000,
              remindMs: 10_000,
              remindTimes: 2,
              escalate: { afterMs: 15_000, to: ['@night'] },
            },
          });
          expect(stageOf(before)).toBe(stage);
          await store.insert(before);
          const step = run(before);
          const stored = await store.transition(id, REQUEST_STATES, (r) => orNothing(run(r)));
          if (expected === undefined) {
            expect(step.ok).toBe(false);
            expect(stored).toBeUndefined();
            expect(await store.get(id)).toEqual(before);
          } else {
            expect(step.ok).toBe(true);
            expect(stored && stageOf(stored)).toBe(expected);
            expect(await store.get(id)).toEqual(stored);
          }
        });
      }
    });
  }
});

describe('what the transitions keep', () => {
  it("records a timeout approval as the policy's, with no person as approver, and keeps the people who approved before", () => {
    const r = requestAt('rr-timeout', 0, {
      ...STAGES['pending+1'],
      policy: { ...requestAt('x', 0).policy, name: 'night', onTimeout: 'approve' },
    });
    const step = timeOut(r, iso(120_000));
    if (!step.ok) throw new Error('not timed out');
    expect(step.request.state).toBe('sending');
    expect(timeoutDecision(step.request)).toEqual({
      kind: 'approve',
      at: iso(120_000),
      policy: 'night',
      timeout: true,
    });
    expect(approversOf(step.request)).toEqual(['U0BOB']);
    expect(step.request.execution).toEqual({ startedAt: iso(120_000) });
  });

  it('plans only the nudges before the expiry, the escalation first when both fall at one moment', () => {
    const policy = { ...requestAt('x', 0).policy, expiresAfterMs: 60_000, remindMs: 20_000, remindTimes: 5 };
    const r = requestAt('rr-plan', 0, {
      policy: { ...policy, escalate: { afterMs: 20_000, to: ['U0ERIN'] } },
      published,
    });
    const nudges = planNudges(r);
    expect(nudges).toEqual({ reminded: 0, escalated: false, nextAt: iso(20_000) });
    const escalatedFirst = recordNudge({ ...r, nudges: nudges! }, { kind: 'escalation' }, iso(20_000));
    if (!escalatedFirst.ok) throw new Error('the escalation was not due first');
    const first = recordNudge(escalatedFirst.request, { kind: 'reminder', n: 1 }, iso(20_000));
    if (!first.ok) throw new Error('the first reminder was not due');
    expect(first.request.nudges).toEqual({ reminded: 1, escalated: true, nextAt: iso(40_000) });
    const second = recordNudge(first.request, { kind: 'reminder', n: 2 }, iso(40_000));
    // A third reminder would fall at the expiry (60 s): nothing more is due.
    expect(second.ok && second.request.nudges).toEqual({ reminded: 2, escalated: true });
    // So the reminders say "of 2", not the policy's 5.
    expect(remindersPlanned(r)).toBe(2);
    expect(planNudges(requestAt('rr-none', 0))).toBeUndefined();
  });

  it('keeps the call and the job apart: an accepted call whose job failed again stays accepted', () => {
    const r = requestAt('rr-keep', 0, { ...STAGES['accepted/running'] });
    const step = recordPoll(r, { at: iso(20_000), status: failedAgain }, iso(35_000));
    expect(step.ok && step.request.state).toBe('accepted');
    expect(step.ok && step.request.follow).toMatchObject({
      phase: 'ended',
      end: 'failed-again',
      reply: { state: 'due' },
    });
  });

  it('keeps an unsure final reply being given, due again at the retry time, and lets another replica retake it', () => {
    const r = requestAt('rr-unsure', 0, { ...STAGES['accepted/succeeded:due'] });
    const marked = markReplying(r, iso(40_000), 'A');
    if (!marked.ok) throw new Error('not marked');
    const unsure = replyUnsure(marked.request, iso(41_000), 'A', iso(56_000));
    if (!unsure.ok) throw new Error('not unsure');
    expect(unsure.request.follow).toMatchObject({ reply: { state: 'giving', by: 'A' }, nextAt: iso(56_000) });
    const retaken = retakeReply(unsure.request, iso(60_000), 'B');
    if (!retaken.ok) throw new Error('not retaken');
    expect(retaken.request.follow).toMatchObject({ reply: { state: 'giving', by: 'B', at: iso(60_000) } });
  });

  it('stops watching at the limit with the state last known', () => {
    const r = requestAt('rr-limit', 0, {
      ...STAGES['accepted/running'],
      follow: {
        ...(follow('running') as Extract<Follow, { phase: 'running' }>),
        last: { at: iso(19_000), status: running },
      },
    });
    const step = recordPoll(r, { at: iso(3_600_000), error: msg }, iso(3_615_000));
    expect(step.ok && step.request.follow).toMatchObject({ phase: 'ended', end: 'unwatched', status: running });
  });
});
