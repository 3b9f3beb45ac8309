/**
 * An OCP target bound to its credentials: preview reads the task detail and decides whether the
 * subtask may be retried (preview.ts), rerun sends the retry (sending.ts), status reads the task
 * again (status.ts); the form's subtask list is choices.ts.
 */
import type { BareSession, ProviderDeps } from '../types.ts';
import { subtaskChoices } from './choices.ts';
import { sessionContext } from './context.ts';
import { preview } from './preview.ts';
import type { OcpTarget, RetryParams } from './schema.ts';
import { describeRetry, rerun } from './sending.ts';
import { status, statusMany } from './status.ts';

export function createSession(target: OcpTarget, deps: ProviderDeps): BareSession<RetryParams> {
  const ctx = sessionContext(target, deps);
  return {
    preview: (params) => preview(ctx, params),
    describeCall: (send) => describeRetry(ctx, send),
    rerun: (send) => rerun(ctx, send),
    status: (params) => status(ctx, params),
    statusMany: (queries) => statusMany(ctx, queries),
    options: (key, partial) => subtaskChoices(ctx, key, partial),
  };
}
