/**
 * Asking for a rerun: validate, read the current state from the provider (preview), apply the
 * policy's limits, store the request and publish it for approval.
 */
import { addMilliseconds } from 'date-fns/addMilliseconds';
import type { Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { alreadyOpen, cooldownBlock, openHolderOf } from '../guards.ts';
import { REASON_KEY, validateParams, type FieldErrors } from '../input.ts';
import { coreMsg } from '../messages.ts';
import { planNudges } from '../model/lifecycle.ts';
import { REQUEST_SCHEMA_VERSION, type RerunRequest } from '../model/request.ts';
import { storyOf } from '../model/story.ts';
import { newerRefusal } from '../model/upgrade.ts';
import { namedPolicyFor, reasonProblem, snapshot } from '../policy.ts';
import { publishRequest } from './publish.ts';
import { failedAgainRaw } from './remainder.ts';
import { whyNotAllowed, type Asker } from './targets.ts';
import { collisionWith, type Collision } from './watch.ts';

export type AskResult =
  | { kind: 'invalid'; errors: FieldErrors }
  /**
   * Refused, `message` says why; with `collision`, because an open request holds a job asked for:
   * that request and what the asker may do about it (watch it, approve it: use-cases/watch.ts).
   */
  | { kind: 'refused'; message: Message; collision?: Collision }
  /**
   * Posted; or, with `unsure`, not confirmed by Slack yet (looked for, and posted if need be, by
   * the sweeper), or not posted yet because Slack asked to wait (posted by the sweeper): `unsure`
   * says which to the asker.
   */
  | { kind: 'posted'; request: RerunRequest; unsure?: Message };

/** What a request carries besides the provider's values: why it is asked (issue 19 item 4). */
export interface AskExtras {
  reason?: string | undefined;
  /**
   * Told, while the preview's reads wait their turn at the provider's pace, how many calls wait
   * ahead of them (CallOptions.queued): a front end tells the asker an answer is coming (issue 18
   * item 6). A fact, never stored.
   */
  queued?: ((ahead: number) => void) | undefined;
}

export function ask(
  ctx: CoreContext,
  targetId: string,
  raw: RawParams,
  asker: Asker,
  extras: AskExtras = {},
): Promise<AskResult> {
  return ctx.work.track(doAsk(ctx, targetId, raw, asker, extras));
}

async function doAsk(
  ctx: CoreContext,
  targetId: string,
  raw: RawParams,
  asker: Asker,
  extras: AskExtras,
): Promise<AskResult> {
  if (ctx.stopping) return { kind: 'refused', message: coreMsg('core.stopping', {}) };
  const target = ctx.targets.get(targetId);
  if (!target)
    return {
      kind: 'refused',
      message: coreMsg('ask.noTarget', { target: targetId, targets: [...ctx.targets.keys()] }),
    };
  // Read with the target, before any wait: a reload swaps targets and policies together, so the
  // request gets the policy of the same config as the session that previews it.
  const { pattern: policyName, policy } = namedPolicyFor(ctx.policies, targetId);
  const snap = snapshot(policy, policyName);
  const why = await whyNotAllowed(ctx, targetId, asker);
  if (why) return { kind: 'refused', message: why };
  const reason = extras.reason?.trim() || undefined;
  const unreasoned = reasonProblem(snap, reason);
  if (unreasoned) return { kind: 'invalid', errors: { [REASON_KEY]: { code: 'invalid', message: unreasoned } } };
  const v = validateParams(target.provider, target.config, raw, ctx.clock.now());
  if (!v.ok) return { kind: 'invalid', errors: v.errors };

  // A job already in an open request is answered from the store before the provider is read (a
  // preview costs a paced call): the values typed are the jobs named. The check after the preview,
  // on the items it found, and the exclusive insert stay the rule.
  const early = await openHolderOf(ctx.store, targetId, namedValues(raw));
  if (early) return collided(ctx, early.request, early.message, asker);

  const log = ctx.logger.child({ target: targetId, requester: asker.userId });
  let preview;
  try {
    // Served fairly among the people asking at once on the same credential (CallOptions.party).
    const { queued } = extras;
    preview = await target.session.preview(v.params, {
      priority: 'person',
      party: asker.userId,
      ...(queued ? { queued } : {}),
    });
  } catch (err) {
    log.warn({ err }, 'preview failed');
    return {
      kind: 'refused',
      message: coreMsg('ask.previewFailed', { provider: target.provider.displayName, error: describeError(err) }),
    };
  }
  if (policy.maxJobsPerRequest && preview.items.length > policy.maxJobsPerRequest) {
    return {
      kind: 'refused',
      message: coreMsg('ask.tooMany', { count: preview.items.length, target: targetId, max: policy.maxJobsPerRequest }),
    };
  }
  const ids = preview.items.map((i) => i.id);
  const cooled = await cooldownBlock(ctx.store, ctx.clock.now(), targetId, policy, ids);
  if (cooled) return { kind: 'refused', message: cooled };
  const eligible = preview.items.filter((i) => i.eligible).map((i) => i.id);
  const open = await openHolderOf(ctx.store, targetId, eligible);
  if (open) return collided(ctx, open.request, open.message, asker);
  if (preview.send === null) {
    return {
      kind: 'refused',
      message: coreMsg('ask.nothingEligible', { target: targetId, items: preview.items.map(itemLine) }),
    };
  }

  const now = ctx.clock.now();
  const asked: RerunRequest = {
    v: REQUEST_SCHEMA_VERSION,
    id: ctx.newId(),
    targetId,
    providerId: target.provider.id,
    providerName: target.provider.displayName,
    requester: asker.userId,
    askerLocale: asker.locale,
    locale: target.locale ?? asker.locale,
    place: asker.place,
    surface: asker.surface,
    ...(target.emulated ? { emulated: true } : {}),
    raw,
    ...(reason ? { reason } : {}),
    params: v.params,
    send: preview.send,
    summary: target.provider.summarize(preview.send),
    preview: { items: preview.items, notes: preview.notes },
    calls: target.session.describeCall(preview.send),
    policy: snap,
    state: 'pending',
    decisions: [],
    createdAt: now.toISOString(),
    expiresAt: addMilliseconds(now, snap.expiresAfterMs).toISOString(),
    updatedAt: now.toISOString(),
  };
  // Its reminders and escalation, if the policy asks for them: scheduled in the record (remind.ts).
  const nudges = planNudges(asked);
  const request: RerunRequest = nudges ? { ...asked, nudges } : asked;
  // The check above answers quickly; this insert is the guarantee: of two requests for one job
  // asked at the same moment, at this replica or another, one is stored. It is stored with a
  // lease held while it is being posted, so no sweeper elsewhere posts it too; if this process
  // dies mid-post, the lease runs out and the sweeper posts it (see sweep.ts).
  const holder = await ctx.store.insertExclusive(request, ctx.lease());
  if (holder) return collided(ctx, holder, alreadyOpen(holder, eligible), asker);
  await ctx.audit(request, 'requested', asker.userId, {
    params: v.params,
    place: asker.place,
    ...(reason ? { reason } : {}),
  });
  // Through the post ledger (publish.ts): a lost answer leaves the request waiting, "maybe
  // posted", for the sweeper to look for; only Slack's definite refusal withdraws it.
  const published = await publishRequest(ctx, request);
  switch (published.kind) {
    case 'posted':
      return { kind: 'posted', request: published.request };
    case 'refused':
      log.error({ requestId: request.id }, 'Slack refused the approval request; it is withdrawn');
      return { kind: 'refused', message: published.message };
    case 'later':
      // A 429 proves nothing was posted: the asker is told it comes shortly, not that it may be there.
      return { kind: 'posted', request, unsure: coreMsg('ask.publishLater', { id: request.id }) };
    default:
      return { kind: 'posted', request, unsure: coreMsg('ask.publishUnsure', { id: request.id }) };
  }
}

/** An ask refused for the open request `holder`: the refusal, with what the asker may do about it. */
async function collided(ctx: CoreContext, holder: RerunRequest, message: Message, asker: Asker): Promise<AskResult> {
  return { kind: 'refused', message, collision: await collisionWith(ctx, holder, asker.userId) };
}

/** One preview item as a line of a refusal: its id, state and why. */
function itemLine(i: { id: string; state: string; reason?: Message | undefined }): Message {
  return coreMsg('item.state', { id: i.id, state: i.state, reason: i.reason });
}

/**
 * Asking again, with the same input previewed afresh: the requester's one click on an expired
 * request, or anyone's `again` after the job failed again (then with just the items that failed
 * again, where the provider can name them). Any other request is answered with its story.
 */
export async function askAgain(
  ctx: CoreContext,
  requestId: string,
  asker: Asker,
  queued?: (ahead: number) => void,
): Promise<AskResult> {
  let old: RerunRequest | undefined;
  try {
    old = await ctx.store.get(requestId);
  } catch (err) {
    // A record a newer version wrote is left alone (model/upgrade.ts).
    const message = newerRefusal(err);
    if (!message) throw err;
    return { kind: 'refused', message };
  }
  if (!old) return { kind: 'refused', message: coreMsg('request.notFound', { id: requestId }) };
  const failedAgain = old.follow?.phase === 'ended' && old.follow.end === 'failed-again';
  if (old.state === 'expired' && old.requester !== asker.userId)
    return { kind: 'refused', message: coreMsg('askAgain.notRequester', {}) };
  if (old.state !== 'expired' && !failedAgain)
    return { kind: 'refused', message: coreMsg('askAgain.notAgain', { id: requestId, story: storyOf(old) }) };
  const raw = failedAgain ? againRaw(ctx, old) : old.raw;
  // The same place as before, under the name the front end reads now (a renamed channel is
  // decided by its new name); a front end asking from elsewhere does not move the request.
  const place = asker.place.id === old.place.id ? asker.place : old.place;
  return ask(ctx, old.targetId, raw, { ...asker, place, surface: old.surface }, { reason: old.reason, queued });
}

/** After a failure again: the items that failed again when the provider can name them, else the request's own input. */
export function againRaw(ctx: CoreContext, r: RerunRequest): RawParams {
  const f = r.follow;
  const provider = ctx.targets.get(r.targetId)?.provider;
  const status = f?.phase === 'ended' ? f.status : undefined;
  return (provider && failedAgainRaw(provider, r.raw, status)) || r.raw;
}

/** Every value typed in `raw` (lists split), as the ids of what it may name. */
function namedValues(raw: RawParams): string[] {
  const out = new Set<string>();
  for (const v of Object.values(raw)) {
    for (const one of Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : []) {
      const id = one.trim();
      if (id) out.add(id);
    }
  }
  return [...out].slice(0, 1_000);
}
