/**
 * The status after the rerun: each instance (mode=instance, instance-mode.ts) or each job's
 * instances in the window (mode=chain, chain-mode.ts), read again.
 */
import type { JobStatus, StatusContext } from '../types.ts';
import { statusChain } from './chain-mode.ts';
import type { SessionContext } from './context.ts';
import { statusInstances } from './instance-mode.ts';
import type { RerunParams } from './schema.ts';

export function status(ctx: SessionContext, params: RerunParams, context: StatusContext): Promise<JobStatus> {
  return params.mode === 'instance' ? statusInstances(ctx, params, context) : statusChain(ctx, params, context);
}
