/** The core's messages in Simplified Chinese (words of docs/i18n-glossary.md). */
import type { Catalog, Format } from '../lib/message.ts';
import type { CallEnd, JobEnd, JobPhase } from '../core/model/lifecycle.ts';
import type { CoreMessages } from '../core/messages.ts';
import { cloudStateZh, JOB_ZH, REQUEST_ZH } from './states.ts';

const KIND: Record<string, string> = { approve: '批准', reject: '拒绝', cancel: '取消', review: '复核' };
const POLICY: Record<string, string> = {
  confirm: '确认（confirm）',
  peer: '他人审批（peer）',
  group: '群组审批（group）',
};
const ORIGIN: Record<string, string> = { string: '个字符', array: '项', set: '项' };
/** zod's type names, as a person reads them. */
const TYPE: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '对象',
  date: '日期',
};

/** How a call ended, in one phrase (announce lines and the requester's message). */
const CALL_ZH: Record<CallEnd, string> = {
  accepted: '云服务已受理',
  partial: '云服务已部分受理',
  refused: '云服务拒绝',
  'not-sent': '未向云服务发起调用',
  unknown: '结果未知，请查看状态',
};

/** How a followed job ended, in one phrase. */
const FINAL_ZH: Record<JobEnd, string> = {
  succeeded: '作业运行成功',
  'failed-again': '作业再次失败',
  ended: '作业已结束（云服务未说明是否成功）',
  unwatched: '机器人停止跟踪时作业仍未结束',
};

/** The job's half of the story: "作业运行中（已 4 分钟）", "作业再次失败（受理 3 分钟后）" (no space after a duration). */
function jobPart(job: JobPhase, elapsedMs: number | undefined, f: Format): string {
  const how = job === 'ended' ? '；云服务未说明结果' : '';
  if (elapsedMs === undefined) return job === 'ended' ? `${JOB_ZH.ended}（云服务未说明结果）` : JOB_ZH[job];
  return job === 'running'
    ? `${JOB_ZH.running}（已 ${f.duration(elapsedMs)}）`
    : `${JOB_ZH[job]}（受理 ${f.duration(elapsedMs)}后${how}）`;
}

