/**
 * OceanBase OCP's message ids with their parameters: what messages.ts builds, and what each
 * catalog (messages.en.ts, messages.zh-CN.ts) must word. A file of its own so the catalogs are
 * typed by it without importing messages.ts, which imports them (no import cycle).
 */
import type { Message } from '../../lib/message.ts';

/** Where an error is about a task, or one subtask of it. */
type About = { task: number; subtask: number | undefined };
/** What OCP's own error message said, when it said something (kept as it came, shortened). */
type Said = { said: string | undefined };

export type OcpMessages = {
  'oceanbase-ocp.name': Record<string, never>;
  'oceanbase-ocp.field.task.label': Record<string, never>;
  'oceanbase-ocp.field.task.hint': Record<string, never>;
  'oceanbase-ocp.field.subtask.label': Record<string, never>;
  'oceanbase-ocp.field.subtask.hint': Record<string, never>;
  'oceanbase-ocp.help': Record<string, never>;
  'oceanbase-ocp.summary': { task: number; subtask: number };

  // Rerun parameters that are not an OCP id (`raw` is what was typed, shortened).
  'oceanbase-ocp.input.notANumber': { field: string; example: string; raw: string | undefined };
  'oceanbase-ocp.input.negative': { field: string; raw: string };
  'oceanbase-ocp.input.fraction': { field: string; raw: string };
  'oceanbase-ocp.input.zero': { field: string };
  'oceanbase-ocp.input.tooLarge': { field: string; raw: string };

  // Preview: why a subtask is not sent, what it is, what the retry does.
  'oceanbase-ocp.refused.notFailed': { state: string };
  'oceanbase-ocp.refused.rollback': Record<string, never>;
  'oceanbase-ocp.noTask': { task: number };
  'oceanbase-ocp.noSubtask': { task: number; subtask: number };
  'oceanbase-ocp.subtaskRef': { id: number; name: string | undefined };
  'oceanbase-ocp.note.failedSubtasks': { task: number; subtasks: Message[] };
  'oceanbase-ocp.note.noFailedSubtask': { task: number; name: string | undefined; state: string };
  'oceanbase-ocp.note.retryAlone': { task: number; subtask: number; next: number[] };
  'oceanbase-ocp.note.otherFailed': { task: number; subtasks: Message[] };
  'oceanbase-ocp.fact.task': { task: number; name: string | undefined; state: string };
  'oceanbase-ocp.fact.operation': { operation: string };
  'oceanbase-ocp.fact.executor': { executor: string };
  'oceanbase-ocp.fact.runs': { runs: number };
  /** `at` as OCP wrote it: an ISO time, or left as it came when it does not parse. */
  'oceanbase-ocp.fact.started': { at: string };
  'oceanbase-ocp.fact.finished': { at: string };
  'oceanbase-ocp.fact.parallel': { index: number };
  'oceanbase-ocp.status.detail': { name: string | undefined; facts: Message[] };
  'oceanbase-ocp.choice.failedSubtask': { id: number; name: string | undefined };

  // Rerun outcome.
  'oceanbase-ocp.outcome.accepted': {
    task: number;
    subtask: number;
    name: string | undefined;
    state: string | undefined;
    runs: number | undefined;
  };
  'oceanbase-ocp.outcome.checkState': { task: number; subtask: number };

  // Errors: OCP's answer → a sentence (errors.ts, client.ts).
  'oceanbase-ocp.error.noReadableTask': { task: number };
  'oceanbase-ocp.error.notObject': { status: number };
  'oceanbase-ocp.error.noFailedSubtask': { task: number; name: string | undefined; state: string };
  'oceanbase-ocp.error.auth.basic': Said;
  'oceanbase-ocp.error.auth.accessKey': Said;
  'oceanbase-ocp.error.permission.retry': Said;
  'oceanbase-ocp.error.permission.read': Said;
  'oceanbase-ocp.error.notFound.subtask': { task: number; subtask: number } & Said;
  'oceanbase-ocp.error.notFound.task': { task: number } & Said;
  'oceanbase-ocp.error.stateInvalid': About & Said;
  'oceanbase-ocp.error.illegalArgument': About & Said;
  'oceanbase-ocp.error.throttled': { waitMs: number | undefined } & Said;
  'oceanbase-ocp.error.conflict': About & Said;
  'oceanbase-ocp.error.unsuccessful': About & Said;
  'oceanbase-ocp.error.rejected': About & Said;
  'oceanbase-ocp.error.failed': About & Said;
};
