/**
 * Sends a claimed request, exactly once: only the winner of the store's claim calls this. The
 * state is read again just before sending and only what is still eligible goes; after an
 * unknown outcome the state is read again so people see what is known (docs/SPEC.md §4).
 */
import type { Message } from '../../lib/message.ts';
import type { PreviewItem, RerunOutcome } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { coreMsg } from '../messages.ts';
import { orNothing, type Execution } from '../model/lifecycle.ts';
import { recordOutcome } from '../model/following.ts';
import type { RerunRequest } from '../model/request.ts';
import { targetOf, type Target } from '../model/target.ts';
import { withBudget } from '../../lib/budget.ts';
import { followPlan } from './follow.ts';
import { noticeOutcome } from './notices.ts';
import { remainderOf } from './remainder.ts';

type Recheck = { send: unknown; refused: PreviewItem[] } | { outcome: RerunOutcome };

/**
 * Approval can come long after the preview: if the state cannot be read, nothing is sent. The
 * read is part of the approved rerun's chain, so it goes ahead of every queued poll and preview.
 */
async function recheck(target: Target, request: RerunRequest): Promise<Recheck> {
  let fresh;
  try {
    fresh = await target.session.preview(request.send, { priority: 'rerun' });
  } catch (err) {
    const message = coreMsg('execute.recheckFailed', {
      provider: target.provider.displayName,
      error: describeError(err),
    });
    return { outcome: { status: 'rejected', items: [], message, calls: 0 } };
  }
  const refused = fresh.items.filter((i) => !i.eligible);
  if (fresh.send === null) {
    return {
      outcome: {
        status: 'rejected',
        items: refused.map((i) => ({
          id: i.id,
          result: 'refused',
          reason: i.reason ?? coreMsg('item.notEligible', {}),
        })),
        message: coreMsg('execute.stateChanged', {}),
        calls: 0,
      },
    };
  }
  return { send: fresh.send, refused };
}

/** The items the re-check left out count as refused, so an accepted rerun becomes partial. */
function withLeftOut(outcome: RerunOutcome, refused: readonly PreviewItem[]): RerunOutcome {
  const reason = (i: PreviewItem): Message => coreMsg('item.changed', { state: i.state, reason: i.reason });
  const items = [
    ...outcome.items,
    ...refused.map((i) => ({ id: i.id, result: 'refused' as const, reason: reason(i) })),
  ];
  const status = outcome.status === 'accepted' ? 'partial' : outcome.status;
  return { ...outcome, items, status };
}

export async function execute(ctx: CoreContext, request: RerunRequest, shown: Promise<void>): Promise<void> {
  // The targets in force now (a reload may have removed or changed this one since it was asked).
  const target = targetOf(ctx.targets, request);
  const log = ctx.logger.child({ requestId: request.id, target: request.targetId });
  const extra: Pick<Execution, 'leftOut' | 'after' | 'remainder'> = {};
  // The whole approval (the re-check, the rerun and a read after an unknown outcome) shares one
  // time budget, retries included (lib/budget.ts): a slow or hostile provider cannot hold the
  // person past it, and what the budget no longer allows is not sent. Each of its calls goes
  // first in its pacer's queue (priority `rerun`): never behind follow-up polls or previews.
  const outcome = await withBudget(ctx.actionBudgetMs, async (): Promise<RerunOutcome> => {
    let outcome: RerunOutcome;
    const checked = target ? await recheck(target, request) : undefined;
    if (!target) {
      outcome = {
        status: 'rejected',
        items: [],
        message: coreMsg('execute.targetGone', { target: request.targetId }),
        calls: 0,
      };
    } else if (checked && 'outcome' in checked) {
      outcome = checked.outcome;
    } else {
      const send = checked?.send ?? request.send;
      // "Sent" is recorded, durably, just before the first request leaves for the network (after
      // any wait for the pace), so a call still queued at a crash is recovered as "not sent".
      let sent: Promise<void> | undefined;
      const sending = () => (sent ??= ctx.audit(request, 'call-sent', 'system', { calls: request.calls }));
      try {
        outcome = await target.session.rerun(send, { sending });
      } catch (err) {
        log.error({ err, sent: sent !== undefined }, 'rerun failed unexpectedly');
        // Before the hook ran nothing had left (the pace could not be reserved, say): not sent.
        outcome = sent
          ? {
              status: 'unknown',
              items: [],
              message: coreMsg('execute.unexpected', { error: describeError(err) }),
              calls: 1,
            }
          : {
              status: 'rejected',
              items: [],
              message: coreMsg('execute.notSent', { error: describeError(err) }),
              calls: 0,
            };
      }
      if (checked?.refused.length) {
        outcome = withLeftOut(outcome, checked.refused);
        extra.leftOut = checked.refused;
      }
      if (outcome.status === 'unknown') {
        try {
          extra.after = { status: await target.session.status(send, {}, { priority: 'rerun' }) };
        } catch (err) {
          extra.after = { error: describeError(err) };
        }
      }
    }
    return outcome;
  });
  // The refused remainder is decided once, here, where the provider is known: the front ends
  // offer it from the stored request.
  const remainder = target ? remainderOf(target.provider, request.raw, outcome) : undefined;
  if (remainder) extra.remainder = remainder;
  const finishedAt = ctx.nowIso();
  // An accepted (or partial) rerun is followed to the job's final state from here (follow.ts):
  // its schedule is written with the outcome, in the same conditional update.
  const done = await ctx.store.transition(
    request.id,
    ['sending'],
    (r) => orNothing(recordOutcome(r, outcome, finishedAt, extra, followPlan(ctx, r, finishedAt))),
    { lease: null },
  );
  if (!done) log.warn({ status: outcome.status }, 'the request was no longer being sent when its call ended');
  log.info(
    { status: outcome.status, code: outcome.code, providerRequestId: outcome.requestId, calls: outcome.calls },
    'rerun finished',
  );
  await ctx.audit(request, 'call-finished', 'system', { outcome });
  await shown;
  if (!done) return;
  await ctx.show(done, 'person');
  // Only the winner of the transition above gets here: the outcome is told once.
  await noticeOutcome(ctx, done);
}