export const coreZh: Catalog<CoreMessages> = {
  'input.required': () => '必填',
  'input.type': (p, f) => (TYPE[p.expected] ? `应为${TYPE[p.expected]}` : `类型应为 ${f.code(p.expected)}`),
  'input.oneOf': (p, f) =>
    `必须是 ${f.list(
      p.values.map((v) => f.code(v)),
      'disjunction',
    )} 之一`,
  'input.tooSmall': (p, f) =>
    ORIGIN[p.origin] ? `至少需要 ${f.number(p.minimum)} ${ORIGIN[p.origin]}` : `不能小于 ${f.number(p.minimum)}`,
  'input.tooBig': (p, f) =>
    ORIGIN[p.origin] ? `最多 ${f.number(p.maximum)} ${ORIGIN[p.origin]}` : `不能大于 ${f.number(p.maximum)}`,
  'input.format': () => '格式不正确',
  'input.unknownKeys': (p, f) => `未知的参数：${f.list(p.keys.map((k) => f.code(k)))}`,
  // zod's own text is English: the Chinese says what it means without it.
  'input.invalid': () => '取值无效',
  'input.atItem': (p, f) => `第 ${f.number(p.item)} 项：${f.msg(p.issue)}`,
  'click.onlyRequesterCancels': () => '只有申请人可以取消此审批请求。',
  'click.ownRequest': (p, f) =>
    `这是您自己发起的重跑请求，${POLICY[p.policy] ?? p.policy}策略要求由其他人${KIND[p.kind] ?? p.kind}。如需撤回，${f.typed ? `请输入 ${f.code(`cancel ${p.id}`)}` : '请点击“取消”'}。`,
  'click.notApprover': (p, f) =>
    `只有 ${f.list(p.approvers)} 可以${KIND[p.kind] ?? p.kind} ${f.code(p.target)} 的重跑请求。`,
  'click.alreadyApproved': () => '您已批准过此重跑请求，还需要其他审批人批准。',
  'click.expired': (p, f) => `此重跑请求已于 ${f.date(p.at)} 过期，未向云服务发起调用。申请人可以重新申请。`,
  'click.alreadyExpired': () => '此重跑请求已过期，未向云服务发起调用。请重新申请。',
  'click.alreadyDone': (p, f) =>
    `此重跑请求已经处理过，当前状态：${f.msg(p.story)}。${p.sent ? '每个重跑请求只会向云服务发起一次调用。' : '未向云服务发起调用。'}`,
  story: (p, f) => {
    const by = f.list(p.by.map((u) => f.user(u)));
    const policy = p.byPolicy && `策略 ${f.code(p.byPolicy)}`;
    const call =
      p.state === 'pending'
        ? `${REQUEST_ZH.pending}${p.min > 1 ? `（已有 ${f.number(p.approvals)}/${f.number(p.min)} 次审批）` : ''}`
        : policy && p.state === 'sending'
          ? `无人按时审批，已由${policy}超时批准，正在调用云服务`
          : policy && p.state === 'rejected'
            ? `无人按时审批，已被${policy}超时拒绝`
            : policy
              ? `${REQUEST_ZH[p.state]}（${policy}超时批准）`
              : p.state === 'sending' && p.by.length
                ? `已由 ${by} 批准，正在调用云服务`
                : (p.state === 'rejected' || p.state === 'cancelled') && p.by.length
                  ? `已被 ${by} ${p.state === 'rejected' ? '拒绝' : '取消'}`
                  : REQUEST_ZH[p.state];
    return p.job ? `${call}，${jobPart(p.job, p.elapsedMs, f)}` : call;
  },
  'ask.alreadyOpen': (p, f) =>
    `${f.list(p.items.map((i) => f.code(i)))} 已在 ${f.user(p.requester)} 发起的重跑请求 ${f.code(p.requestId)}（${f.msg(p.story)}）中；请批准或取消该重跑请求，不要重复申请。`,
  'ask.cooldown': (p, f) =>
    `${f.code(p.item)} 最近已重跑 ${f.number(p.count)} 次；${f.code(p.target)} 每 ${f.duration(p.perMs)}最多允许 ${f.number(p.reruns)} 次。请先查明它反复失败的原因。`,
  'ask.wrongPlace': (p, f) =>
    `此频道不接受 ${f.code(p.target)} 的重跑请求；请在 ${f.list(p.places, 'disjunction')} 中申请。`,
  'ask.notRequester': (p, f) => `只有 ${f.list(p.requesters)} 可以申请重跑 ${f.code(p.target)}。`,
  'ask.noTarget': (p, f) =>
    `没有名为 ${f.code(p.target)} 的目标。可用的目标：${f.list(p.targets.map((t) => f.code(t)))}。输入 ${f.command('help')} 查看示例。`,
  'ask.previewFailed': (p, f) => `无法读取当前状态（${f.msg(p.provider)}）：${f.msg(p.error)}。未向云服务发起调用。`,
  'ask.tooMany': (p, f) =>
    `此重跑请求包含 ${f.number(p.count)} 项；${f.code(p.target)} 每个重跑请求最多允许 ${f.number(p.max)} 项。请拆分后再申请。`,
  'ask.nothingEligible': (p, f) =>
    `${f.code(p.target)} 上没有可重跑的项：${p.items.map((i) => f.msg(i)).join('；')}。未向云服务发起调用。`,
  'ask.publishFailed': (p, f) =>
    `无法在此频道发布审批请求，或聊天工具没有确认（${f.msg(p.error)}）；重跑请求已撤回，未向云服务发起调用。请把机器人邀请进频道后重新申请。`,
  'ask.publishUnsure': (p, f) =>
    `Slack 没有确认审批请求 ${f.code(p.id)} 已发布。机器人稍后会在频道中查找它，找不到时才重新发布；在此期间重跑请求仍在等待审批。`,
  'ask.publishLater': (p, f) =>
    `Slack 要求机器人稍后再发布，因此审批请求 ${f.code(p.id)} 尚未出现在频道中。机器人会在稍后发布它（只发布一次）；在此期间重跑请求仍在等待审批。`,
  'askAgain.notRequester': (_p, f) => `只有申请人可以重新申请；请使用 ${f.command('')} 发起您自己的重跑请求。`,
  'askAgain.notAgain': (p, f) =>
    `重跑请求 ${f.code(p.id)} 的状态是“${f.msg(p.story)}”：只有已过期或作业再次失败的重跑请求才能重新申请。`,
  'request.notFound': (p, f) => `没有重跑请求 ${f.code(p.id)}。`,
  'request.newer': (p, f) =>
    `重跑请求 ${f.code(p.id)} 由更新版本的 rerun-bot 写入；这个副本不处理它，也没有做任何更改。请在所有副本都升级到新版本后重试。`,
  'item.state': (p, f) => `${f.code(p.id)}：${cloudStateZh(p.state)}${p.reason ? `（${f.msg(p.reason)}）` : ''}`,
  'item.notEligible': () => '不符合条件',
  'item.changed': (p, f) => `申请后状态已变化：${p.reason ? f.msg(p.reason) : cloudStateZh(p.state)}`,
  'input.unknownParam': (p, f) =>
    `${f.code(p.key)} 不是此目标（${f.msg(p.provider)}）的参数。可用参数：${f.list(
      p.keys.map((k) => f.code(k)),
      'unit',
    )}。`,
  'input.givenTwice': (p, f) => `${f.code(p.key)} 重复给出；请只给一次（列表用逗号分隔）。`,
  'command.openQuote': (p, f) => `引号 ${p.quote} 没有闭合。请闭合它，例如 ${f.code('plan_time="2024-11-26 14:13"')}。`,
  'command.needsId': (p, f) =>
    `请输入 ${f.command(`${p.word} <request-id>`)}，例如 ${f.command(`${p.word} rr-7k2m9q`)}（重跑请求 ID 见审批消息）。`,
  'command.history': (_p, f) =>
    `请输入 ${f.command('history [target] [n]')}，例如 ${f.command('history my-target 20')}。`,
  'command.historyMin': (_p, f) =>
    `n 是要显示的请求数量，至少为 1：请输入 ${f.command('history [target] [n]')}，例如 ${f.command('history my-target 20')}。`,
  'command.targetFirst': (p, f) =>
    `请先写目标：${f.command(`<target> ${p.pair} …`)}。输入 ${f.command('help')} 查看命令和示例。`,
  'command.notPair': (p, f) =>
    `${f.code(p.token)} 不是 key=value 形式。每个参数请写成 key=value，例如 ${f.code('job_ids=job-rybewp57')}。输入 ${f.command('help')} 查看命令和示例。`,
  'error.provider': (p, f) => {
    const ids = [p.code && `错误码 ${f.code(p.code)}`, p.requestId && `云服务请求 ID ${f.code(p.requestId)}`].filter(
      Boolean,
    );
    return ids.length ? `${f.msg(p.detail)}（${ids.join('，')}）` : f.msg(p.detail);
  },
  'error.internal': (p) => `内部错误：${p.text}`,
  'error.slack': (p, f) => `Slack 返回 ${f.code(p.code)}`,
  'execute.recheckFailed': (p, f) =>
    `发送前无法重新读取当前状态（${f.msg(p.error)}），未向云服务发起调用。请待云服务（${f.msg(p.provider)}）恢复后重新申请。`,
  'execute.stateChanged': () => '申请后状态已变化，因此未向云服务发起调用。',
  'execute.targetGone': (p, f) => `目标 ${f.code(p.target)} 已不在配置中，未向云服务发起调用。`,
  'execute.notSent': (p, f) => `未向云服务发起调用：${f.msg(p.error)}。问题解决后请重新申请。`,
  'execute.unexpected': (p, f) => `结果未知：${f.msg(p.error)}。不会自动再次发送。`,
  'core.stopping': () => '这个 rerun-bot 副本正在重启，不再接受新的操作。请几秒钟后重试。',
  'recover.inFlight': () => '结果未知，请查看状态：调用进行中时机器人重启了。不会再次发送。',
  'recover.notSent': () => '机器人在批准之后、发送之前重启了，未向云服务发起调用。请重新申请。',
  'stored.text': (p) => p.text,
  'status.targetGone': (p, f) => `目标 ${f.code(p.target)} 已不在配置中`,
  'follow.watching': (p, f) =>
    `正在跟踪作业直到终态（已查询 ${f.number(p.polls)} 次）${p.items.length ? `；最近一次：${p.items.map((i) => f.msg(i)).join('，')}` : ''}。`,
  'follow.item': (p, f) =>
    `${f.code(p.id)}：${cloudStateZh(p.state)}${p.result === 'succeeded' ? '（运行成功）' : p.result === 'failed' ? '（再次失败）' : ''}${p.detail ? `——${f.msg(p.detail)}` : ''}`,
  'follow.final': (p, f) => {
    const after = `受理 ${f.duration(p.elapsedMs)}后`;
    const head =
      p.end === 'succeeded'
        ? `重跑请求 ${f.code(p.id)}：作业运行成功（${after}）。`
        : p.end === 'failed-again'
          ? `重跑请求 ${f.code(p.id)}：作业再次失败（${after}）。`
          : p.end === 'ended'
            ? `重跑请求 ${f.code(p.id)}：作业已结束（${after}），云服务未说明是否成功。`
            : `重跑请求 ${f.code(p.id)}：${after}作业仍未结束，机器人已停止跟踪。最后已知的状态：`;
    const items = p.items.length ? `\n${p.items.map((i) => `• ${f.msg(i)}`).join('\n')}` : '';
    const id = p.requestId ? `\n云服务请求 ID：${f.code(p.requestId)}` : '';
    const again = p.rerunAgain ? '\n再次重跑之前，请先查明失败原因。' : '';
    return head + items + id + again;
  },
  'announce.outcome': (p, f) =>
    `${f.code(p.target)} 上 ${f.user(p.requester)} 申请的重跑请求 ${f.code(p.id)}：${CALL_ZH[p.state]}。详情：${f.command(`status ${p.id}`)}`,
  'announce.final': (p, f) =>
    `${f.code(p.target)} 上 ${f.user(p.requester)} 申请的重跑请求 ${f.code(p.id)}：${FINAL_ZH[p.end]}（受理 ${f.duration(p.elapsedMs)}后）。详情：${f.command(`status ${p.id}`)}`,
  'dm.approved': (p, f) =>
    `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 已由 ${f.list(p.by.map((u) => f.user(u)))} 批准：${CALL_ZH[p.state]}。详情：${f.command(`status ${p.id}`)}`,
  'dm.rejected': (p, f) =>
    `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 已被 ${f.user(p.by)} 拒绝，未向云服务发起调用。`,
  'dm.expired': (p, f) =>
    `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 在批准前已过期，未向云服务发起调用。您可以在该审批消息上重新申请。`,
  'reason.required': (p, f) =>
    p.pattern
      ? `此目标的策略要求填写原因：与 ${f.code(p.pattern)} 匹配的事件编号。${f.typed ? `请添加 ${f.code('reason=…')}` : '请填写“原因”，或添加 reason=…'}。`
      : `此目标的策略要求填写重跑原因。${f.typed ? `请添加 ${f.code('reason=…')}` : '请填写“原因”，或添加 reason=…'}。`,
  'reason.pattern': (p, f) => `原因必须是与 ${f.code(p.pattern)} 匹配的事件编号。`,
  'reason.tooLong': (p, f) => `原因超过 ${f.number(p.max)} 个字符，请用一两句话说明。`,
  withReason: (p, f) => `${f.msg(p.message)}\n原因：${p.reason}`,
  'click.ownRequestGlass': (p, f) =>
    `这是您自己发起的重跑请求，需要由其他人批准。此策略允许紧急批准（break-glass）：${f.typed ? `请输入 ${f.code(`approve ${p.id} reason=…`)}` : '请点击“紧急批准…”'}，填写原因后自行批准；该操作会被公告并需要复核。`,
  'glass.notAllowed': (p, f) => `${f.code(p.target)} 的策略不允许紧急批准：${f.code(p.id)} 必须由其他人批准。`,
  'glass.onlyRequester': () => '只有此重跑请求的申请人可以紧急批准。',
  'glass.confirmRequired': () => '请确认您在没有第二人审批的情况下批准自己的请求。',
  'glass.nothingToReview': (p, f) => `${f.code(p.id)} 不是通过紧急批准批准的，无需复核。`,
  'glass.reviewOwn': () => '此请求是您自己紧急批准的，需要由其他审批人复核。',
  'glass.alreadyReviewed': (p, f) => `此紧急批准已由 ${f.user(p.by)} 于 ${f.date(p.at)} 复核。`,
  'glass.announce': (p, f) =>
    `紧急批准：${f.user(p.requester)} 在没有第二人审批的情况下批准了自己在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)}。原因：${p.reason}。请审批人复核（在该请求消息上点击“复核”）。`,
  'dm.timedOut': (p, f) =>
    p.kind === 'approve'
      ? `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 无人按时审批，策略 ${f.code(p.policy)} 已超时批准：${p.state ? CALL_ZH[p.state] : '正在调用云服务'}。详情：${f.command(`status ${p.id}`)}`
      : `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 无人按时审批，策略 ${f.code(p.policy)} 已超时拒绝，未向云服务发起调用。`,
  'remind.thread': (p, f) =>
    `提醒（第 ${f.number(p.n)}/${f.number(p.of)} 次）：${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 已等待审批 ${f.duration(p.waitedMs)}。`,
  'remind.dm': (p, f) =>
    `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 仍在等待审批（已等待 ${f.duration(p.waitedMs)}）。`,
  'remind.escalation': (p, f) =>
    `已升级：${f.code(p.target)} 上的重跑请求 ${f.code(p.id)} 已等待审批 ${f.duration(p.waitedMs)}，您现在也可以批准。`,
  'dm.final': (p, f) => `您在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)}：作业已到达终态。\n${f.msg(p.final)}`,
  'watch.own': (p, f) => `${f.code(p.id)} 是您自己申请的，其审批结果和终态都会通知您。`,
  'watch.ended': (p, f) => `重跑请求 ${f.code(p.id)} 已结束（${f.msg(p.story)}），无需再关注。`,
  'watch.decided': (p, f) =>
    `您关注的 ${f.user(p.requester)} 在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)}：${p.by.length ? `审批人 ${f.list(p.by.map((u) => f.user(u)))}，` : ''}${f.msg(p.story)}。详情：${f.command(`status ${p.id}`)}`,
  'watch.final': (p, f) =>
    `您关注的 ${f.user(p.requester)} 在 ${f.code(p.target)} 上的重跑请求 ${f.code(p.id)}：作业已到达终态。\n${f.msg(p.final)}`,
};
