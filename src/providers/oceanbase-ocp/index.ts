/**
 * OceanBase Cloud Platform (OCP): retry one failed subtask of a task instance,
 * `POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/retry`
 * (docs/providers/FACTS.md §4). Preview, the form's subtask list and status read the task detail
 * `GET /api/v2/tasks/instances/{taskInstanceId}`; only a FAILED subtask is sent.
 */
import type { Message } from '../../lib/message.ts';
import { outcomeFromError, ProviderError } from '../_shared/errors.ts';
import { retryRead, sendRerun } from '../_shared/retry.ts';
import { defineProvider } from '../_shared/define.ts';
import type { BareSession, Choice, PreviewItem, ProviderDeps, RerunOutcome, StatusItem } from '../types.ts';
import { OcpClient, retryPath, taskPath } from './client.ts';
import { ocpDemo } from './demo.ts';
import { messages, msg } from './messages.ts';
import { parseSubtask, parseTask, type SubtaskInstance, type TaskInstance } from './model.ts';
import {
  ocpTargetSchema,
  positiveId,
  PROVIDER_ID,
  retryParamsSchema,
  type OcpTarget,
  type RetryParams,
} from './schema.ts';

/** A Retry-After longer than this is reported to the person instead of waited out. */
const MAX_RESEND_WAIT_MS = 30_000;
/** Slack option text is at most 75 characters. */
const MAX_CHOICE_LABEL = 75;
/**
 * Room a choice label needs besides the name: `<id> · ` and the longest catalog's tail
 * (zh-CN ` · 失败 (FAILED)`, 14 characters), with a little to spare.
 */
const CHOICE_LABEL_TAIL = 16;

/**
 * OCP retries a FAILED subtask unless its last operation was ROLLBACK (OCP Express
 * `SubtaskInstanceManagerImpl.retrySubtask` checks both). The words for each state are in the
 * catalogs (docs/providers/FACTS.md §4.3 states).
 */
function refusal(s: SubtaskInstance): Message | undefined {
  if (s.status === 'FAILED') return s.operation === 'ROLLBACK' ? msg('oceanbase-ocp.refused.rollback', {}) : undefined;
  return msg('oceanbase-ocp.refused.notFailed', { state: s.status });
}

const noTask = (task: number) => msg('oceanbase-ocp.noTask', { task });
const noSubtask = (task: number, subtask: number) => msg('oceanbase-ocp.noSubtask', { task, subtask });
const refs = (subtasks: readonly SubtaskInstance[]) =>
  subtasks.map((s) => msg('oceanbase-ocp.subtaskRef', { id: s.id, name: s.name }));

/** What a person wants to know about a subtask before approving, and after. */
function factsOf(task: TaskInstance, s: SubtaskInstance): Message[] {
  return [
    msg('oceanbase-ocp.fact.task', { task: task.id, name: task.name, state: task.status }),
    ...(s.operation ? [msg('oceanbase-ocp.fact.operation', { operation: s.operation })] : []),
    ...(s.executor ? [msg('oceanbase-ocp.fact.executor', { executor: s.executor })] : []),
    ...(s.runTime !== undefined ? [msg('oceanbase-ocp.fact.runs', { runs: s.runTime })] : []),
    ...(s.startTime ? [msg('oceanbase-ocp.fact.started', { at: s.startTime })] : []),
    ...(s.finishTime ? [msg('oceanbase-ocp.fact.finished', { at: s.finishTime })] : []),
    ...(s.parallelIdx !== undefined && s.parallelIdx >= 0
      ? [msg('oceanbase-ocp.fact.parallel', { index: s.parallelIdx })]
      : []),
  ];
}

