/**
 * zod schemas for a DataArts Studio target (docs/SPEC.md §3) and for the "rerun job instances"
 * parameters (docs/providers/FACTS.md §1.1), with the rules between fields. Parsing is idempotent: the
 * parsed parameters, fed back in, parse to themselves (the core may store and re-read them).
 *
 * The target schema is in target.ts, the parsed parameters' shapes in params.ts and their limits
 * in limits.ts; this file parses the parameters and re-exports the first two, so it stays the
 * folder's one schema entry.
 */
import { z } from 'zod';
import type { Message } from '../../lib/message.ts';
import { logText } from '../_shared/errors.ts';
import type { ParamsContext } from '../types.ts';
import { msg } from './messages.ts';
import { MAX_CHAIN_JOBS, MAX_CONCURRENT, MAX_INSTANCES, MAX_WINDOW_DAYS, MAX_WINDOW_MS } from './limits.ts';
import {
  INSTANCE_VALUE,
  LOCATIONS,
  MODES,
  VERSIONS,
  instanceValue,
  readInstanceValue,
  splitJobRef,
  type CommonParams,
  type InstanceRef,
  type RerunParams,
  type RetryLocation,
  type TaskVersion,
} from './params.ts';
import type { HuaweiTarget } from './target.ts';
import { parseTime } from './times.ts';

export {
  LOCATIONS,
  MODES,
  VERSIONS,
  WIRE_VERSION,
  instanceValue,
  instancesOf,
  normalizeParams,
  splitJobRef,
  type ChainParams,
  type InstanceParams,
  type InstanceRef,
  type RerunParams,
  type RetryLocation,
  type SeenState,
  type TaskVersion,
} from './params.ts';
export { PROVIDER_ID, WORKSPACE_ID, huaweiTargetSchema, type HuaweiAuth, type HuaweiTarget } from './target.ts';

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
