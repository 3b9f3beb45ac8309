/**
 * The "rerun job instances" parameters once parsed (docs/providers/FACTS.md §1.1): their shapes,
 * the choices and limits they are held to, and the helpers that read them. No zod here: schema.ts
 * parses input into these.
 */
import { WORKSPACE_ID } from './target.ts';

export const LOCATIONS = ['firstNode', 'errorNode', 'specifiedNode'] as const;
export type RetryLocation = (typeof LOCATIONS)[number];
export const VERSIONS = ['original', 'current'] as const;
export type TaskVersion = (typeof VERSIONS)[number];
/** The API's names for `version` (retry_task_version). */
export const WIRE_VERSION: Record<TaskVersion, string> = { original: 'original_version', current: 'current_version' };
export const MODES = ['instance', 'chain'] as const;

/** `job_id:plan_time:submit_time`, the value of an `instance` choice (at most 75 characters). */
export const INSTANCE_VALUE = /^(\d{1,16}):(\d{13}):(\d{13})$/;

export function instanceValue(i: { job_id: number; plan_time: number; submit_time: number }): string {
  return `${i.job_id}:${i.plan_time}:${i.submit_time}`;
}

export function readInstanceValue(value: string): InstanceRef {
  const m = INSTANCE_VALUE.exec(value) as RegExpExecArray;
  return { job_id: Number(m[1]), plan_time: Number(m[2]), submit_time: Number(m[3]) };
}

/** `name` or `name@workspace` → normalised `name@workspace`. */
export function splitJobRef(ref: string, defaultWorkspace: string): { job_name: string; workspace_id: string } {
  const at = ref.lastIndexOf('@');
  if (at > 0 && WORKSPACE_ID.test(ref.slice(at + 1)))
    return { job_name: ref.slice(0, at).trim(), workspace_id: ref.slice(at + 1) };
  return { job_name: ref.trim(), workspace_id: defaultWorkspace };
}

/**
 * What the preview saw of an instance, carried in `send` (never typed by a person): the rerun
 * reads the instance again just before sending and leaves it out when this has changed.
 */
export interface SeenState {
  status: string;
  end_time?: number;
}

/** One entry of task_retrys. */
export interface InstanceRef {
  job_id: number;
  plan_time: number;
  submit_time: number;
  /** Set by preview() on `send` only. */
  seen?: SeenState;
}

export interface CommonParams {
  /** The job named in the URL path (its instances in mode=instance; the anchor in mode=chain). */
  job: string;
  location: RetryLocation;
  node?: string;
  version: TaskVersion;
  ignore_obs_monitor: boolean;
}

export interface InstanceParams extends CommonParams {
  mode: 'instance';
  /** One or more instances of `job`, distinct, in the order given. */
  instances: InstanceRef[];
}

export interface ChainParams extends CommonParams {
  mode: 'chain';
  /** Each `name@workspace`. */
  jobs: string[];
  begin: number;
  end: number;
  concurrent: number;
  /** Set by preview() on `send` only: job ref → the status counts the preview saw in the window. */
  seen?: Record<string, string>;
}

export type RerunParams = InstanceParams | ChainParams;

/**
 * The instances `p` names. Also reads the shape stored before several instances were allowed
 * (job_id, plan_time and submit_time on the params themselves), so requests stored by an older
 * version still preview, send and report their status.
 */
export function instancesOf(p: InstanceParams): InstanceRef[] {
  if (Array.isArray(p.instances)) return p.instances;
  const legacy = p as unknown as Partial<Record<'job_id' | 'plan_time' | 'submit_time', unknown>>;
  if (
    typeof legacy.job_id === 'number' &&
    typeof legacy.plan_time === 'number' &&
    typeof legacy.submit_time === 'number'
  ) {
    return [{ job_id: legacy.job_id, plan_time: legacy.plan_time, submit_time: legacy.submit_time }];
  }
  return [];
}

/** `p` in the current shape (see instancesOf): what the session works on. */
export function normalizeParams(p: RerunParams): RerunParams {
  if (p.mode !== 'instance') return p;
  const { job, location, node, version, ignore_obs_monitor } = p;
  return {
    job,
    location,
    ...(node !== undefined ? { node } : {}),
    version,
    ignore_obs_monitor,
    mode: 'instance',
    instances: instancesOf(p),
  };
}