function session(target: OcpTarget, deps: ProviderDeps): BareSession<RetryParams> {
  const client = new OcpClient(target, deps);

  /** The task detail, or undefined when OCP says there is no such task. */
  async function readTask(task: number): Promise<TaskInstance | undefined> {
    let res;
    try {
      res = await retryRead(deps.timing, () => client.call('GET', taskPath(task), { op: 'read', task }));
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not-found') return undefined;
      throw err;
    }
    const parsed = parseTask(res.data, task);
    if (!parsed)
      throw new ProviderError('server', msg('oceanbase-ocp.error.noReadableTask', { task }), {
        requestId: res.traceId,
      });
    return parsed;
  }

  /**
   * The shared outcome; when it is unknown, each item says how to tell from the subtask's
   * state whether OCP took the retry (the shared message already says why it is unknown).
   */
  function outcomeOf(err: unknown, send: RetryParams, calls: number): RerunOutcome {
    const base = outcomeFromError(err, [String(send.subtask)], calls);
    if (base.status !== 'unknown') return base;
    const check = msg('oceanbase-ocp.outcome.checkState', { task: send.task, subtask: send.subtask });
    return { ...base, items: base.items.map((i) => ({ ...i, reason: check })) };
  }

  return {
    async preview(params) {
      const task = await readTask(params.task);
      const id = String(params.subtask);
      if (!task) {
        return {
          items: [{ id, state: 'NOT FOUND', eligible: false, reason: noTask(params.task) }],
          notes: [],
          send: null,
        };
      }
      const failed = task.subtasks.filter((s) => s.status === 'FAILED');
      const sub = task.subtasks.find((s) => s.id === params.subtask);
      if (!sub) {
        const hint = failed.length
          ? msg('oceanbase-ocp.note.failedSubtasks', { task: task.id, subtasks: refs(failed) })
          : msg('oceanbase-ocp.note.noFailedSubtask', { task: task.id, name: task.name, state: task.status });
        return {
          items: [{ id, state: 'NOT FOUND', eligible: false, reason: noSubtask(params.task, params.subtask) }],
          notes: [hint],
          send: null,
        };
      }
      const reason = refusal(sub);
      const item: PreviewItem = { id, state: sub.status, eligible: !reason, details: factsOf(task, sub) };
      if (sub.name) item.name = sub.name;
      if (reason) item.reason = reason;
      const others = failed.filter((s) => s.id !== sub.id);
      return {
        items: [item],
        notes: [
          ...(reason
            ? []
            : [msg('oceanbase-ocp.note.retryAlone', { task: task.id, subtask: sub.id, next: sub.downstreams })]),
          ...(others.length ? [msg('oceanbase-ocp.note.otherFailed', { task: task.id, subtasks: refs(others) })] : []),
        ],
        send: reason ? null : { task: params.task, subtask: params.subtask },
      };
    },

    describeCall(send) {
      const req = client.build('POST', retryPath(send.task, send.subtask), deps.clock.now(), true);
      return [{ method: 'POST', ...req }];
    },

    async rerun(send) {
      const ctx = { op: 'retry' as const, task: send.task, subtask: send.subtask };
      const sent = await sendRerun(deps.timing, () => client.call('POST', retryPath(send.task, send.subtask), ctx), {
        maxWaitMs: MAX_RESEND_WAIT_MS,
        onResend: (err, attempt, waitMs) =>
          deps.logger.warn(
            { code: (err as ProviderError).code, calls: attempt, waitMs },
            'OCP subtask retry not executed; sending again',
          ),
      });
      if (!sent.ok) return outcomeOf(sent.error, send, sent.attempts);
      const res = sent.value;
      const sub = parseSubtask(res.data);
      return {
        status: 'accepted',
        items: [{ id: String(send.subtask), result: 'accepted' }],
        message: msg('oceanbase-ocp.outcome.accepted', {
          task: send.task,
          subtask: send.subtask,
          name: sub?.name,
          state: sub?.status,
          runs: sub?.runTime,
        }),
        ...(res.traceId ? { requestId: res.traceId } : {}),
        calls: sent.attempts,
      };
    },

    /**
     * Terminal when the subtask is SUCCESSFUL, or FAILED while its task is no longer
     * RUNNING. A FAILED subtask under a RUNNING task is not final: OCP may not have picked
     * the retry up yet, or parallel branches are still going. The task's own end is not
     * waited for (a long task can run for hours); its status is reported alongside.
     *
     * The context's `acceptedAt` is not needed: OCP's retry answer already holds the subtask
     * as READY (OCP Express `retrySubtask` sets it before answering), so no FAILED state read
     * after an accepted retry is a leftover from before it.
     */
    async status(params) {
      const id = String(params.subtask);
      const task = await readTask(params.task);
      const sub = task?.subtasks.find((s) => s.id === params.subtask);
      if (!task || !sub) {
        const detail = task ? noSubtask(params.task, params.subtask) : noTask(params.task);
        return { items: [{ id, state: 'NOT FOUND', terminal: true, detail }], terminal: true };
      }
      const terminal = sub.status === 'SUCCESSFUL' || (sub.status === 'FAILED' && task.status !== 'RUNNING');
      const item: StatusItem = {
        id,
        state: sub.status,
        terminal,
        ...(terminal ? { result: sub.status === 'SUCCESSFUL' ? 'succeeded' : 'failed' } : {}),
        detail: msg('oceanbase-ocp.status.detail', { name: sub.name, facts: factsOf(task, sub) }),
      };
      return { items: [item], terminal };
    },

    /**
     * The FAILED subtasks of the task typed so far, in execution order. No task id yet gives
     * no choices; an unknown task or one with nothing to retry is said (the form shows it).
     */
    async options(key, partial) {
      if (key !== 'subtask') return [];
      const parsed = positiveId('task', '100').safeParse(partial.task);
      if (!parsed.success) return [];
      const task = await readTask(parsed.data);
      if (!task) throw new ProviderError('not-found', noTask(parsed.data));
      const failed = task.subtasks.filter((s) => s.status === 'FAILED');
      if (!failed.length) {
        throw new ProviderError(
          'precondition',
          msg('oceanbase-ocp.error.noFailedSubtask', { task: task.id, name: task.name, state: task.status }),
        );
      }
      return failed.map((s): Choice => {
        // The label is words now, rendered later: the name is cut here so every language fits.
        const room = MAX_CHOICE_LABEL - `${s.id} · `.length - CHOICE_LABEL_TAIL;
        const name = s.name && s.name.length > room ? `${s.name.slice(0, room - 1)}…` : s.name;
        return { value: String(s.id), label: msg('oceanbase-ocp.choice.failedSubtask', { id: s.id, name }) };
      });
    },
  };
}

export const oceanbaseOcp = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('oceanbase-ocp.name', {}),
  targetSchema: ocpTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'task',
      aliases: ['taskInstanceId'],
      label: msg('oceanbase-ocp.field.task.label', {}),
      hint: msg('oceanbase-ocp.field.task.hint', {}),
      example: '100',
      kind: 'integer',
      required: true,
    },
    {
      key: 'subtask',
      aliases: ['subtaskInstanceId'],
      label: msg('oceanbase-ocp.field.subtask.label', {}),
      hint: msg('oceanbase-ocp.field.subtask.hint', {}),
      example: '1000',
      kind: 'integer',
      required: true,
      pick: { dependsOn: ['task'] },
    },
  ],
  help: {
    summary: msg('oceanbase-ocp.help', {}),
    examples: ['task=100 subtask=1000'],
  },
  summarize: (p) => msg('oceanbase-ocp.summary', { task: p.task, subtask: p.subtask }),
  // One subtask per request: several cannot be named together.
  selectItems: (raw, items) => (items.length === 1 ? { ...raw, subtask: items[0] } : undefined),
  messages,
  connect: session,
  demo: ocpDemo,
});
