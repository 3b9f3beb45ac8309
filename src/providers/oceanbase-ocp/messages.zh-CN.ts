/**
 * OceanBase OCP's messages in Simplified Chinese (docs/i18n-glossary.md: 任务实例, 子任务, 重试子任务,
 * 执行节点; state codes beside their Chinese word, e.g. 失败 (FAILED)).
 */
import { cloudStateZh } from '../../lib/cloud-states.ts';
import type { Catalog, Format } from '../../lib/message.ts';
import type { OcpMessages } from './messages.ids.ts';

/** A name after its id, in Chinese quotes: `1000`“Create tenant”. */
const named = (name: string | undefined): string => (name ? `“${name}”` : '');

/** The thing a request was about: a task, or a subtask of it. */
const what = (p: { task: number; subtask: number | undefined }, f: Format): string =>
  p.subtask === undefined ? `任务 ${f.code(p.task)}` : `任务 ${f.code(p.task)} 的子任务 ${f.code(p.subtask)}`;

/** OCP's own words after ours, when it gave some (kept in the language OCP wrote them). */
const says = (said: string | undefined): string => (said ? `。OCP 返回：“${said}”` : '');

/** An OCP time with how long ago it was; a time that does not parse is shown as OCP wrote it. */
const when = (at: string, f: Format): string =>
  Number.isNaN(Date.parse(at)) ? at : `${f.date(at)}（${f.relative(at)}）`;

const FAILED = cloudStateZh('FAILED');
const onlyFailed = () => `只有${FAILED} 的子任务可以重试`;

