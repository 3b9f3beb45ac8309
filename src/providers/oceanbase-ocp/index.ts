/**
 * OceanBase Cloud Platform (OCP): retry one failed subtask of a task instance,
 * `POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/retry`
 * (docs/providers/FACTS.md §4). Preview, the form's subtask list and status read the task detail
 * `GET /api/v2/tasks/instances/{taskInstanceId}`; only a FAILED subtask is sent.
 */
import { formatDistanceStrict } from 'date-fns';
import { outcomeFromError, ProviderError, withIds } from '../_shared/errors.ts';
import { TransportError } from '../_shared/http.ts';
import { retryRead, sendRerun } from '../_shared/retry.ts';
import {
  defineProvider,
  type Choice,
  type PreviewItem,
  type ProviderDeps,
  type ProviderSession,
  type RerunOutcome,
  type StatusItem,
} from '../types.ts';
import { OcpClient, retryPath, taskPath } from './client.ts';
import { ocpDemo } from './demo.ts';
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

/** Why a subtask in each state is not sent (docs/providers/FACTS.md §4.3 states). */
const REFUSAL: Record<string, string> = {
  PENDING: 'it has not run yet (PENDING); only a FAILED subtask can be retried',
  READY: 'it is already queued to run (READY); only a FAILED subtask can be retried',
  RUNNING: 'it is running now (RUNNING); only a FAILED subtask can be retried',
  CANCELING: 'it is being cancelled (CANCELING); only a FAILED subtask can be retried',
  SUCCESSFUL: 'it already succeeded (SUCCESSFUL); there is nothing to retry',
};

/**
 * OCP retries a FAILED subtask unless its last operation was ROLLBACK (OCP Express
 * `SubtaskInstanceManagerImpl.retrySubtask` checks both).
 */
function refusal(s: SubtaskInstance): string | undefined {
  if (s.status === 'FAILED') {
    return s.operation === 'ROLLBACK'
      ? 'it failed while being rolled back (operation ROLLBACK); OCP does not retry that, so finish the rollback in OCP'
      : undefined;
  }
  return REFUSAL[s.status] ?? `its state is ${s.status}; only a FAILED subtask can be retried`;
}

const quoted = (name: string | undefined) => (name ? ` "${name}"` : '');
const noTask = (task: number) => `no task ${task} on this OCP; check the id and the target's endpoint`;

