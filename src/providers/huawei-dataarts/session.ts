/**
 * A DataArts Studio target bound to its credentials: preview reads the named instances (v2 list,
 * plus the v1 instance detail for node statuses when it answers), rerun reads them again just
 * before sending and sends POST …/instances/retry once for what is still as previewed (again
 * only after APIG.0308), status reads the instances again.
 *
 * Items: in mode=instance each instance is its own item (instance-mode.ts); in mode=chain each
 * job is an item (chain-mode.ts). Both read the instance list through listing.ts, and rerun goes
 * through sending.ts.
 */
import type { BareSession, ProviderDeps } from '../types.ts';
import { instanceChoices } from './choices.ts';
import { sessionContext } from './context.ts';
import { preview } from './preview.ts';
import { normalizeParams, type HuaweiTarget, type RerunParams } from './schema.ts';
import { rerun, retryCall } from './sending.ts';
import { status, statusMany } from './status.ts';

export function createSession(target: HuaweiTarget, deps: ProviderDeps): BareSession<RerunParams> {
  const ctx = sessionContext(target, deps);
  return {
    preview: (input) => preview(ctx, normalizeParams(input)),

    describeCall(input) {
      const req = ctx.client.build(retryCall(ctx, normalizeParams(input)), deps.clock.now(), undefined, true);
      return [
        {
          method: req.method,
          url: req.url,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        },
      ];
    },

    rerun: (input) => rerun(ctx, normalizeParams(input)),

    status: (input, context) => status(ctx, normalizeParams(input), context),

    statusMany: (queries) => statusMany(ctx, queries),

    options: (key, partial) => instanceChoices(ctx, key, partial),
  };
}
