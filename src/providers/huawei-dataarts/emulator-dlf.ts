/**
 * The DataArts emulator's DLF APIs, past the gateway, answering the documented bodies:
 *   GET  /v2/{project_id}/factory/jobs/{job_name}/instances/detail   {total, instances:[JobInstance]}
 *   POST /v2/{project_id}/factory/jobs/{job_name}/instances/retry    200, empty body
 *   GET  /v1/{project_id}/jobs/{job_name}/instances/{instance_id}    {status, planTime, …, nodes:[NodeInstance]}
 */
import type { EmulatorReply, RecordedRequest } from '../../emulators/server.ts';
import {
  rerunInstance,
  type ApplyRetry,
  type HwInstance,
  type HwJob,
  type HwRetryCall,
  type JobStore,
} from './emulator-model.ts';
import { apig, dlf, reply } from './emulator-replies.ts';

/** An error the next retry call answers with (after authentication). */
export interface InjectedError {
  code: string;
  message: string;
  status: number;
}

/** The emulator's settings the DLF APIs read, live. */
interface DlfLive {
  v1Detail: boolean;
  applyRetry: ApplyRetry;
}

export interface DlfApis {
  listInstances(job: HwJob, query: URLSearchParams): EmulatorReply;
  instanceDetail(job: HwJob, instanceId: number): EmulatorReply;
  retry(job: HwJob | undefined, workspace: string, urlJob: string, req: RecordedRequest): EmulatorReply;
}

export function createDlfApis(
  store: JobStore,
  retryCalls: HwRetryCall[],
  pendingErrors: InjectedError[],
  live: () => DlfLive,
): DlfApis {
  function listInstances(job: HwJob, query: URLSearchParams): EmulatorReply {
    const now = Date.now();
    const startOfDay = new Date(now).setUTCHours(0, 0, 0, 0);
    const min = Number(query.get('min_plan_time') ?? startOfDay);
    const max = Number(query.get('max_plan_time') ?? now);
    const limit = Number(query.get('limit') ?? 10);
    const offset = Number(query.get('offset') ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) {
      return dlf('DLF.0001', 'Invalid paging parameters.');
    }
    const status = query.get('status');
    const matching = job.instances
      .filter((i) => i.plan_time > min && i.plan_time < max && (!status || i.status === status))
      .sort((a, b) => b.plan_time - a.plan_time);
    const page = matching.slice(offset, offset + limit).map((i) => ({
      job_name: i.job_name,
      status: i.status,
      job_instance_name: `${i.job_name}_${i.instance_id}`,
      plan_time: i.plan_time,
      start_time: i.start_time,
      end_time: i.end_time,
      execute_time: i.start_time && i.end_time ? i.end_time - i.start_time : undefined,
      instance_id: i.instance_id,
      instance_type: i.instance_type,
      submit_time: i.submit_time,
      job_id: i.job_id,
      version: 1,
      force_success: false,
      ignore_success: false,
    }));
    return reply(200, { total: matching.length, instances: page });
  }

  function instanceDetail(job: HwJob, instanceId: number): EmulatorReply {
    if (!live().v1Detail)
      return apig(404, 'APIG.0101', 'The API does not exist or has not been published in the environment');
    const i = job.instances.find((x) => x.instance_id === instanceId);
    if (!i) return dlf('DLF.0137', 'The job instance does not exist.');
    return reply(200, {
      status: i.status,
      planTime: i.plan_time,
      startTime: i.start_time,
      endTime: i.end_time,
      executeTime: i.start_time && i.end_time ? i.end_time - i.start_time : undefined,
      total: i.nodes.length,
      nodes: i.nodes.map((n) => ({ ...n, planTime: i.plan_time, startTime: i.start_time, instanceId: i.instance_id })),
    });
  }

  function retry(job: HwJob | undefined, workspace: string, urlJob: string, req: RecordedRequest): EmulatorReply {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return dlf('DLF.0001', 'Content-Type must be application/json.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body);
    } catch {
      return dlf('DLF.0001', 'The request body is not valid JSON.');
    }
    const injected = pendingErrors.shift();
    if (injected) {
      return injected.code.startsWith('APIG.')
        ? apig(injected.status, injected.code, injected.message)
        : dlf(injected.code, injected.message, injected.status);
    }
    if (!job) return dlf('DLF.1000', 'Failed to find the job.');
    if (!job.batch) return dlf('DLF.0136', 'Only batch jobs are supported.');
    const location = body['retry_location'];
    if (!['firstNode', 'errorNode', 'specifiedNode'].includes(location as string))
      return dlf('DLF.0001', 'retry_location is invalid.');
    if (location === 'specifiedNode' && typeof body['node_name'] !== 'string')
      return dlf('DLF.0001', 'node_name is required with specifiedNode.');
    if (!['original_version', 'current_version'].includes(body['retry_task_version'] as string))
      return dlf('DLF.0001', 'retry_task_version is invalid.');
    const tasks = body['task_retrys'];
    const chain = body['jobs'];
    if ((tasks === undefined) === (chain === undefined)) return dlf('DLF.0001', 'Give either task_retrys or jobs.');
    const touched: HwInstance[] = [];
    if (Array.isArray(tasks)) {
      for (const t of tasks as { job_id?: number; plan_time?: number; submit_time?: number }[]) {
        if (!/^\d{13}$/.test(String(t.plan_time)) || !/^\d{13}$/.test(String(t.submit_time)))
          return dlf('DLF.0001', 'plan_time and submit_time must be 13-digit timestamps.');
        const i = job.instances.find(
          (x) => x.plan_time === t.plan_time && x.submit_time === t.submit_time && x.job_id === t.job_id,
        );
        if (!i) return dlf('DLF.0137', 'The job instance does not exist.');
        touched.push(i);
      }
    } else {
      const begin = body['begin_time'];
      const end = body['end_time'];
      const concurrent = body['concurrent'] ?? 1;
      if (typeof begin !== 'number' || typeof end !== 'number' || begin >= end)
        return dlf('DLF.0001', 'begin_time and end_time are invalid.');
      if (typeof concurrent !== 'number' || concurrent < 1 || concurrent > 128)
        return dlf('DLF.0001', 'concurrent must be 1 to 128.');
      if (!Array.isArray(chain) || chain.length === 0) return dlf('DLF.0001', 'jobs must not be empty.');
      for (const ref of chain as { job_name?: string; workspace_id?: string }[]) {
        const j = store.job(ref.workspace_id ?? '', ref.job_name ?? '');
        if (!j) return dlf('DLF.0100', `The job ${ref.job_name} does not exist.`);
        touched.push(...j.instances.filter((i) => i.plan_time >= begin && i.plan_time <= end));
      }
    }
    for (const i of touched) rerunInstance(i, live().applyRetry);
    retryCalls.push({ job: urlJob, workspace, body });
    return reply(200, undefined);
  }

  return { listInstances, instanceDetail, retry };
}