function session(target: OcpTarget, deps: ProviderDeps): ProviderSession<RetryParams> {
  const client = new OcpClient(target, deps);

  function when(label: string, time: string | undefined): string[] {
    if (!time) return [];
    const at = Date.parse(time);
    if (Number.isNaN(at)) return [`${label} ${time}`];
    return [`${label} ${time} (${formatDistanceStrict(at, deps.clock.now(), { addSuffix: true })})`];
  }

  function factsOf(task: TaskInstance, s: SubtaskInstance): string[] {
    return [
      `task ${task.id}${quoted(task.name)}: ${task.status}`,
      ...(s.operation ? [`last operation: ${s.operation}`] : []),
      ...(s.executor ? [`executor: ${s.executor}`] : []),
      ...(s.runTime !== undefined ? [`runs so far: ${s.runTime}`] : []),
      ...when('started', s.startTime),
      ...when('finished', s.finishTime),
      ...(s.parallelIdx !== undefined && s.parallelIdx >= 0 ? [`parallel branch #${s.parallelIdx}`] : []),
    ];
  }

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
      throw new ProviderError('server', `OCP's answer for task ${task} holds no readable task`, {
        requestId: res.traceId,
      });
    return parsed;
  }

  function outcomeOf(err: unknown, send: RetryParams, calls: number): RerunOutcome {
    const base = outcomeFromError(err, [String(send.subtask)], calls);
    if (base.status !== 'unknown') return base;
    const reason =
      err instanceof TransportError ? err.message : withIds((err as Error).message, base.code, base.requestId);
    return {
      ...base,
      message:
        `Outcome unknown: ${reason}. The retry of subtask ${send.subtask} of task ${send.task} may or may not have reached OCP; ` +
        'it will not be sent again automatically. The subtask state is what to check (/rerun status): READY, RUNNING or a higher ' +
        'run count means OCP took the retry; still FAILED with the same run count means it did not.',
    };
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
          ? [`Failed subtasks of task ${task.id}: ${failed.map((s) => `${s.id}${quoted(s.name)}`).join(', ')}.`]
          : [`Task ${task.id}${quoted(task.name)} is ${task.status} and has no failed subtask.`];
        return {
          items: [
            { id, state: 'NOT FOUND', eligible: false, reason: `no subtask ${params.subtask} in task ${params.task}` },
          ],
          notes: hint,
          send: null,
        };
      }
      const reason = refusal(sub);
      const item: PreviewItem = { id, state: sub.status, eligible: !reason, details: factsOf(task, sub) };
      if (sub.name) item.name = sub.name;
      if (reason) item.reason = reason;
      const others = failed.filter((s) => s.id !== sub.id);
      const next = sub.downstreams.length ? ` (next: subtask ${sub.downstreams.join(', ')})` : '';
      return {
        items: [item],
        notes: [
          ...(reason
            ? []
            : [
                `Retry reruns subtask ${sub.id} alone, as OCP's own Retry does; if it succeeds, OCP carries on with the rest of task ${task.id}${next}.`,
              ]),
          ...(others.length
            ? [
                `Task ${task.id} has other failed subtasks, each needing its own retry: ${others.map((s) => `${s.id}${quoted(s.name)}`).join(', ')}.`,
              ]
            : []),
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
      const now = sub ? `; it is now ${sub.status}${sub.runTime !== undefined ? `, run ${sub.runTime}` : ''}` : '';
      const trace = res.traceId ? ` (trace id ${res.traceId})` : '';
      return {
        status: 'accepted',
        items: [{ id: String(send.subtask), result: 'accepted' }],
        message: `OCP accepted the retry of subtask ${send.subtask}${quoted(sub?.name)} of task ${send.task}${now}${trace}.`,
        ...(res.traceId ? { requestId: res.traceId } : {}),
        calls: sent.attempts,
      };
    },

    /**
     * Terminal when the subtask is SUCCESSFUL, or FAILED while its task is no longer
     * RUNNING. A FAILED subtask under a RUNNING task is not final: OCP may not have picked
     * the retry up yet, or parallel branches are still going. The task's own end is not
     * waited for (a long task can run for hours); its status is reported alongside.
     */
    async status(params) {
      const id = String(params.subtask);
      const task = await readTask(params.task);
      const sub = task?.subtasks.find((s) => s.id === params.subtask);
      if (!task || !sub) {
        const detail = task ? `no subtask ${params.subtask} in task ${params.task}` : noTask(params.task);
        return { items: [{ id, state: 'NOT FOUND', terminal: true, detail }], terminal: true, summary: detail };
      }
      const terminal = sub.status === 'SUCCESSFUL' || (sub.status === 'FAILED' && task.status !== 'RUNNING');
      const item: StatusItem = { id, state: sub.status, terminal, detail: factsOf(task, sub).join('; ') };
      const runs = sub.runTime !== undefined ? ` (run ${sub.runTime})` : '';
      return {
        items: [item],
        terminal,
        summary: `subtask ${sub.id}${quoted(sub.name)}: ${sub.status}${runs}; task ${task.id}${quoted(task.name)}: ${task.status}`,
      };
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
      if (!task) throw new ProviderError('not-found', `OCP has no task ${parsed.data}; check the id`);
      const failed = task.subtasks.filter((s) => s.status === 'FAILED');
      if (!failed.length) {
        throw new ProviderError(
          'precondition',
          `task ${task.id}${quoted(task.name)} is ${task.status} and has no failed subtask to retry`,
        );
      }
      return failed.map((s): Choice => {
        const head = `${s.id} · `;
        const tail = ` · ${s.status}`;
        const room = MAX_CHOICE_LABEL - head.length - tail.length;
        const name = s.name ?? 'unnamed';
        return {
          value: String(s.id),
          label: `${head}${name.length > room ? `${name.slice(0, room - 1)}…` : name}${tail}`,
        };
      });
    },
  };
}

export const oceanbaseOcp = defineProvider<OcpTarget, RetryParams>({
  id: PROVIDER_ID,
  displayName: 'OceanBase Cloud Platform (OCP)',
  targetSchema: ocpTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'task',
      aliases: ['taskInstanceId'],
      label: 'Task id',
      hint: "The id of the OCP task instance (OCP's task list, or the task's URL), a positive integer.",
      example: '100',
      kind: 'integer',
      required: true,
    },
    {
      key: 'subtask',
      aliases: ['subtaskInstanceId'],
      label: 'Failed subtask',
      hint: 'The failed subtask to retry: pick one of the failed subtasks of the task above, or type its id.',
      example: '1000',
      kind: 'integer',
      required: true,
      pick: { dependsOn: ['task'] },
    },
  ],
  help: {
    summary: 'Retries one FAILED subtask of an OCP task instance; on success OCP carries on with the rest of the task.',
    examples: ['task=100 subtask=1000'],
  },
  summarize: (p) => `Retry failed subtask ${p.subtask} of OCP task ${p.task}`,
  connect: session,
  demo: ocpDemo,
});
