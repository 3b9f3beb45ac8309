/**
 * zod schemas for a DataArts Studio target (docs/SPEC.md §3) and for the "rerun job instances"
 * parameters (docs/providers/FACTS.md §1.1), with the rules between fields. Parsing is idempotent: the
 * parsed parameters, fed back in, parse to themselves (the core may store and re-read them).
 */
import { z } from 'zod';
import type { Message } from '../../lib/message.ts';
import { logText } from '../_shared/errors.ts';
import { commonTargetFields } from '../_shared/target.ts';
import type { ParamsContext } from '../types.ts';
import { msg } from './messages.ts';
import { parseTime } from './times.ts';

export const PROVIDER_ID = 'huawei-dataarts';

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const PROJECT_ID = /^[0-9a-f]{32}$/;
export const WORKSPACE_ID = /^[0-9A-Za-z_-]{1,64}$/;
const HTTP_URL = /^https?:\/\/[^\s/]+/;

// ---------------------------------------------------------------------------------------------
// Target

/**
 * A required non-empty string whose absence says `required` on its own: the auth shapes are
 * parsed inside a transform, where the core's per-parse error map does not reach.
 */
const requiredString = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be a string') }).min(1, 'must not be empty');

const akskAuth = z
  .object({
    accessKey: requiredString(),
    secretKey: requiredString(),
    /** Temporary AK/SK (from STS) carry a security token, sent and signed as X-Security-Token. */
    securityToken: requiredString().optional(),
  })
  .strict()
  .transform((a) => ({ kind: 'aksk' as const, ...a }));

const tokenAuth = z
  .object({ token: requiredString().max(4096, 'an IAM token is at most 4096 characters') })
  .strict()
  .transform((a) => ({ kind: 'token' as const, ...a }));

const passwordAuth = z
  .object({
    username: requiredString(),
    password: requiredString(),
    /** The account (domain) name the IAM user belongs to. */
    domain: requiredString(),
    /** Default https://iam.{region}.myhuaweicloud.com. */
    iamEndpoint: z.string().regex(HTTP_URL, 'must be an http:// or https:// base URL').optional(),
  })
  .strict()
  .transform((a) => ({ kind: 'password' as const, ...a }));

const AUTH_SHAPES =
  '{ accessKey, secretKey, securityToken? }, { token } or { username, password, domain, iamEndpoint? }';

/** Picks the auth shape by the keys present, so a missing field says `required` rather than "no union member matched". */
function authSchemaFor(value: unknown): typeof akskAuth | typeof tokenAuth | typeof passwordAuth {
  const keys = value && typeof value === 'object' ? Object.keys(value) : [];
  if (keys.includes('token')) return tokenAuth;
  if (['username', 'password', 'domain', 'iamEndpoint'].some((k) => keys.includes(k))) return passwordAuth;
  return akskAuth;
}

const authSchema = z.unknown().transform((value, ctx) => {
  if (value === undefined || value === null) {
    ctx.addIssue({ code: 'custom', message: 'required' });
    return z.NEVER;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: `must be one of ${AUTH_SHAPES}` });
    return z.NEVER;
  }
  const result = authSchemaFor(value).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        ctx.addIssue({
          code: 'custom',
          message: `unknown key; auth takes one of ${AUTH_SHAPES}`,
          path: [...issue.path, key],
        });
    } else {
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
  }
  return z.NEVER;
});

export const huaweiTargetSchema = z
  .object({
    provider: z.literal(PROVIDER_ID),
    ...commonTargetFields,
    region: requiredString().regex(REGION, 'must be a region id such as cn-north-4'),
    projectId: requiredString().regex(
      PROJECT_ID,
      'must be a 32-character project id such as 62099355b894428e8916573ae635f1f9',
    ),
    workspace: requiredString().regex(WORKSPACE_ID, 'must be a workspace id such as 62fbba734e634c5087656fc3ff7adf34'),
    auth: authSchema,
  })
  .strict();

export type HuaweiTarget = z.infer<typeof huaweiTargetSchema>;
export type HuaweiAuth = HuaweiTarget['auth'];

// ---------------------------------------------------------------------------------------------
// Rerun parameters

