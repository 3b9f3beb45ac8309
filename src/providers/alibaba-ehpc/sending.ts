/**
 * Sending: RerunJobs for what is still live just before sending, MAX_JOBS_PER_CALL jobs a call,
 * each call sent again only when its answer proves it did not run; after a partial failure the
 * states are read again and each job reported (reconcile.ts). A refusal that concerns the whole
 * request stops the calls after it.
 */
import type { Message } from '../../lib/message.ts';
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { chunk, mergeOutcomes, statusOf } from '../_shared/outcome.ts';
import { sendRerun } from '../_shared/retry.ts';
import type { CallDescription, RerunOutcome } from '../types.ts';
import { PER_ATTEMPT, type EhpcCall } from './client.ts';
import type { SessionContext } from './context.ts';
import { PART_FAILURE, REQUEST_WIDE_CODES, RESIGN_CODES, RERUN_FAILURE } from './errors.ts';
import { MAX_JOBS_PER_CALL } from './limits.ts';
import { liveJobs, type JobListing } from './listing.ts';
import { msg } from './messages.ts';
import { RERUNNABLE_STATES } from './model.ts';
import { reconcile } from './reconcile.ts';
import type { RerunParams } from './schema.ts';

/** JSON text of the Jobs parameter, exactly as the API takes it: [{"Id":"1.scheduler"}]. */
function jobsParam(ids: readonly string[]): string {
  return JSON.stringify(ids.map((Id) => ({ Id })));
}

function rerunCall(ids: readonly string[], send: RerunParams): EhpcCall {
  const params: Record<string, string> = { ClusterId: send.cluster, Jobs: jobsParam(ids) };
  // Async defaults to false on the API side; it is sent only when asked for.
  if (send.async) params['Async'] = 'true';
  return { action: 'RerunJobs', params, cluster: send.cluster, jobIds: ids };
}

/** The RerunJobs requests `rerun(send)` makes, with what changes per attempt shown as such. */
export function describeRerun({ client, deps }: SessionContext, send: RerunParams): CallDescription[] {
  const date = deps.clock.now();
  return chunk(send.jobs, MAX_JOBS_PER_CALL).map((ids) =>
    client.build(rerunCall(ids, send), { date, nonce: PER_ATTEMPT }, true),
  );
}

/** A read whose failure must not stop the caller: logged, and `undefined` returned. */
async function tryRead(
  { log }: SessionContext,
  what: string,
  read: () => Promise<JobListing>,
): Promise<JobListing | undefined> {
  try {
    return await read();
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), what }, 'E-HPC read failed');
    return undefined;
  }
}

function notSent(ids: readonly string[], reason: Message, message: Message): RerunOutcome {
  return { status: 'rejected', items: ids.map((id) => ({ id, result: 'refused', reason })), message, calls: 0 };
}

/** After PartFailure or RerunFailure: read the states again and report per job. */
async function reconciled(
  ctx: SessionContext,
  err: ProviderError,
  ids: string[],
  send: RerunParams,
  before: JobListing | undefined,
  calls: number,
): Promise<RerunOutcome> {
  const after = await tryRead(ctx, 'states after a partial failure', () => liveJobs(ctx, send.cluster, ids));
  const afterMap = after && (after.complete ? after.found : undefined);
  const items = reconcile(ids, before?.found, afterMap, err.code === RERUN_FAILURE ? 'refused' : 'unknown');
  const count = (r: string) => items.filter((i) => i.result === r).length;
  const message = msg('alibaba-ehpc.outcome.reconciled', {
    reason: err.detail,
    requeued: count('accepted'),
    notRequeued: count('refused'),
    unclear: count('unknown'),
  });
  return { status: statusOf(items), items, message, code: err.code, requestId: err.requestId, calls };
}

