/**
 * Reminders and escalation while a request waits (the policy's `remind`, `remindTimes` and
 * `escalate`; issue 19). The schedule is the request's own record (`nudges.nextAt`, the store's
 * `nudge_at` column, model/lifecycle.ts): nothing is held in memory, so a restart or another
 * replica goes on from the store, and a decision stops it in the same write that records it.
 *
 * One nudge, at any replica whose timer finds it due:
 * 1. the request is held under a lease (`onlyIfFree`), so no other replica gives it meanwhile; a
 *    replica that dies here loses it when its lease runs out, and another gives it;
 * 2. it is posted through the post ledger (posts.ts) under its own key (`reminder`/`n`,
 *    `escalation`): after a lost answer or a death mid-post it is looked for before it is posted
 *    again, so none is doubled and none is lost;
 * 3. it is recorded as given and the next one scheduled, giving the lease back.
 *
 * Under `group` a reminder mentions the approvers again; under `peer` and `confirm`, where nobody
 * is listed, it is a thread reply without a mention and the requester gets a DM that it still
 * waits. The escalation mentions `escalate.to` once; from its time on they may approve
 * (policy.ts, `mayDecide`), whether or not the post has gone out yet.
 */
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { dueNudge, orNothing, recordNudge, remindersPlanned, type Nudge } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { tellRequester } from './notices.ts';
import { deliver } from './posts.ts';

/** Due nudges one tick takes (soonest first); the next tick takes the rest. */
const NUDGE_BATCH = 100;

export interface RemindReport {
  reminded: number;
  escalated: number;
}

/** One tick: every due reminder or escalation nobody holds. */
export async function remindDue(ctx: CoreContext): Promise<RemindReport> {
  const report: RemindReport = { reminded: 0, escalated: 0 };
  for (const r of await ctx.store.dueNudges(NUDGE_BATCH)) {
    if (ctx.stopping) break;
    try {
      const given = await ctx.work.track(nudgeOne(ctx, r));
      if (given?.kind === 'reminder') report.reminded++;
      if (given?.kind === 'escalation') report.escalated++;
    } catch (err) {
      ctx.logger.error({ err, requestId: r.id }, 'reminding failed; the next tick tries again');
    }
  }
  return report;
}

const same = (a: Nudge | undefined, b: Nudge): boolean =>
  !!a && a.kind === b.kind && (a.kind === 'escalation' || (b.kind === 'reminder' && a.n === b.n));

async function nudgeOne(ctx: CoreContext, r: RerunRequest): Promise<Nudge | undefined> {
  const at = ctx.nowIso();
  const nudge = dueNudge(r, at);
  if (!nudge) return undefined;
  const held = await ctx.store.transition(
    r.id,
    ['pending'],
    (cur) => (same(dueNudge(cur, at), nudge) ? cur : undefined),
    {
      onlyIfFree: ctx.free(),
      lease: ctx.lease(),
    },
  );
  if (!held) return undefined;
  // Another attempt of this replica holds the post (two passes of its timer at once): it is that one's.
  if (!(await give(ctx, held, nudge))) return undefined;
  const recorded = await ctx.store.transition(r.id, ['pending'], (cur) => orNothing(recordNudge(cur, nudge, at)), {
    lease: null,
  });
  if (!recorded && !(await letGo(ctx, r.id))) return undefined;
  const detail = nudge.kind === 'reminder' ? { n: nudge.n } : { to: held.policy.escalate?.to ?? [] };
  await ctx.audit(held, nudge.kind === 'reminder' ? 'reminded' : 'escalated', 'system', detail);
  return nudge;
}

/**
 * Posts the nudge (and, under `peer` or `confirm`, the requester's DM); a failure is the ledger's
 * to retry. False when another attempt holds the post now.
 */
async function give(ctx: CoreContext, r: RerunRequest, nudge: Nudge): Promise<boolean> {
  const waitedMs = Math.max(0, Date.parse(ctx.nowIso()) - Date.parse(r.createdAt));
  const ids = { id: r.id, target: r.targetId };
  if (nudge.kind === 'escalation') {
    const message = coreMsg('remind.escalation', { ...ids, waitedMs });
    return (await deliver(ctx, r, { kind: 'escalation', key: '' }, { kind: 'escalation', message })).kind !== 'busy';
  }
  const listed = r.policy.approval === 'group';
  const message = coreMsg('remind.thread', { ...ids, n: nudge.n, of: remindersPlanned(r), waitedMs });
  const body = { kind: 'reminder', message, mention: listed } as const;
  const d = await deliver(ctx, r, { kind: 'reminder', key: String(nudge.n) }, body);
  if (d.kind === 'busy') return false;
  if (!listed) await tellRequester(ctx, r, `reminder-${nudge.n}`, coreMsg('remind.dm', { ...ids, waitedMs }));
  return true;
}

/**
 * Not recorded: decided while its nudge was being given (the decision's write stopped the schedule;
 * true: the nudge was still given, and is audited), or recorded by another pass (false). The lease
 * this replica took is given back, unless the request is now being sent (its call holds the lease).
 */
async function letGo(ctx: CoreContext, id: string): Promise<boolean> {
  const now = await ctx.store.get(id);
  if (now && now.state !== 'sending') await ctx.store.releaseLease(id, ctx.replica);
  return !!now && now.state !== 'pending';
}
