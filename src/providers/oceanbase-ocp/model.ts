/**
 * OCP task and subtask instances, read defensively (docs/providers/FACTS.md §4.5): the vendor document
 * spells `paralleIdx` in its table and `parallelIdx` in its sample, `downstream` and
 * `downstreams`, types `status` as Integer while listing strings, and its sample JSON is
 * broken. Every field is optional here; ids may arrive as numbers or numeric strings;
 * unknown fields are ignored; a subtask without a readable id is dropped.
 */
import { z } from 'zod';

export interface SubtaskInstance {
  id: number;
  name?: string;
  seriesId?: number;
  description?: string;
  /** PENDING, READY, RUNNING, CANCELING, FAILED or SUCCESSFUL (docs/providers/FACTS.md §4.3), kept as it came. */
  status: string;
  operation?: string;
  executor?: string;
  runTime?: number;
  createTime?: string;
  startTime?: string;
  finishTime?: string;
  nodeType?: string;
  /** -1 when the subtask is not one of a set of parallel subtasks. */
  parallelIdx?: number;
  upstreams: number[];
  downstreams: number[];
}

export interface TaskInstance {
  id: number;
  name?: string;
  status: string;
  type?: string;
  operation?: string;
  creator?: string;
  subtasks: SubtaskInstance[];
}

const id = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);
const optId = id.optional().catch(undefined);
const optInt = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/)
      .transform(Number),
  ])
  .optional()
  .catch(undefined);
const optText = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional()
  .catch(undefined)
  .transform((v) => (v ? v : undefined));
const state = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim().toUpperCase())
  .catch('UNKNOWN')
  .transform((v) => v || 'UNKNOWN');
const ids = z
  .array(z.unknown())
  .catch([])
  .transform((xs) => xs.flatMap((x) => (id.safeParse(x).success ? [id.parse(x)] : [])));
/** A creator or cluster may be an object with a name, or a plain string. */
const named = z
  .union([z.string(), z.object({ name: z.string() }).loose()])
  .transform((v) => (typeof v === 'string' ? v : v.name))
  .optional()
  .catch(undefined);

const rawSubtask = z
  .object({
    id,
    name: optText,
    seriesId: optInt,
    description: optText,
    status: state,
    operation: optText,
    executor: optText,
    runTime: optInt,
    createTime: optText,
    startTime: optText,
    finishTime: optText,
    nodeType: optText,
    parallelIdx: optInt,
    paralleIdx: optInt,
    upstreams: ids.optional(),
    downstreams: ids.optional(),
    downstream: ids.optional(),
  })
  .loose();

function subtask(raw: unknown): SubtaskInstance[] {
  const r = rawSubtask.safeParse(raw);
  if (!r.success) return [];
  const { paralleIdx, downstream, downstreams, upstreams, ...s } = r.data;
  const out: SubtaskInstance = {
    id: s.id,
    status: s.status,
    upstreams: upstreams ?? [],
    downstreams: downstreams ?? downstream ?? [],
  };
  const optional = {
    name: s.name,
    seriesId: s.seriesId,
    description: s.description,
    operation: s.operation?.toUpperCase(),
    executor: s.executor,
    runTime: s.runTime,
    createTime: s.createTime,
    startTime: s.startTime,
    finishTime: s.finishTime,
    nodeType: s.nodeType,
    parallelIdx: s.parallelIdx ?? paralleIdx,
  };
  for (const [k, v] of Object.entries(optional))
    if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return [out];
}

/** Subtasks in execution order: by seriesId, not array order (obdiag `ocp_task.py`). */
function bySeries(a: SubtaskInstance, b: SubtaskInstance): number {
  return (a.seriesId ?? Number.MAX_SAFE_INTEGER) - (b.seriesId ?? Number.MAX_SAFE_INTEGER) || a.id - b.id;
}

const rawTask = z
  .object({
    id: optId,
    name: optText,
    status: state,
    type: optText,
    operation: optText,
    creator: named,
    subtasks: z.array(z.unknown()).catch([]).optional(),
  })
  .loose();

/** Reads the `data` of a task detail answer; undefined when it is not an object at all. */
export function parseTask(data: unknown, fallbackId: number): TaskInstance | undefined {
  const r = rawTask.safeParse(data);
  if (!r.success) return undefined;
  const t = r.data;
  const task: TaskInstance = {
    id: t.id ?? fallbackId,
    status: t.status,
    subtasks: (t.subtasks ?? []).flatMap(subtask).sort(bySeries),
  };
  if (t.name) task.name = t.name;
  if (t.type) task.type = t.type;
  if (t.operation) task.operation = t.operation.toUpperCase();
  if (t.creator) task.creator = t.creator;
  return task;
}

/** Reads the `data` of a retry answer (a SubtaskInstance); undefined when unreadable. */
export function parseSubtask(data: unknown): SubtaskInstance | undefined {
  return subtask(data)[0];
}
