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
