/** Followed reruns seeded in the store, for tests and benchmarks of many followed jobs. */
import type { RerunRequest } from '../../src/core/model/request.ts';
import { sampleRequest } from '../store/sample.ts';

/**
 * The `i`th accepted Tencent rerun of `job` on target batch-gz, whose first poll is due at `now`,
 * with its approval message at `ts` in C0INCIDENT: what a storm leaves followed, seeded in the
 * store without asking and approving each one.
 */
export function followedRequest(i: number, job: string, now: number, ts: string): RerunRequest {
  const accepted = new Date(now - 60_000).toISOString();
  return sampleRequest(`rr-${(0xf0000 + i).toString(16)}`, {
    raw: { job_ids: [job] },
    params: { job_ids: [job] },
    send: { job_ids: [job] },
    summary: { id: 'tencent-batch.summary', params: { jobIds: [job] } },
    preview: { items: [{ id: job, state: 'FAILED', eligible: true }], notes: [] },
    state: 'accepted',
    published: { kind: 'slack', channel: 'C0INCIDENT', ts },
    execution: {
      startedAt: accepted,
      finishedAt: accepted,
      outcome: {
        status: 'accepted',
        items: [{ id: job, result: 'accepted' }],
        message: { id: 'tencent-batch.accepted', params: { count: 1 } },
        calls: 1,
      },
    },
    follow: {
      phase: 'running',
      startedAt: accepted,
      until: new Date(now + 86_400_000).toISOString(),
      nextAt: new Date(now).toISOString(),
      polls: 0,
    },
  });
}

/**
 * The `i`th accepted E-HPC rerun of `job` on cluster `cluster` of target ehpc-hz, first poll due
 * at `now`, with its approval message at `ts` in C0INCIDENT (as `followedRequest`).
 */
export function followedEhpcRequest(i: number, cluster: string, job: string, now: number, ts: string): RerunRequest {
  const r = followedRequest(i, job, now, ts);
  const params = { cluster, jobs: [job], async: true };
  return {
    ...r,
    targetId: 'ehpc-hz',
    providerId: 'alibaba-ehpc',
    providerName: { id: 'alibaba-ehpc.name', params: {} },
    raw: { cluster, jobs: [job] },
    params,
    send: params,
    summary: { id: 'alibaba-ehpc.summary', params: { jobs: [job], cluster, async: true } },
    preview: { items: [{ id: job, state: 'RUNNING', eligible: true }], notes: [] },
    ...(r.execution
      ? {
          execution: {
            ...r.execution,
            outcome: {
              status: 'accepted',
              items: [{ id: job, result: 'accepted' }],
              message: { id: 'alibaba-ehpc.outcome.accepted', params: { count: 1, cluster, async: true } },
              calls: 1,
            },
          },
        }
      : {}),
  };
}