export const LOCATIONS = ['firstNode', 'errorNode', 'specifiedNode'] as const;
export type RetryLocation = (typeof LOCATIONS)[number];
export const VERSIONS = ['original', 'current'] as const;
export type TaskVersion = (typeof VERSIONS)[number];
/** The API's names for `version` (retry_task_version). */
export const WIRE_VERSION: Record<TaskVersion, string> = { original: 'original_version', current: 'current_version' };
export const MODES = ['instance', 'chain'] as const;

export const MAX_CONCURRENT = 128;
/** Jobs named in one chain rerun; one call carries them all (the API documents no batch size). */
export const MAX_CHAIN_JOBS = 100;
export const MAX_NAME_LENGTH = 128;

/**
 * Job and node names may hold Chinese characters, spaces and `()`; `/` would split the URL path
 * and `%` would suggest an already-encoded name, which must never be encoded twice (FACTS §1.7).
 */
const NAME_FORBIDDEN_CHARS = /[/\\%?#]/;
const hasControlChar = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
export const isForbiddenName = (s: string) => NAME_FORBIDDEN_CHARS.test(s) || hasControlChar(s);

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/**
 * A problem a person reads, as a zod custom issue: `message` is the English line for logs,
 * `params.message` what the core renders in the reader's language. `required` marks a value
 * that is needed but absent, so a request missing only such values opens the form instead.
 */
function problem(
  ctx: Pick<z.core.$RefinementCtx, 'addIssue'>,
  message: Message,
  path?: (string | number)[],
  required = false,
): void {
  ctx.addIssue({
    code: 'custom',
    message: logText(message),
    params: required ? { message, required: true } : { message },
    ...(path ? { path } : {}),
  });
}

/** Why `name` cannot be a job or node name (`key` is the field it was typed in), or undefined. */
function nameProblem(key: string, name: string): Message | undefined {
  if (name.length === 0) return msg('huawei-dataarts.input.name.empty', { key });
  if (name.length > MAX_NAME_LENGTH) return msg('huawei-dataarts.input.name.tooLong', { key, max: MAX_NAME_LENGTH });
  if (isForbiddenName(name)) return msg('huawei-dataarts.input.name.forbidden', { key });
  return undefined;
}

function nameSchema(key: string) {
  return z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      const m = nameProblem(key, s);
      if (m) problem(ctx, m);
    });
}

function choice<T extends string>(values: readonly T[], aliases: Record<string, T>, message: Message) {
  const byLower = new Map<string, T>();
  for (const v of values) byLower.set(v.toLowerCase(), v);
  for (const [a, v] of Object.entries(aliases)) byLower.set(a.toLowerCase(), v);
  return z.string().transform((s, ctx) => {
    const v = byLower.get(s.trim().toLowerCase());
    if (v === undefined) {
      problem(ctx, message);
      return z.NEVER;
    }
    return v;
  });
}

const booleanSchema = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  const t = v.trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  problem(ctx, msg('huawei-dataarts.input.boolean', { key: 'ignore_obs_monitor' }));
  return z.NEVER;
});

function integerSchema(message: Message, min: number, max: number) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problem(ctx, message);
      return z.NEVER;
    }
    return n;
  });
}

function timeSchema(key: string, timeZone: string, now: Date) {
  return z.union([z.number(), z.string()]).transform((v, ctx) => {
    const ms = parseTime(v, timeZone, now);
    if (ms === undefined) {
      problem(ctx, msg('huawei-dataarts.input.time', { key, timeZone }));
      return z.NEVER;
    }
    return ms;
  });
}

/** `job_id:plan_time:submit_time`, the value of an `instance` choice (at most 75 characters). */
const INSTANCE_VALUE = /^(\d{1,16}):(\d{13}):(\d{13})$/;

/** Instances named in one mode=instance rerun (one call carries them all in task_retrys). */
export const MAX_INSTANCES = 20;
/** The longest chain window (end − begin): the instance list reads about a month per query. */
export const MAX_WINDOW_DAYS = 31;
export const MAX_WINDOW_MS = MAX_WINDOW_DAYS * 86_400_000;

