/**
 * Alibaba Cloud E-HPC (API 2018-04-12): RerunJobs REQUEUES jobs that are RUNNING or QUEUED —
 * typically a job stuck on a bad node — so the scheduler starts them again; it cannot rerun a
 * job that has finished. Preview, the pre-send check and status read ListJobs (docs/providers/FACTS.md §3).
 */
import type { Message } from '../../lib/message.ts';
import { outcomeFromError, ProviderError, provesNotExecuted } from '../_shared/errors.ts';
import { chunk, mergeOutcomes, statusOf } from '../_shared/outcome.ts';
import { sendRerun } from '../_shared/retry.ts';
import { defineProvider } from '../_shared/define.ts';
import type { BareSession, Choice, ProviderDeps, RerunOutcome } from '../types.ts';
import { EhpcClient, PER_ATTEMPT, type EhpcCall } from './client.ts';
import { ehpcDemo } from './demo.ts';
import { PART_FAILURE, REQUEST_WIDE_CODES, RESIGN_CODES, RERUN_FAILURE } from './errors.ts';
import { listJobs, RERUNNABLE_STATES, type JobInfo, type JobListing } from './jobs.ts';
import { messages, msg } from './messages.ts';
import { previewOf } from './preview.ts';
import { reconcile } from './reconcile.ts';
import {
  CLUSTER_ID,
  ehpcTargetSchema,
  MAX_JOBS_PER_CALL,
  PROVIDER_ID,
  rerunParamsSchema,
  type EhpcTarget,
  type RerunParams,
} from './schema.ts';
import { jobStatus } from './status.ts';

/** Pages of live jobs offered in the form's pick list (Slack shows at most 100 options). */
const OPTION_PAGES = 2;
/** Slack takes at most 75 characters for an option's text. */
const OPTION_VALUE_MAX = 75;

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

/**
 * A pick-list entry `id · name · state` within Slack's 75 characters: the name is cut, as the
 * id must stay whole (it is the value) and the state is short.
 */
function optionOf(job: JobInfo): Choice {
  // The room left for the name once the id, the state and both separators are counted.
  const room = OPTION_VALUE_MAX - `${job.Id} ·  · ${job.State}`.length;
  let name = job.Name;
  if (name && name.length > room) name = room > 1 ? `${name.slice(0, room - 1)}…` : undefined;
  return {
    value: job.Id,
    label: msg('alibaba-ehpc.option.job', { id: job.Id, ...(name ? { name } : {}), state: job.State }),
  };
}

