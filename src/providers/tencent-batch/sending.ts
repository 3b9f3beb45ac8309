/**
 * Sending: RetryJobs, MAX_IDS_PER_CALL job ids a call, each call sent again only when its answer
 * proves it did not run (or once, re-signed, after an expired signature); the outcomes merged.
 */
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { chunk, mergeOutcomes } from '../_shared/outcome.ts';
import { sendRerun } from '../_shared/retry.ts';
import type { RerunOutcome } from '../types.ts';
import type { TencentCall } from './client.ts';
import type { SessionContext } from './context.ts';
import { MAX_IDS_PER_CALL } from './limits.ts';
import { msg } from './messages.ts';
import type { RetryParams } from './schema.ts';

/** The RetryJobs calls that carry `send`, one per MAX_IDS_PER_CALL job ids. */
export function retryCalls(send: RetryParams): TencentCall[] {
  return chunk(send.job_ids, MAX_IDS_PER_CALL).map((ids) => ({
    action: 'RetryJobs',
    params: { JobIds: ids },
    jobIds: ids,
  }));
}

async function retryChunk({ client, deps }: SessionContext, call: TencentCall): Promise<RerunOutcome> {
  const ids = [...call.jobIds];
  const sent = await sendRerun(deps.timing, () => client.call<object>(call), {
    // A stale signature is re-signed once; a second one means a clock problem.
    resendable: (err, attempt) =>
      provesNotExecuted(err) ||
      (err instanceof ProviderError && err.code === 'AuthFailure.SignatureExpire' && attempt === 1),
    onResend: (err, attempt) =>
      deps.logger.warn({ code: (err as ProviderError).code, calls: attempt }, 'RetryJobs not executed; sending again'),
  });
  if (!sent.ok) return outcomeFromError(sent.error, ids, sent.attempts);
  return {
    status: 'accepted',
    items: ids.map((id) => ({ id, result: 'accepted' })),
    message: msg('tencent-batch.accepted', { count: ids.length }),
    requestId: sent.value.RequestId,
    calls: sent.attempts,
  };
}

export async function rerun(ctx: SessionContext, send: RetryParams): Promise<RerunOutcome> {
  const parts: RerunOutcome[] = [];
  for (const call of retryCalls(send)) parts.push(await retryChunk(ctx, call));
  return mergeOutcomes(parts);
}