export function instanceValue(i: { job_id: number; plan_time: number; submit_time: number }): string {
  return `${i.job_id}:${i.plan_time}:${i.submit_time}`;
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

interface CommonParams {
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

const refKey = (i: InstanceRef) => instanceValue(i);

const INSTANCE_KEYS = ['instance', 'instances', 'job_id', 'plan_time', 'submit_time'] as const;
const CHAIN_KEYS = ['jobs', 'begin', 'end', 'concurrent'] as const;

/** A comma-separated string or a list, blank entries dropped; nothing left reads as absent. */
function listOrUndefined(v: unknown): unknown {
  const items = typeof v === 'string' ? v.split(/[,\n]/) : v;
  if (!Array.isArray(items)) return items;
  const kept = items.filter((x) => typeof x !== 'string' || x.trim() !== '');
  return kept.length > 0 ? kept : undefined;
}

function readInstanceValue(value: string): InstanceRef {
  const m = INSTANCE_VALUE.exec(value) as RegExpExecArray;
  return { job_id: Number(m[1]), plan_time: Number(m[2]), submit_time: Number(m[3]) };
}

const epochMs = z.number().int().min(1_000_000_000_000).max(9_999_999_999_999);
const instanceRef = z
  .object({ job_id: z.number().int().positive(), plan_time: epochMs, submit_time: epochMs })
  .transform((r): InstanceRef => ({ job_id: r.job_id, plan_time: r.plan_time, submit_time: r.submit_time }));

export function rerunParamsSchema(ctx: ParamsContext<HuaweiTarget>): z.ZodType<RerunParams> {
  const { timeZone, workspace } = ctx.target;
  const jobRef = z.string().transform((ref, c) => {
    const { job_name, workspace_id } = splitJobRef(ref, workspace);
    const name = job_name.trim();
    const m = nameProblem('jobs', name);
    if (m) {
      problem(c, msg('huawei-dataarts.input.jobsEntry', { ref: ref.trim(), problem: m }));
      return z.NEVER;
    }
    return `${name}@${workspace_id}`;
  });

  const raw = z
    .object({
      job: z.preprocess(blankToUndefined, nameSchema('job').optional()),
      mode: opt(choice(MODES, {}, msg('huawei-dataarts.input.mode', {}))),
      location: opt(choice(LOCATIONS, {}, msg('huawei-dataarts.input.location', {}))),
      node: opt(nameSchema('node')),
      version: opt(
        choice(
          VERSIONS,
          { original_version: 'original', current_version: 'current' },
          msg('huawei-dataarts.input.version', {}),
        ),
      ),
      ignore_obs_monitor: opt(booleanSchema),
      // A list field: text gives string[] (instance=a,b), the form's multi-select the same.
      instance: z.preprocess(
        listOrUndefined,
        z
          .array(
            z
              .string()
              .trim()
              .refine((v) => INSTANCE_VALUE.test(v), {
                message: 'each instance looks like job_id:plan_time:submit_time; pick them from the list',
                params: { message: msg('huawei-dataarts.input.instanceValue', {}) },
              }),
          )
          .transform((values) => values.map(readInstanceValue))
          .optional(),
      ),
      // The parsed shape (params parse to themselves); not a field, so never typed by a person.
      instances: z.array(instanceRef).optional(),
      job_id: opt(integerSchema(msg('huawei-dataarts.input.jobId', {}), 1, Number.MAX_SAFE_INTEGER)),
      plan_time: opt(timeSchema('plan_time', timeZone, ctx.now)),
      submit_time: opt(timeSchema('submit_time', timeZone, ctx.now)),
      jobs: z.preprocess(
        (v) => (typeof v === 'string' ? v.split(',') : v),
        z
          .array(jobRef)
          .transform((refs) => [...new Set(refs)])
          .refine((refs) => refs.length <= MAX_CHAIN_JOBS, {
            message: `at most ${MAX_CHAIN_JOBS} jobs per request`,
            params: { message: msg('huawei-dataarts.input.tooManyJobs', { max: MAX_CHAIN_JOBS }) },
          })
          .optional(),
      ),
      begin: opt(timeSchema('begin', timeZone, ctx.now)),
      end: opt(timeSchema('end', timeZone, ctx.now)),
      concurrent: opt(
        integerSchema(msg('huawei-dataarts.input.concurrent', { max: MAX_CONCURRENT }), 1, MAX_CONCURRENT),
      ),
    })
    .strict();

  return raw
    .superRefine((p, c) => {
      // A value that is needed but absent is marked `required`: the core then opens the form
      // with that field marked (its hint says when it is needed). Conflicts are plain problems.
      const missing = (key: string, message: Message) => problem(c, message, [key], true);
      const issue = (key: string, message: Message) => problem(c, message, [key]);
      const required = msg('huawei-dataarts.input.required', {});
      if (p.job === undefined) missing('job', required);
      if (p.location === undefined) missing('location', required);
      if (p.version === undefined) missing('version', required);
      if (p.location === 'specifiedNode' && p.node === undefined)
        missing('node', msg('huawei-dataarts.input.nodeRequired', {}));
      if (p.location !== undefined && p.location !== 'specifiedNode' && p.node !== undefined)
        issue('node', msg('huawei-dataarts.input.nodeUnused', { location: p.location }));
      const mode = p.mode ?? 'instance';
      if (mode === 'instance') {
        for (const key of CHAIN_KEYS)
          if (p[key] !== undefined) issue(key, msg('huawei-dataarts.input.chainOnly', { key }));
        const parts = (['job_id', 'plan_time', 'submit_time'] as const).filter((k) => p[k] !== undefined);
        const listed = [...(p.instance ?? []), ...(p.instances ?? [])];
        if (listed.length > 0 && parts.length > 0) {
          issue('instance', msg('huawei-dataarts.input.instanceBoth', {}));
        } else if (listed.length === 0 && parts.length === 0) {
          missing('instance', msg('huawei-dataarts.input.instanceRequired', {}));
        } else if (listed.length === 0) {
          for (const key of ['job_id', 'plan_time', 'submit_time'] as const)
            if (p[key] === undefined) missing(key, msg('huawei-dataarts.input.instancePartRequired', { key }));
        } else if (new Set(listed.map(refKey)).size > MAX_INSTANCES) {
          issue('instance', msg('huawei-dataarts.input.tooManyInstances', { max: MAX_INSTANCES }));
        }
      } else {
        for (const key of INSTANCE_KEYS)
          if (p[key] !== undefined) issue(key, msg('huawei-dataarts.input.instanceOnly', { key }));
        for (const key of ['begin', 'end'] as const)
          if (p[key] === undefined) missing(key, msg('huawei-dataarts.input.windowRequired', { key }));
        if (p.begin !== undefined && p.end !== undefined && p.begin >= p.end)
          issue('end', msg('huawei-dataarts.input.endBeforeBegin', {}));
        if (p.begin !== undefined && p.end !== undefined && p.end - p.begin > MAX_WINDOW_MS)
          issue('end', msg('huawei-dataarts.input.windowTooLong', { days: MAX_WINDOW_DAYS }));
        if (p.jobs !== undefined && p.jobs.length === 0) issue('jobs', msg('huawei-dataarts.input.noJobs', {}));
      }
    })
    .transform((p): RerunParams => {
      const common: CommonParams = {
        job: p.job as string,
        location: p.location as RetryLocation,
        version: p.version as TaskVersion,
        ignore_obs_monitor: p.ignore_obs_monitor ?? true,
        ...(p.node !== undefined ? { node: p.node } : {}),
      };
      if ((p.mode ?? 'instance') === 'chain') {
        return {
          ...common,
          mode: 'chain',
          jobs: p.jobs ?? [`${common.job}@${workspace}`],
          begin: p.begin as number,
          end: p.end as number,
          concurrent: p.concurrent ?? 1,
        };
      }
      const listed = [...(p.instance ?? []), ...(p.instances ?? [])];
      const refs =
        listed.length > 0
          ? listed
          : [{ job_id: p.job_id as number, plan_time: p.plan_time as number, submit_time: p.submit_time as number }];
      const distinct = new Map(
        refs.map((r) => [refKey(r), { job_id: r.job_id, plan_time: r.plan_time, submit_time: r.submit_time }]),
      );
      return { ...common, mode: 'instance', instances: [...distinct.values()] };
    });
}
