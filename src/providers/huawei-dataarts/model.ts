/**
 * DataArts' own records, as its APIs answer them: a job instance (v2 list), an instance's detail
 * with its nodes (v1), and the instance and node states (docs/providers/FACTS.md §1.5: v2
 * `waiting, running, success, fail, running-exception, pause, manual-stop, skip-by-depend,
 * freeze`; v1 adds `forceSuccess, ignoreSuccess, waiting-confirm`).
 */

export interface JobInstance {
  job_name?: string;
  status: string;
  job_instance_name?: string;
  plan_time: number;
  start_time?: number;
  end_time?: number;
  execute_time?: number;
  instance_id?: number;
  instance_type?: number;
  submit_time?: number;
  job_id?: number;
  version?: number;
}

export interface NodeInstance {
  nodeName: string;
  status: string;
  type?: string;
  retryTimes?: number;
  startTime?: number;
  endTime?: number;
}

/** v1 instance detail: camelCase on the wire (SDK attribute_map), unlike the v2 list. */
export interface InstanceDetail {
  status?: string;
  planTime?: number;
  startTime?: number;
  endTime?: number;
  nodes?: NodeInstance[];
}

/** In progress (or held mid-run): a rerun would start a second run beside it. */
export const LIVE = new Set(['waiting', 'running', 'pause', 'waiting-confirm']);
/** Finished one way or another: a rerun is a new run of the same instance. */
export const RERUNNABLE = new Set([
  'fail',
  'running-exception',
  'manual-stop',
  'success',
  'skip-by-depend',
  'forceSuccess',
  'ignoreSuccess',
]);
/** States an instance does not leave by itself. `pause` and `freeze` wait for a person, and are reported as not final. */
export const TERMINAL = RERUNNABLE;
/** Final states that count as a success (the others in TERMINAL are a failure of the run). */
export const SUCCEEDED = new Set(['success', 'forceSuccess', 'ignoreSuccess']);
/** How terminal instances ended: succeeded when every one did. */
export function resultOf(statuses: readonly string[]): 'succeeded' | 'failed' {
  return statuses.every((s) => SUCCEEDED.has(s)) ? 'succeeded' : 'failed';
}
/** Node states that mark where an instance failed. */
export const FAILED_NODE = new Set(['fail', 'running-exception']);
