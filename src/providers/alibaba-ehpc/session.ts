/**
 * An E-HPC target bound to its credentials: preview reads ListJobs (live jobs, then the finished
 * ones among the rest), rerun reads the live ones again and sends RerunJobs for those still live
 * (sending.ts), status reads them again (status.ts); the form's job list is choices.ts.
 */
import type { BareSession, ProviderDeps } from '../types.ts';
import { jobChoices } from './choices.ts';
import { sessionContext } from './context.ts';
import { preview } from './preview.ts';
import type { EhpcTarget, RerunParams } from './schema.ts';
import { describeRerun, rerun } from './sending.ts';
import { status, statusMany } from './status.ts';

export function createSession(target: EhpcTarget, deps: ProviderDeps): BareSession<RerunParams> {
  const ctx = sessionContext(target, deps);
  return {
    preview: (params) => preview(ctx, params),
    describeCall: (send) => describeRerun(ctx, send),
    rerun: (send) => rerun(ctx, send),
    status: (params) => status(ctx, params),
    statusMany: (queries) => statusMany(ctx, queries),
    options: (key, partial) => jobChoices(ctx, key, partial),
  };
}
