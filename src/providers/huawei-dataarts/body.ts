/**
 * The JSON body of POST …/instances/retry (docs/providers/FACTS.md §1.1), serialised once: the bytes hashed for
 * the signature are the bytes sent. Key order follows the documented examples. Only the wire
 * fields are sent: what the preview saw (`seen`) stays with the bot.
 */
import { instancesOf, splitJobRef, WIRE_VERSION, type RerunParams } from './schema.ts';

export function retryBody(p: RerunParams, defaultWorkspace: string): string {
  const body: Record<string, unknown> = { retry_location: p.location };
  if (p.node !== undefined) body['node_name'] = p.node;
  body['retry_task_version'] = WIRE_VERSION[p.version];
  body['ignore_obs_monitor'] = p.ignore_obs_monitor;
  if (p.mode === 'instance') {
    body['task_retrys'] = instancesOf(p).map((i) => ({
      job_id: i.job_id,
      plan_time: i.plan_time,
      submit_time: i.submit_time,
    }));
  } else {
    body['begin_time'] = p.begin;
    body['end_time'] = p.end;
    body['jobs'] = p.jobs.map((ref) => splitJobRef(ref, defaultWorkspace));
    body['concurrent'] = p.concurrent;
  }
  return JSON.stringify(body);
}
