/**
 * The status after the rerun: each instance (mode=instance, instance-mode.ts) or each job's
 * instances in the window (mode=chain, chain-mode.ts), read again. Several followed requests
 * are read together (`statusMany`): the instance list answers one job at a time, so requests
 * on the same job share one listing of it (shared-windows.ts).
 */
import { answerEach } from '../_shared/status-many.ts';
import type { JobStatus, StatusAnswer, StatusContext, StatusQuery } from '../types.ts';
import { statusChain } from './chain-mode.ts';
import type { SessionContext } from './context.ts';
import { statusInstances } from './instance-mode.ts';
import { ownReads, type WindowReader } from './listing.ts';
import { normalizeParams, type RerunParams } from './schema.ts';
import { sharedWindows, windowsOf } from './shared-windows.ts';

export function status(
  ctx: SessionContext,
  params: RerunParams,
  context: StatusContext,
  read: WindowReader = ownReads(ctx),
): Promise<JobStatus> {
  return params.mode === 'instance'
    ? statusInstances(ctx, params, context, read)
    : statusChain(ctx, params, context, read);
}

export function statusMany(ctx: SessionContext, queries: readonly StatusQuery<RerunParams>[]): Promise<StatusAnswer[]> {
  const normalized = queries.map((q) => ({ params: normalizeParams(q.params), context: q.context }));
  const read = sharedWindows(
    ctx,
    normalized.flatMap((q) => windowsOf(ctx, q.params)),
  );
  return answerEach(normalized, (params, context) => status(ctx, params, context, read));
}