function session(target: EhpcTarget, deps: ProviderDeps): BareSession<RerunParams> {
  const client = new EhpcClient(target, deps);
  const log = deps.logger.child({ provider: PROVIDER_ID });

  const live = (cluster: string, ids: readonly string[]) =>
    listJobs(client, deps.timing, cluster, 'notfinish', new Set(ids));

  /** A read whose failure must not stop the caller: logged, and `undefined` returned. */
  async function tryRead(what: string, read: () => Promise<JobListing>): Promise<JobListing | undefined> {
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
    err: ProviderError,
    ids: string[],
    send: RerunParams,
    before: JobListing | undefined,
    calls: number,
  ): Promise<RerunOutcome> {
    const after = await tryRead('states after a partial failure', () => live(send.cluster, ids));
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

  async function rerunChunk(ids: string[], send: RerunParams, before: JobListing | undefined): Promise<RerunOutcome> {
    const codeOf = (err: unknown) => (err instanceof ProviderError ? err.code : undefined);
    const partly = (err: unknown) => codeOf(err) === PART_FAILURE || (codeOf(err) === RERUN_FAILURE && ids.length > 1);
    let resigned = false;
    const sent = await sendRerun(
      deps.timing,
      (attempt) => {
        log.info({ cluster: send.cluster, jobs: ids.length, attempt, async: send.async }, 'sending RerunJobs');
        return client.call<object>(rerunCall(ids, send), 'rerun');
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
      return reconciled(err, ids, send, before, sent.attempts);
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

  return {
    async preview(params) {
      const running = await live(params.cluster, params.jobs);
      const missing = params.jobs.filter((id) => !running.found.has(id));
      const finished = missing.length
        ? await listJobs(client, deps.timing, params.cluster, 'finished', new Set(missing))
        : { found: new Map<string, JobInfo>(), complete: true, pagesRead: 0 };
      return previewOf(params, running, finished);
    },

    describeCall(send) {
      const date = deps.clock.now();
      return chunk(send.jobs, MAX_JOBS_PER_CALL).map((ids) =>
        client.build(rerunCall(ids, send), { date, nonce: PER_ATTEMPT }, true),
      );
    },

    async rerun(send) {
      // States just before sending: a job that finished since the preview is not sent (RerunJobs
      // would refuse it, or the batch), and a partial failure is told apart per job against them.
      const before = await tryRead('states before RerunJobs', () => live(send.cluster, send.jobs));
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
        const outcome = await rerunChunk(ids, send, before);
        parts.push(outcome);
        if (outcome.code && REQUEST_WIDE_CODES.has(outcome.code)) stop = outcome;
      }
      const merged = mergeOutcomes(parts);
      // Per-job results in the order the request named the jobs.
      const order = new Map(send.jobs.map((id, i) => [id, i]));
      merged.items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      return merged;
    },

    // No accepted-at is needed (nor was any kept in memory): after an accepted requeue a job is
    // RUNNING (not yet requeued, e.g. async) or QUEUED again, neither of them final, so no state
    // right after the rerun can read as final too early and there is no grace to wait out.
    async status(params) {
      return jobStatus(params, await live(params.cluster, params.jobs));
    },

    async options(key, partial) {
      if (key !== 'jobs') return [];
      const typed = typeof partial['cluster'] === 'string' ? partial['cluster'].trim() : '';
      const cluster = typed || target.clusterId;
      if (!cluster || !CLUSTER_ID.test(cluster)) return [];
      const { found } = await listJobs(client, deps.timing, cluster, 'notfinish', null, OPTION_PAGES);
      return [...found.values()]
        .filter((j) => j.Id.length <= OPTION_VALUE_MAX && RERUNNABLE_STATES.has(j.State))
        .map(optionOf);
    },
  };
}

export const alibabaEhpc = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('alibaba-ehpc.name', {}),
  targetSchema: ehpcTargetSchema,
  paramsSchema: rerunParamsSchema,
  fields: [
    {
      key: 'jobs',
      aliases: ['Jobs'],
      label: msg('alibaba-ehpc.field.jobs.label', {}),
      hint: msg('alibaba-ehpc.field.jobs.hint', {}),
      example: '1.scheduler,2.scheduler',
      kind: 'list',
      required: true,
      pick: { dependsOn: ['cluster'] },
    },
    {
      key: 'cluster',
      aliases: ['ClusterId'],
      label: msg('alibaba-ehpc.field.cluster.label', {}),
      hint: msg('alibaba-ehpc.field.cluster.hint', {}),
      example: 'ehpc-hz-FYUr32abcd',
      kind: 'text',
      required: false,
    },
    {
      key: 'async',
      aliases: ['Async'],
      label: msg('alibaba-ehpc.field.async.label', {}),
      hint: msg('alibaba-ehpc.field.async.hint', {}),
      example: 'false',
      kind: 'boolean',
      required: false,
      default: 'false',
    },
  ],
  help: {
    summary: msg('alibaba-ehpc.help.summary', { perCall: MAX_JOBS_PER_CALL }),
    examples: ['jobs=1.scheduler,2.scheduler', 'jobs=1.scheduler cluster=ehpc-hz-FYUr32abcd async=true'],
  },
  summarize: (p) => msg('alibaba-ehpc.summary', { jobs: p.jobs, cluster: p.cluster, async: p.async }),
  selectItems: (raw, items) => ({ ...raw, jobs: [...items] }),
  messages,
  connect: session,
  demo: ehpcDemo,
});
