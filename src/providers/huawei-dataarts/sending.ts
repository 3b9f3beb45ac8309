/**
 * Sending: the rerun call, when it may be sent again, and the outcome. Only what is still as
 * previewed, read again just before sending, is sent.
 */
import type { Message } from '../../lib/message.ts';
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { TransportError } from '../_shared/http.ts';
import { mergeOutcomes } from '../_shared/outcome.ts';
import { sendRerun } from '../_shared/retry.ts';
import type { ItemOutcome, RerunOutcome } from '../types.ts';
import { retryBody } from './body.ts';
import { jobItemId, recheckChain } from './chain-mode.ts';
import { RETRY_PATH, type DlfCall } from './client.ts';
import type { SessionContext } from './context.ts';
import { IamError } from './iam.ts';
import { recheckInstances } from './instance-mode.ts';
import { msg } from './messages.ts';
import { instancesOf, type RerunParams } from './schema.ts';
import { formatTime } from './times.ts';

export function retryCall({ target }: SessionContext, send: RerunParams): DlfCall {
  return {
    operation: 'RetryFactoryJobInstance',
    api: 'v2',
    method: 'POST',
    pathTemplate: RETRY_PATH,
    pathParams: { job_name: send.job },
    body: retryBody(send, target.workspace),
    workspace: target.workspace,
    job: send.job,
  };
}

/** Outcome item ids: one per instance (each the job's name) or one per job. */
function itemIds(ctx: SessionContext, send: RerunParams): string[] {
  return send.mode === 'instance' ? instancesOf(send).map(() => send.job) : send.jobs.map((ref) => jobItemId(ctx, ref));
}

/** What DataArts accepted, as the outcome says it. */
function acceptedMessage({ tz, wall }: SessionContext, send: RerunParams): Message {
  if (send.mode === 'chain') return msg('huawei-dataarts.outcome.accepted.chain', { jobs: send.jobs.length });
  const refs = instancesOf(send);
  if (refs.length === 1)
    return msg('huawei-dataarts.outcome.accepted.one', {
      job: send.job,
      planned: formatTime(refs[0]?.plan_time ?? 0, tz),
    });
  return msg('huawei-dataarts.outcome.accepted.many', {
    job: send.job,
    count: refs.length,
    planned: refs.map((r) => wall(r.plan_time)),
    timeZone: tz,
  });
}

/** POST …/instances/retry once (again only after APIG.0308, which proves it did not run). */
async function sendRetry(ctx: SessionContext, send: RerunParams): Promise<RerunOutcome> {
  const { client, deps } = ctx;
  const ids = itemIds(ctx, send);
  const call = retryCall(ctx, send);
  // Counts the HTTP calls made, including a resend after an IAM token refresh inside the client.
  const counter = { calls: 0 };
  const sent = await sendRerun(deps.timing, () => client.call(call, counter), {
    resendable: (err) => !(err instanceof IamError) && provesNotExecuted(err),
    onResend: (err, attempt) => {
      const pe = err as ProviderError;
      deps.logger.warn(
        { job: send.job, code: pe.code, requestId: pe.requestId, calls: counter.calls, attempt },
        'DataArts rerun not executed (throttled); sending again',
      );
    },
  });
  if (!sent.ok) {
    if (sent.error instanceof IamError) return nothingSent(ids, sent.error, counter.calls);
    deps.logger.warn(
      { job: send.job, err: (sent.error as Error).message, calls: counter.calls },
      'DataArts rerun not accepted',
    );
    return outcomeFromError(sent.error, ids, counter.calls);
  }
  // When it was accepted is kept by the core with the outcome, and comes back to status().
  const answer = sent.value;
  return {
    status: 'accepted',
    items: ids.map((id) => ({ id, result: 'accepted' as const })),
    message: acceptedMessage(ctx, send),
    ...(answer.requestId ? { requestId: answer.requestId } : {}),
    calls: counter.calls,
  } satisfies RerunOutcome;
}

/** Nothing reached DataArts's rerun API: the token could not be had, or the state could not be read. */
function nothingSent(
  ids: string[],
  err: ProviderError | TransportError,
  calls: number,
  beforeSending = false,
): RerunOutcome {
  const code = err instanceof ProviderError ? err.code : undefined;
  const requestId = err instanceof ProviderError ? err.requestId : undefined;
  const message =
    beforeSending && !(err instanceof IamError)
      ? msg('huawei-dataarts.outcome.notReadBeforeSending', { reason: err.detail })
      : msg('huawei-dataarts.outcome.nothingSent', { reason: err.detail });
  return {
    status: 'rejected',
    items: ids.map((id) => ({ id, result: 'refused' as const, reason: err.detail })),
    message,
    ...(code ? { code } : {}),
    ...(requestId ? { requestId } : {}),
    calls,
  };
}

/**
 * Reads what `send` names again, just before the POST: leaves out what is live now or changed
 * since the preview (as `seen` in `send` records it). Read failures propagate: nothing is sent.
 */
function recheck(
  ctx: SessionContext,
  send: RerunParams,
): Promise<{ send: RerunParams | null; refused: ItemOutcome[] }> {
  return send.mode === 'instance' ? recheckInstances(ctx, send) : recheckChain(ctx, send);
}

/** Sends what is still as previewed; what is not is reported refused beside the outcome. */
export async function rerun(ctx: SessionContext, send: RerunParams): Promise<RerunOutcome> {
  const { deps } = ctx;
  let checked;
  try {
    checked = await recheck(ctx, send);
  } catch (err) {
    if (err instanceof ProviderError || err instanceof TransportError) {
      deps.logger.warn(
        { job: send.job, err: err.message },
        'DataArts state could not be read just before sending; nothing sent',
      );
      return nothingSent(itemIds(ctx, send), err, 0, true);
    }
    throw err;
  }
  if (checked.send === null) {
    deps.logger.info(
      { job: send.job, refused: checked.refused.length },
      'DataArts rerun not sent: nothing is still as previewed',
    );
    return {
      status: 'rejected',
      items: checked.refused,
      message: msg('huawei-dataarts.outcome.noneAsPreviewed', { count: checked.refused.length }),
      calls: 0,
    };
  }
  const outcome = await sendRetry(ctx, checked.send);
  if (checked.refused.length === 0) return outcome;
  return mergeOutcomes([
    outcome,
    {
      status: 'rejected',
      items: checked.refused,
      message: msg('huawei-dataarts.outcome.leftOut', { count: checked.refused.length }),
      calls: 0,
    },
  ]);
}
