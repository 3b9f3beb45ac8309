/** Reading requests back: one request with its audit and the job's live state, or the history. */
import type { Message } from '../../lib/message.ts';
import type { CallOptions, JobStatus } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { describeError } from '../errors.ts';
import { coreMsg } from '../messages.ts';
import type { AuditEntry, RerunRequest } from '../model/request.ts';
import { targetOf } from '../model/target.ts';
import { newerRefusal } from '../model/upgrade.ts';
import type { RequestFilter } from '../ports.ts';

export interface StatusResult {
  request: RerunRequest;
  live?: JobStatus;
  liveError?: Message;
  audit: AuditEntry[];
}

/** A request this replica does not read (a newer version wrote it): what the person is told instead. */
export interface StatusRefused {
  refused: Message;
}

/**
 * A request and its job's live state. `reader`: who reads it (`party`, served fairly among the
 * people reading at once) and who wants to know the read's place in the queue (`queued`).
 */
export async function status(
  ctx: CoreContext,
  requestId: string,
  reader: Pick<CallOptions, 'party' | 'queued'> = {},
): Promise<StatusResult | StatusRefused | undefined> {
  let request: RerunRequest | undefined;
  try {
    request = await ctx.store.get(requestId);
  } catch (err) {
    const refused = newerRefusal(err);
    if (!refused) throw err;
    return { refused };
  }
  if (!request) return undefined;
  const audit = await ctx.store.auditOf(requestId);
  const target = targetOf(ctx.targets, request);
  if (!target) return { request, audit, liveError: coreMsg('status.targetGone', { target: request.targetId }) };
  const outcome = request.execution?.outcome;
  // When the rerun was accepted comes from the store, so the answer does not depend on which
  // process (or which start of it) sent the call.
  const acceptedAt = outcome && outcome.status !== 'rejected' ? request.execution?.finishedAt : undefined;
  try {
    const live = await target.session.status(
      request.send ?? request.params,
      { acceptedAt },
      { ...reader, priority: 'person' },
    );
    return { request, audit, live };
  } catch (err) {
    return { request, audit, liveError: describeError(err) };
  }
}

export function history(ctx: CoreContext, filter: RequestFilter): Promise<RerunRequest[]> {
  return ctx.store.list(filter);
}

/**
 * The history a person asked for, or that the target they named is unknown: not configured and
 * with nothing stored (a target removed from the config still shows what it did).
 */
export async function historyOf(
  ctx: CoreContext,
  filter: RequestFilter,
): Promise<{ kind: 'ok'; requests: RerunRequest[] } | { kind: 'unknown-target'; target: string }> {
  const requests = await ctx.store.list(filter);
  if (!requests.length && filter.targetId !== undefined && !ctx.targets.has(filter.targetId))
    return { kind: 'unknown-target', target: filter.targetId };
  return { kind: 'ok', requests };
}

/** How far back `followed` looks: the newest requests, enough for those still followed. */
const OPEN_SCAN = 500;

/** The ids of reruns being sent or whose job is still followed, among the newest requests. */
export async function followed(ctx: CoreContext): Promise<string[]> {
  const recent = await ctx.store.list({ limit: OPEN_SCAN });
  return recent.filter((r) => r.state === 'sending' || r.follow?.phase === 'running').map((r) => r.id);
}