export const zh: Catalog<OcpMessages> = {
  'oceanbase-ocp.name': () => 'OceanBase 云平台 OCP',
  'oceanbase-ocp.field.task.label': () => '任务实例 ID',
  'oceanbase-ocp.field.task.hint': () => 'OCP 任务实例的 ID（见 OCP 的任务列表或任务页面的 URL），为正整数。',
  'oceanbase-ocp.field.subtask.label': () => '失败的子任务',
  'oceanbase-ocp.field.subtask.hint': () => '要重试的失败子任务：从上面所选任务的失败子任务中选择一个，或输入其 ID。',
  'oceanbase-ocp.help': () =>
    `重试 OCP 任务实例中一个${FAILED} 的子任务；重试成功后，OCP 会继续执行该任务的其余子任务。`,
  'oceanbase-ocp.summary': (p, f) => `重试 OCP 任务 ${f.code(p.task)} 中失败的子任务 ${f.code(p.subtask)}`,

  'oceanbase-ocp.input.notANumber': (p, f) =>
    `${f.code(p.field)} 必须是正整数，例如 ${f.code(p.example)}${p.raw === undefined ? '' : `，不能是“${p.raw}”`}`,
  'oceanbase-ocp.input.negative': (p, f) => `${f.code(p.field)} 必须是正整数，“${p.raw}”是负数`,
  'oceanbase-ocp.input.fraction': (p, f) => `${f.code(p.field)} 必须是整数，不能是“${p.raw}”`,
  'oceanbase-ocp.input.zero': (p, f) => `${f.code(p.field)} 必须大于或等于 1；OCP 的 ID 从 1 开始`,
  'oceanbase-ocp.input.tooLarge': (p, f) => `${f.code(p.field)} 的值“${p.raw}”太大，不是有效的 OCP ID`,

  'oceanbase-ocp.refused.notFailed': (p) => {
    switch (p.state) {
      case 'PENDING':
        return `该子任务尚未运行，状态为${cloudStateZh(p.state)}；${onlyFailed()}`;
      case 'READY':
        return `该子任务已在排队等待运行，状态为${cloudStateZh(p.state)}；${onlyFailed()}`;
      case 'RUNNING':
        return `该子任务正在运行，状态为${cloudStateZh(p.state)}；${onlyFailed()}`;
      case 'CANCELING':
        return `该子任务正在取消，状态为${cloudStateZh(p.state)}；${onlyFailed()}`;
      case 'SUCCESSFUL':
        return `该子任务已经${cloudStateZh(p.state)}，无需重试`;
      default:
        return `该子任务的状态为${cloudStateZh(p.state)}；${onlyFailed()}`;
    }
  },
  'oceanbase-ocp.refused.rollback': (_p, f) =>
    `该子任务在回滚（操作 ${f.code('ROLLBACK')}）时失败，OCP 不支持重试这种子任务；请在 OCP 中完成回滚`,
  'oceanbase-ocp.noTask': (p, f) => `此 OCP 上没有任务 ${f.code(p.task)}；请检查任务 ID 和目标的 endpoint`,
  'oceanbase-ocp.noSubtask': (p, f) => `任务 ${f.code(p.task)} 中没有子任务 ${f.code(p.subtask)}`,
  'oceanbase-ocp.subtaskRef': (p, f) => `${f.code(p.id)}${named(p.name)}`,
  'oceanbase-ocp.note.failedSubtasks': (p, f) =>
    `任务 ${f.code(p.task)} 中失败的子任务：${f.list(p.subtasks.map((s) => f.msg(s)))}。`,
  'oceanbase-ocp.note.noFailedSubtask': (p, f) =>
    `任务 ${f.code(p.task)}${named(p.name)}的状态为${cloudStateZh(p.state)}，没有失败的子任务。`,
  'oceanbase-ocp.note.retryAlone': (p, f) =>
    `重试只重新运行子任务 ${f.code(p.subtask)}，与 OCP 控制台的“重试”相同；重试成功后，OCP 会继续执行任务 ${f.code(p.task)} 的其余子任务` +
    `${p.next.length ? `（下一个：子任务 ${f.list(p.next.map((n) => f.code(n)))}）` : ''}。`,
  'oceanbase-ocp.note.otherFailed': (p, f) =>
    `任务 ${f.code(p.task)} 还有其他失败的子任务，每个都需要单独重试：${f.list(p.subtasks.map((s) => f.msg(s)))}。`,
  'oceanbase-ocp.fact.task': (p, f) => `任务 ${f.code(p.task)}${named(p.name)}：${cloudStateZh(p.state)}`,
  'oceanbase-ocp.fact.operation': (p, f) => `最近一次操作：${f.code(p.operation)}`,
  'oceanbase-ocp.fact.executor': (p, f) => `执行节点：${f.code(p.executor)}`,
  'oceanbase-ocp.fact.runs': (p, f) => `已运行 ${f.number(p.runs)} 次`,
  'oceanbase-ocp.fact.started': (p, f) => `开始于 ${when(p.at, f)}`,
  'oceanbase-ocp.fact.finished': (p, f) => `结束于 ${when(p.at, f)}`,
  'oceanbase-ocp.fact.parallel': (p) => `并行分支 #${p.index}`,
  'oceanbase-ocp.status.detail': (p, f) => `${p.name ? `“${p.name}”；` : ''}${p.facts.map((m) => f.msg(m)).join('；')}`,
  // Plain text: a Slack option label shows no formatting.
  'oceanbase-ocp.choice.failedSubtask': (p) => `${p.id} · ${p.name ?? '未命名'} · ${FAILED}`,

  'oceanbase-ocp.outcome.accepted': (p, f) => {
    const now =
      p.state === undefined
        ? ''
        : `，当前状态为${cloudStateZh(p.state)}${p.runs === undefined ? '' : `，第 ${f.number(p.runs)} 次运行`}`;
    return `OCP 已受理任务 ${f.code(p.task)} 中子任务 ${f.code(p.subtask)}${named(p.name)}的重试${now}。`;
  },
  'oceanbase-ocp.outcome.checkState': (p, f) =>
    `请查看任务 ${f.code(p.task)} 中子任务 ${f.code(p.subtask)} 的状态：若为${cloudStateZh('READY')}、${cloudStateZh('RUNNING')} 或运行次数增加，` +
    `说明 OCP 已受理重试；若仍为${FAILED} 且运行次数不变，说明没有受理。`,

  'oceanbase-ocp.error.noReadableTask': (p, f) => `OCP 对任务 ${f.code(p.task)} 的响应中没有可读取的任务`,
  'oceanbase-ocp.error.notObject': (p) => `OCP 返回了 HTTP ${p.status}，但响应体不是 JSON 对象`,
  'oceanbase-ocp.error.noFailedSubtask': (p, f) =>
    `任务 ${f.code(p.task)}${named(p.name)}的状态为${cloudStateZh(p.state)}，没有可重试的失败子任务`,
  'oceanbase-ocp.error.auth.basic': (p) =>
    `OCP 拒绝了目标配置的用户名或密码；请检查用户名和密码，并确认该 OCP 用户没有被锁定或过期${says(p.said)}`,
  'oceanbase-ocp.error.auth.accessKey': (p) =>
    `OCP 拒绝了 AccessKey 签名；请检查目标配置的 accessKey 和 secretKey，并确认本机时钟与 OCP 的时间相差不超过 15 分钟${says(p.said)}`,
  'oceanbase-ocp.error.permission.retry': (p, f) =>
    `目标配置的 OCP 用户无权重试子任务：缺少 ${f.code('TASK_MANAGER')}（任务管理）权限。` +
    `请为其授予包含任务管理权限的角色，最好是仅限于该集群的自定义角色${says(p.said)}`,
  'oceanbase-ocp.error.permission.read': (p, f) =>
    `目标配置的 OCP 用户无权查看任务：缺少 ${f.code('TASK_VIEWER')}（任务查看）权限。请为其授予包含任务查看权限的角色${says(p.said)}`,
  'oceanbase-ocp.error.notFound.subtask': (p, f) =>
    `OCP 的任务 ${f.code(p.task)} 中没有子任务 ${f.code(p.subtask)}；请在 OCP 的任务列表中核对这两个 ID${says(p.said)}`,
  'oceanbase-ocp.error.notFound.task': (p, f) =>
    `OCP 上没有任务 ${f.code(p.task)}；请在 OCP 的任务列表中核对任务 ID，并确认目标指向正确的 OCP${says(p.said)}`,
  'oceanbase-ocp.error.stateInvalid': (p, f) =>
    `OCP 拒绝重试${what(p, f)}：只有${FAILED} 且不在回滚中的子任务可以重试；请查看其当前状态${says(p.said)}`,
  'oceanbase-ocp.error.illegalArgument': (p, f) => `OCP 认为关于${what(p, f)} 的请求中有参数无效${says(p.said)}`,
  'oceanbase-ocp.error.throttled': (p, f) =>
    `OCP（或其前面的代理）对请求进行了限流` +
    `${p.waitMs === undefined ? '' : `，要求等待 ${f.duration(p.waitMs)}后再试`}${says(p.said)}`,
  'oceanbase-ocp.error.conflict': (p, f) => `由于${what(p, f)} 的当前状态，OCP 拒绝了该请求${says(p.said)}`,
  'oceanbase-ocp.error.unsuccessful': (p, f) =>
    `OCP 回复称，关于${what(p, f)} 的请求没有成功${p.said ? says(p.said) : '，但没有说明原因'}`,
  'oceanbase-ocp.error.rejected': (p, f) => `OCP 拒绝了关于${what(p, f)} 的请求${says(p.said)}`,
  'oceanbase-ocp.error.failed': (p, f) => `OCP 处理关于${what(p, f)} 的请求时出错${says(p.said)}`,
};
