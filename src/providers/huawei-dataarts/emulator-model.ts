/**
 * The DataArts emulator's jobs and instances with their statuses: how a test seeds them
 * (addJob, addInstance), moves them on as the scheduler would (finishRun), and what an accepted
 * rerun does to an instance.
 */

export interface HwNode {
  nodeName: string;
  status: string;
  type: string;
  retryTimes: number;
}

export interface HwInstance {
  instance_id: number;
  job_id: number;
  job_name: string;
  plan_time: number;
  submit_time: number;
  status: string;
  start_time?: number;
  end_time?: number;
  instance_type: number;
  nodes: HwNode[];
  /** How many times this instance was started (1 + accepted reruns). */
  runs: number;
}

export interface HwJob {
  name: string;
  workspace: string;
  id: number;
  batch: boolean;
  nodes: string[];
  instances: HwInstance[];
}

export interface HwRetryCall {
  job: string;
  workspace: string;
  body: Record<string, unknown>;
}

export interface JobSeed {
  workspace?: string;
  id?: number;
  batch?: boolean;
  nodes?: string[];
}

export interface InstanceSeed {
  plan_time: number;
  status: string;
  submit_time?: number;
  failedNode?: string;
  workspace?: string;
  instance_type?: number;
  /** Default: the next id the emulator hands out. */
  instance_id?: number;
}

/** immediate: an accepted rerun sets the instances to waiting; manual: nothing changes until finishRun. */
export type ApplyRetry = 'immediate' | 'manual';

const FINAL = new Set(['success', 'fail', 'manual-stop', 'running-exception', 'skip-by-depend']);

export interface JobStore {
  /** By `workspace/name`. */
  jobs: Map<string, HwJob>;
  job(workspace: string, name: string): HwJob | undefined;
  addJob(name: string, opts?: JobSeed): HwJob;
  addInstance(job: string, opts: InstanceSeed): HwInstance;
  instance(job: string, planTime: number, workspace?: string): HwInstance | undefined;
  finishRun(job: string, planTime: number, status: string, workspace?: string): void;
}

/** Jobs in `workspaces`, the first being the default for addJob. */
export function createJobStore(workspaces: readonly string[]): JobStore {
  const jobs = new Map<string, HwJob>();
  let nextInstanceId = 1_479_200;
  let nextJobId = 917_500;
  const key = (ws: string, name: string) => `${ws}/${name}`;
  const defaultWorkspace = () => workspaces[0] as string;

  const store: JobStore = {
    jobs,
    job: (workspace, name) => jobs.get(key(workspace, name)),
    addJob(name: string, o: JobSeed = {}) {
      const job: HwJob = {
        name,
        workspace: o.workspace ?? defaultWorkspace(),
        id: o.id ?? nextJobId++,
        batch: o.batch ?? true,
        nodes: o.nodes ?? ['extract', 'clean', 'load'],
        instances: [],
      };
      jobs.set(key(job.workspace, name), job);
      return job;
    },
    addInstance(jobName: string, o: InstanceSeed) {
      const job = jobs.get(key(o.workspace ?? defaultWorkspace(), jobName));
      if (!job) throw new Error(`emulator: add job ${jobName} first`);
      // A failed instance fails at `failedNode`, by default its first node.
      const failedAt = o.failedNode
        ? job.nodes.indexOf(o.failedNode)
        : o.status === 'fail' || o.status === 'running-exception'
          ? 0
          : -1;
      const nodes = job.nodes.map((n, idx): HwNode => ({
        nodeName: n,
        type: 'DLISQL',
        retryTimes: idx === failedAt ? 2 : 0,
        status:
          failedAt < 0
            ? FINAL.has(o.status)
              ? o.status
              : o.status === 'running' && idx === 0
                ? 'running'
                : 'waiting'
            : idx < failedAt
              ? 'success'
              : idx === failedAt
                ? 'fail'
                : 'waiting',
      }));
      const live = !FINAL.has(o.status);
      const instance: HwInstance = {
        instance_id: o.instance_id ?? nextInstanceId++,
        job_id: job.id,
        job_name: jobName,
        plan_time: o.plan_time,
        submit_time: o.submit_time ?? o.plan_time - 3_600_000 + 4_684,
        status: o.status,
        ...(o.status === 'waiting' ? {} : { start_time: o.plan_time + 1_000 }),
        ...(live ? {} : { end_time: o.plan_time + 60_000 }),
        instance_type: o.instance_type ?? 0,
        nodes,
        runs: 1,
      };
      job.instances.push(instance);
      return instance;
    },
    instance(jobName: string, planTime: number, workspace?: string) {
      return jobs.get(key(workspace ?? defaultWorkspace(), jobName))?.instances.find((i) => i.plan_time === planTime);
    },
    finishRun(jobName: string, planTime: number, status: string, workspace?: string) {
      const i = store.instance(jobName, planTime, workspace);
      if (!i) throw new Error(`emulator: no instance of ${jobName} at ${planTime}`);
      i.status = status;
      i.start_time ??= Date.now() - 1_000;
      if (FINAL.has(status)) i.end_time = Date.now();
    },
  };
  return store;
}

/** An accepted rerun: one more run, and (applied immediately) the instance and its nodes waiting. */
export function rerunInstance(i: HwInstance, applyRetry: ApplyRetry): void {
  i.runs += 1;
  if (applyRetry === 'manual') return;
  i.status = 'waiting';
  delete i.start_time;
  delete i.end_time;
  for (const n of i.nodes) n.status = 'waiting';
}
