/**
 * A Batch target bound to its credentials: preview reads the named jobs with DescribeJobs, rerun
 * sends RetryJobs for the FAILED ones (sending.ts), status reads them again (status.ts).
 */
import type { BareSession, ProviderDeps } from '../types.ts';
import { sessionContext } from './context.ts';
import { preview } from './preview.ts';
import type { RetryParams, TencentTarget } from './schema.ts';
import { rerun, retryCalls } from './sending.ts';
import { status, statusMany } from './status.ts';

export function createSession(target: TencentTarget, deps: ProviderDeps): BareSession<RetryParams> {
  const ctx = sessionContext(target, deps);
  return {
    preview: (params) => preview(ctx, params),

    describeCall(send) {
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      return retryCalls(send).map((call) => ({ method: 'POST', ...ctx.client.build(call, timestamp, true) }));
    },

    rerun: (send) => rerun(ctx, send),

    status: (params, context) => status(ctx, params, context),

    statusMany: (queries) => statusMany(ctx, queries),
  };
}
