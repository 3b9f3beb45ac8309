/** OceanBase OCP's messages in English. */
import type { Catalog, Format } from '../../lib/message.ts';
import type { OcpMessages } from './messages.ids.ts';

/** A name after its id, in quotes: `1000` "Create tenant". */
const named = (name: string | undefined): string => (name ? ` "${name}"` : '');

/** The thing a request was about: a task, or a subtask of it. */
const what = (p: { task: number; subtask: number | undefined }, f: Format): string =>
  p.subtask === undefined ? `task ${f.code(p.task)}` : `subtask ${f.code(p.subtask)} of task ${f.code(p.task)}`;

/** OCP's own words after ours, when it gave some. */
const says = (said: string | undefined): string => (said ? `. OCP says: "${said}"` : '');

/** An OCP time with how long ago it was; a time that does not parse is shown as OCP wrote it. */
const when = (at: string, f: Format): string =>
  Number.isNaN(Date.parse(at)) ? at : `${f.date(at)} (${f.relative(at)})`;

const onlyFailed = (f: Format) => `only a ${f.code('FAILED')} subtask can be retried`;

export const en: Catalog<OcpMessages> = {
  'oceanbase-ocp.name': () => 'OceanBase Cloud Platform (OCP)',
  'oceanbase-ocp.field.task.label': () => 'Task id',
  'oceanbase-ocp.field.task.hint': () =>
    "The id of the OCP task instance (OCP's task list, or the task's URL), a positive integer.",
  'oceanbase-ocp.field.subtask.label': () => 'Failed subtask',
  'oceanbase-ocp.field.subtask.hint': () =>
    'The failed subtask to retry: pick one of the failed subtasks of the task above, or type its id.',
  'oceanbase-ocp.help': (_p, f) =>
    `Retries one ${f.code('FAILED')} subtask of an OCP task instance; on success OCP carries on with the rest of the task.`,
  'oceanbase-ocp.summary': (p, f) => `Retry failed subtask ${f.code(p.subtask)} of OCP task ${f.code(p.task)}`,

  'oceanbase-ocp.input.notANumber': (p, f) =>
    `${f.code(p.field)} must be a positive whole number such as ${f.code(p.example)}${p.raw === undefined ? '' : `, not "${p.raw}"`}`,
  'oceanbase-ocp.input.negative': (p, f) =>
    `${f.code(p.field)} must be a positive whole number; "${p.raw}" is negative`,
  'oceanbase-ocp.input.fraction': (p, f) => `${f.code(p.field)} must be a whole number, not "${p.raw}"`,
  'oceanbase-ocp.input.zero': (p, f) => `${f.code(p.field)} must be 1 or more; OCP ids start at 1`,
  'oceanbase-ocp.input.tooLarge': (p, f) => `${f.code(p.field)} "${p.raw}" is too large for an OCP id`,

  'oceanbase-ocp.refused.notFailed': (p, f) => {
    switch (p.state) {
      case 'PENDING':
        return `it has not run yet (${f.code(p.state)}); ${onlyFailed(f)}`;
      case 'READY':
        return `it is already queued to run (${f.code(p.state)}); ${onlyFailed(f)}`;
      case 'RUNNING':
        return `it is running now (${f.code(p.state)}); ${onlyFailed(f)}`;
      case 'CANCELING':
        return `it is being cancelled (${f.code(p.state)}); ${onlyFailed(f)}`;
      case 'SUCCESSFUL':
        return `it already succeeded (${f.code(p.state)}); there is nothing to retry`;
      default:
        return `its state is ${f.code(p.state)}; ${onlyFailed(f)}`;
    }
  },
  'oceanbase-ocp.refused.rollback': (_p, f) =>
    `it failed while being rolled back (operation ${f.code('ROLLBACK')}); OCP does not retry that, so finish the rollback in OCP`,
  'oceanbase-ocp.noTask': (p, f) => `no task ${f.code(p.task)} on this OCP; check the id and the target's endpoint`,
  'oceanbase-ocp.noSubtask': (p, f) => `no subtask ${f.code(p.subtask)} in task ${f.code(p.task)}`,
  'oceanbase-ocp.subtaskRef': (p, f) => `${f.code(p.id)}${named(p.name)}`,
  'oceanbase-ocp.note.failedSubtasks': (p, f) =>
    `Failed subtasks of task ${f.code(p.task)}: ${f.list(p.subtasks.map((s) => f.msg(s)))}.`,
  'oceanbase-ocp.note.noFailedSubtask': (p, f) =>
    `Task ${f.code(p.task)}${named(p.name)} is ${f.code(p.state)} and has no failed subtask.`,
  'oceanbase-ocp.note.retryAlone': (p, f) =>
    `Retry reruns subtask ${f.code(p.subtask)} alone, as OCP's own Retry does; if it succeeds, OCP carries on with the rest of task ${f.code(p.task)}` +
    `${p.next.length ? ` (next: subtask ${f.list(p.next.map((n) => f.code(n)))})` : ''}.`,
  'oceanbase-ocp.note.otherFailed': (p, f) =>
    `Task ${f.code(p.task)} has other failed subtasks, each needing its own retry: ${f.list(p.subtasks.map((s) => f.msg(s)))}.`,
  'oceanbase-ocp.fact.task': (p, f) => `task ${f.code(p.task)}${named(p.name)}: ${f.code(p.state)}`,
  'oceanbase-ocp.fact.operation': (p, f) => `last operation: ${f.code(p.operation)}`,
  'oceanbase-ocp.fact.executor': (p, f) => `executor: ${f.code(p.executor)}`,
  'oceanbase-ocp.fact.runs': (p, f) => `runs so far: ${f.number(p.runs)}`,
  'oceanbase-ocp.fact.started': (p, f) => `started ${when(p.at, f)}`,
  'oceanbase-ocp.fact.finished': (p, f) => `finished ${when(p.at, f)}`,
  'oceanbase-ocp.fact.parallel': (p) => `parallel branch #${p.index}`,
  'oceanbase-ocp.status.detail': (p, f) => `${p.name ? `"${p.name}"; ` : ''}${p.facts.map((m) => f.msg(m)).join('; ')}`,
  // Plain text: a Slack option label shows no formatting.
  'oceanbase-ocp.choice.failedSubtask': (p) => `${p.id} · ${p.name ?? 'unnamed'} · FAILED`,

  'oceanbase-ocp.outcome.accepted': (p, f) => {
    const now =
      p.state === undefined
        ? ''
        : `; it is now ${f.code(p.state)}${p.runs === undefined ? '' : `, run ${f.number(p.runs)}`}`;
    return `OCP accepted the retry of subtask ${f.code(p.subtask)}${named(p.name)} of task ${f.code(p.task)}${now}.`;
  },
  'oceanbase-ocp.outcome.checkState': (p, f) =>
    `Check the state of subtask ${f.code(p.subtask)} of task ${f.code(p.task)}: ${f.code('READY')}, ${f.code('RUNNING')} or a higher run count ` +
    `means OCP took the retry; still ${f.code('FAILED')} with the same run count means it did not.`,

  'oceanbase-ocp.error.noReadableTask': (p, f) => `OCP's answer for task ${f.code(p.task)} holds no readable task`,
  'oceanbase-ocp.error.notObject': (p) => `OCP answered HTTP ${p.status} with a body that is not a JSON object`,
  'oceanbase-ocp.error.noFailedSubtask': (p, f) =>
    `task ${f.code(p.task)}${named(p.name)} is ${f.code(p.state)} and has no failed subtask to retry`,
  'oceanbase-ocp.error.auth.basic': (p) =>
    `OCP refused the target's username or password; check them, and that the OCP user is not locked or expired${says(p.said)}`,
  'oceanbase-ocp.error.auth.accessKey': (p) =>
    "OCP refused the AccessKey signature; check the target's accessKey and secretKey, and that this host's clock is within 15 minutes of OCP's" +
    says(p.said),
  'oceanbase-ocp.error.permission.retry': (p, f) =>
    `The target's OCP user may not retry subtasks: it lacks the ${f.code('TASK_MANAGER')} (task management) permission. ` +
    `Give it a role that includes task management, ideally a custom role scoped to this cluster${says(p.said)}`,
  'oceanbase-ocp.error.permission.read': (p, f) =>
    `The target's OCP user may not read tasks: it lacks the ${f.code('TASK_VIEWER')} permission. ` +
    `Give it a role that includes task viewing${says(p.said)}`,
  'oceanbase-ocp.error.notFound.subtask': (p, f) =>
    `OCP has no subtask ${f.code(p.subtask)} in task ${f.code(p.task)}; check both ids in OCP's task list${says(p.said)}`,
  'oceanbase-ocp.error.notFound.task': (p, f) =>
    `OCP has no task ${f.code(p.task)}; check the id in OCP's task list and that the target points at the right OCP${says(p.said)}`,
  'oceanbase-ocp.error.stateInvalid': (p, f) =>
    `OCP refused to retry ${what(p, f)}: only a ${f.code('FAILED')} subtask that is not being rolled back can be retried; ` +
    `check its current state${says(p.said)}`,
  'oceanbase-ocp.error.illegalArgument': (p, f) =>
    `OCP rejected a parameter of the request for ${what(p, f)}${says(p.said)}`,
  'oceanbase-ocp.error.throttled': (p, f) =>
    `OCP (or a proxy in front of it) throttled the request` +
    `${p.waitMs === undefined ? '' : `; it asks to wait ${f.duration(p.waitMs)} before trying again`}${says(p.said)}`,
  'oceanbase-ocp.error.conflict': (p, f) =>
    `OCP refused the request for ${what(p, f)} because of its current state${says(p.said)}`,
  'oceanbase-ocp.error.unsuccessful': (p, f) =>
    `OCP answered that the request for ${what(p, f)} did not succeed${p.said ? says(p.said) : ', without saying why'}`,
  'oceanbase-ocp.error.rejected': (p, f) => `OCP rejected the request for ${what(p, f)}${says(p.said)}`,
  'oceanbase-ocp.error.failed': (p, f) => `OCP failed to answer the request for ${what(p, f)}${says(p.said)}`,
};