async function rerunChunk(
  ctx: SessionContext,
  ids: string[],
  send: RerunParams,
  before: JobListing | undefined,
): Promise<RerunOutcome> {
  const { client, deps, log } = ctx;
  const codeOf = (err: unknown) => (err instanceof ProviderError ? err.code : undefined);
  const partly = (err: unknown) => codeOf(err) === PART_FAILURE || (codeOf(err) === RERUN_FAILURE && ids.length > 1);
  let resigned = false;
  const sent = await sendRerun(
    deps.timing,
    (attempt) => {
      log.info({ cluster: send.cluster, jobs: ids.length, attempt, async: send.async }, 'sending RerunJobs');
      return client.call<object>(rerunCall(ids, send));
    },
    {
      resendable: (err) => {
        const code = codeOf(err);
        if (partly(err) || code === 'SignatureNonceUsed') return false;
        // A stale timestamp is re-signed once: a second one means a clock problem.
        const resign = !!code && RESIGN_CODES.has(code) && !resigned;
        if (resign) resigned = true;
        return provesNotExecuted(err) || (err instanceof ProviderError && err.kind === 'transient') || resign;
      },
      onResend: (err, attempt) =>
        log.warn(
          { code: codeOf(err), calls: attempt },
          'RerunJobs was not executed; sending again with a new signature',
        ),
    },
  );
  if (sent.ok) {
    const rid = sent.value.RequestId;
    return {
      status: 'accepted',
      items: ids.map((id) => ({ id, result: 'accepted' })),
      message: msg('alibaba-ehpc.outcome.accepted', { count: ids.length, cluster: send.cluster, async: send.async }),
      requestId: rid,
      calls: sent.attempts,
    };
  }
  const err = sent.error;
  if (err instanceof ProviderError && partly(err)) {
    log.warn(
      { code: err.code, requestId: err.requestId, jobs: ids.length },
      'RerunJobs partly failed; reading job states',
    );
    return reconciled(ctx, err, ids, send, before, sent.attempts);
  }
  if (err instanceof ProviderError && err.code === 'SignatureNonceUsed') {
    // Every attempt is signed with a fresh nonce, so a repeat means this very request reached
    // the gateway twice (a retrying proxy, say): the first copy may have run. Never resend.
    const { vendor, diagnosis } = err.detail.params;
    const detail = msg('alibaba-ehpc.error.nonceUsedOnRerun', {
      ...(typeof vendor === 'string' ? { vendor } : {}),
      ...(typeof diagnosis === 'string' ? { diagnosis } : {}),
    });
    return outcomeFromError(
      new ProviderError('server', detail, { code: err.code, requestId: err.requestId, cause: err }),
      ids,
      sent.attempts,
    );
  }
  return outcomeFromError(err, ids, sent.attempts);
}

export async function rerun(ctx: SessionContext, send: RerunParams): Promise<RerunOutcome> {
  // States just before sending: a job that finished since the preview is not sent (RerunJobs
  // would refuse it, or the batch), and a partial failure is told apart per job against them.
  const before = await tryRead(ctx, 'states before RerunJobs', () => liveJobs(ctx, send.cluster, send.jobs));
  const parts: RerunOutcome[] = [];
  let toSend = send.jobs;
  if (before?.complete) {
    const gone = send.jobs.filter((id) => !RERUNNABLE_STATES.has(before.found.get(id)?.State ?? ''));
    toSend = send.jobs.filter((id) => !gone.includes(id));
    if (gone.length) {
      parts.push(
        notSent(
          gone,
          msg('alibaba-ehpc.refused.goneSincePreview', {}),
          msg('alibaba-ehpc.outcome.goneSincePreview', { jobs: gone }),
        ),
      );
    }
  }
  let stop: RerunOutcome | undefined;
  for (const ids of chunk(toSend, MAX_JOBS_PER_CALL)) {
    if (stop) {
      parts.push(
        notSent(
          ids,
          msg('alibaba-ehpc.refused.earlierCallRefused', { code: stop.code ?? '' }),
          msg('alibaba-ehpc.outcome.notSentAfterRefusal', { count: ids.length }),
        ),
      );
      continue;
    }
    const outcome = await rerunChunk(ctx, ids, send, before);
    parts.push(outcome);
    if (outcome.code && REQUEST_WIDE_CODES.has(outcome.code)) stop = outcome;
  }
  const merged = mergeOutcomes(parts);
  // Per-job results in the order the request named the jobs.
  const order = new Map(send.jobs.map((id, i) => [id, i]));
  merged.items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return merged;
}
