/**
 * DataArts Studio's messages in Simplified Chinese, in the words of the DataArts Studio console
 * and of Huawei Cloud's Chinese API reference (重跑作业实例, 重跑开始位置, 作业参数, 忽略 OBS 监听, 并行度;
 * docs/i18n-glossary.md).
 */
import { cloudStateZh } from '../../lib/cloud-states.ts';
import type { Catalog, Format } from '../../lib/message.ts';
import type { HuaweiMessages } from './messages.ids.ts';
import { seenOf } from './stored-params.ts';

const LOCATION: Record<string, string> = { firstNode: '第一个节点', errorNode: '失败节点' };
const VERSION: Record<string, string> = { original: '原版本作业参数', current: '当前版本作业参数' };
/** instance_type (list API), in the console's words; 0, an ordinary scheduled run, is never shown. */
const INSTANCE_TYPE: Record<number, string> = {
  2: '手工调度',
  5: '补数据',
  6: '子作业调度',
  7: '单次调度',
};

/** “从失败节点开始” / “从节点 clean 开始”: where the rerun restarts, as one phrase. */
const from = (p: { location: string; node: string | undefined }, f: Format) =>
  p.location === 'specifiedNode'
    ? `从节点 ${f.code(p.node ?? '')} 开始`
    : `从${LOCATION[p.location] ?? ` ${f.code(p.location)} `}开始`;
const version = (v: string) => VERSION[v] ?? v;
/** The vendor's own words, after our sentence. */
const says = (p: { said: string | undefined }) => (p.said ? `DataArts 返回：“${p.said}”` : '');
const uncoded = (p: { httpStatus: number | undefined }) =>
  p.httpStatus !== undefined ? `（HTTP ${p.httpStatus}，没有错误码）` : '';
const ended = (at: string | undefined) => (at ? `结束于 ${at}` : '尚未结束');
/** `a`、`b`、`c`: Chinese lists with the enumeration comma (Intl's 和 would touch the codes without a space). */
const list = (items: readonly string[], f: Format) => items.map((i) => f.code(i)).join('、');
const iamSays = (p: { said: string | undefined }) => (p.said ? `IAM 返回：“${p.said}”` : '');

export const zh: Catalog<HuaweiMessages> = {
  'huawei-dataarts.name': () => '华为云 DataArts Studio',

  'huawei-dataarts.field.job.label': () => '作业名称',
  'huawei-dataarts.field.job.hint': () =>
    '数据开发（DataArts Factory）中的作业名称，与控制台显示的完全一致（可以包含中文和空格）。',
  'huawei-dataarts.field.mode.label': () => '重跑类型',
  'huawei-dataarts.field.mode.hint': (_p, f) =>
    `${f.code('instance')}：重跑指定的作业实例。${f.code('chain')}：重跑时间窗口内这些作业的实例及其上下游作业实例。默认为 ${f.code('instance')}。`,
  'huawei-dataarts.field.mode.instance': () => '重跑当前实例',
  'huawei-dataarts.field.mode.chain': () => '重跑当前作业及其上下游作业实例',
  'huawei-dataarts.field.location.label': () => '重跑开始位置',
  'huawei-dataarts.field.location.hint': (_p, f) =>
    `${f.code('errorNode')} 从失败节点开始重跑；${f.code('specifiedNode')} 需要填写节点名称。`,
  'huawei-dataarts.field.location.firstNode': () => '第一个节点',
  'huawei-dataarts.field.location.errorNode': () => '失败节点',
  'huawei-dataarts.field.location.specifiedNode': () => '指定节点',
  'huawei-dataarts.field.node.label': () => '节点',
  'huawei-dataarts.field.node.hint': (_p, f) => `仅用于 ${f.code('location=specifiedNode')}：从该节点开始重跑。`,
  'huawei-dataarts.field.version.label': () => '作业参数',
  'huawei-dataarts.field.version.hint': (_p, f) =>
    `${f.code('original')}：使用失败那次运行的作业参数；${f.code('current')}：使用作业当前的参数。`,
  'huawei-dataarts.field.version.original': () => '原版本',
  'huawei-dataarts.field.version.current': () => '当前版本',
  'huawei-dataarts.field.ignore_obs_monitor.label': () => '忽略 OBS 监听',
  'huawei-dataarts.field.ignore_obs_monitor.hint': (_p, f) => `重跑时是否忽略 OBS 监听，默认为 ${f.code('true')}。`,
  'huawei-dataarts.field.instance.label': () => '失败的作业实例',
  'huawei-dataarts.field.instance.hint': (p, f) =>
    `${f.code('mode=instance')}：从列表中选择该作业最近 ${f.number(p.days)} 天内失败的一个或多个实例，最多 ${f.number(p.max)} 个，每个实例单独显示和检查；也可以为单个实例填写 job_id、plan_time 和 submit_time。手动输入格式为 ${f.code('job_id:plan_time:submit_time')}，多个用逗号分隔。`,
  'huawei-dataarts.field.job_id.label': () => '作业 ID',
  'huawei-dataarts.field.job_id.hint': (_p, f) => `${f.code('mode=instance')}：作业的数字 ID，可从实例列表获取。`,
  'huawei-dataarts.field.plan_time.label': () => '实例计划时间',
  'huawei-dataarts.field.plan_time.hint': (_p, f) =>
    `${f.code('mode=instance')}：实例的计划时间（毫秒时间戳、ISO 8601、按目标时区解读的 YYYY-MM-DD HH:mm，或 -2h 这样的相对时间）。`,
  'huawei-dataarts.field.submit_time.label': () => '实例提交时间',
  'huawei-dataarts.field.submit_time.hint': (_p, f) =>
    `${f.code('mode=instance')}：实例的提交时间，通常是实例列表中的 13 位毫秒时间戳。`,
  'huawei-dataarts.field.jobs.label': () => '作业',
  'huawei-dataarts.field.jobs.hint': (_p, f) =>
    `${f.code('mode=chain')}：作业名称，多个用逗号分隔，每个写作 ${f.code('name')} 或 ${f.code('name@workspace')}。默认为当前作业。`,
  'huawei-dataarts.field.begin.label': () => '开始时间',
  'huawei-dataarts.field.begin.hint': (_p, f) => `${f.code('mode=chain')}：要重跑的实例的最早计划时间。`,
  'huawei-dataarts.field.end.label': () => '结束时间',
  'huawei-dataarts.field.end.hint': (p, f) =>
    `${f.code('mode=chain')}：要重跑的实例的最晚计划时间（须晚于开始时间）。时间窗口最长 ${f.number(p.days)} 天，更长的请拆分成多次重跑。`,
  'huawei-dataarts.field.concurrent.label': () => '并行度',
  'huawei-dataarts.field.concurrent.hint': (p, f) =>
    `${f.code('mode=chain')}：同时运行的实例数，取值范围为 1 到 ${f.number(p.max)}，默认为 1。`,

  'huawei-dataarts.help': (p, f) =>
    `数据开发（DataArts Factory）的“重跑作业实例”：在一次调用中重跑一个作业的失败实例（最多 ${f.number(p.maxInstances)} 个），或重跑时间窗口（最长 ${f.number(p.windowDays)} 天）内作业的实例及其上下游作业实例（每秒最多 ${f.number(p.perSecond)} 次调用）。`,
  'huawei-dataarts.summary.instance': (p, f) =>
    `重跑作业实例：DataArts 作业 ${f.code(p.job)}（作业 ID ${p.jobIds.join('、')}），计划时间 ${f.date(p.planned)}，${from(p, f)}，使用${version(p.version)}`,
  'huawei-dataarts.summary.instances': (p, f) =>
    `重跑作业实例：DataArts 作业 ${f.code(p.job)}（作业 ID ${p.jobIds.join('、')}）的 ${f.number(p.count)} 个实例，计划时间 ${p.planned.map((t) => f.date(t)).join('、')}${p.more > 0 ? ` 等（另有 ${f.number(p.more)} 个）` : ''}，${from(p, f)}，使用${version(p.version)}`,
  'huawei-dataarts.summary.chain': (p, f) =>
    `重跑当前作业及其上下游作业实例：DataArts 作业 ${list(p.jobs, f)}，计划时间 ${f.date(p.begin)} 至 ${f.date(p.end)}，${from(p, f)}，使用${version(p.version)}，并行度 ${f.number(p.concurrent)}`,
  'huawei-dataarts.choice.instance': (p) =>
    `${p.planned} · ${cloudStateZh(p.state)}${p.instanceId !== undefined ? ` · #${p.instanceId}` : ''}`,

  'huawei-dataarts.input.required': () => '必填',
  'huawei-dataarts.input.name.empty': (p, f) => `${f.code(p.key)} 不能为空`,
  'huawei-dataarts.input.name.tooLong': (p, f) => `${f.code(p.key)} 最多 ${f.number(p.max)} 个字符`,
  'huawei-dataarts.input.name.forbidden': (p, f) =>
    `${f.code(p.key)}：请按 DataArts 显示的名称填写（可以有空格，不能有 / \\ % ? #）`,
  'huawei-dataarts.input.jobsEntry': (p, f) => `${f.msg(p.problem)}（${f.code(p.ref)}）`,
  'huawei-dataarts.input.mode': (_p, f) =>
    `${f.code('mode')} 取值为 ${f.code('instance')}（重跑当前实例）或 ${f.code('chain')}（重跑当前作业及其上下游作业实例）`,
  'huawei-dataarts.input.location': (_p, f) =>
    `${f.code('location')} 取值为 ${f.code('firstNode')}、${f.code('errorNode')} 或 ${f.code('specifiedNode')}`,
  'huawei-dataarts.input.version': (_p, f) =>
    `${f.code('version')} 取值为 ${f.code('original')} 或 ${f.code('current')}`,
  'huawei-dataarts.input.boolean': (p, f) => `${f.code(p.key)} 取值为 true 或 false（yes/no）`,
  'huawei-dataarts.input.jobId': (_p, f) => `${f.code('job_id')} 是作业的数字 ID，例如 917567`,
  'huawei-dataarts.input.concurrent': (p, f) => `${f.code('concurrent')} 是 1 到 ${f.number(p.max)} 之间的整数`,
  'huawei-dataarts.input.time': (p, f) =>
    `${f.code(p.key)} 应为 13 位毫秒时间戳（1732601580000）、带时区偏移的 ISO 8601 时间、“YYYY-MM-DD HH:mm”（按 ${p.timeZone} 解读）或 -2h 这样的相对时间`,
  'huawei-dataarts.input.instanceValue': (_p, f) =>
    `每个实例的格式为 ${f.code('job_id:plan_time:submit_time')}（例如 ${f.code('917567:1732601580000:1732239754684')}）；请从列表中选择`,
  'huawei-dataarts.input.tooManyJobs': (p, f) => `每个重跑请求最多 ${f.number(p.max)} 个作业`,
  'huawei-dataarts.input.nodeRequired': (_p, f) =>
    `${f.code('location=specifiedNode')} 时需要填写 ${f.code('node')}：从哪个节点开始重跑`,
  'huawei-dataarts.input.nodeUnused': (p, f) =>
    `${f.code('node')} 仅用于 ${f.code('location=specifiedNode')}；请删除它，或设置 ${f.code('location=specifiedNode')}（当前 location 为 ${f.code(p.location)}）`,
  'huawei-dataarts.input.chainOnly': (p, f) => `${f.code(p.key)} 仅用于 ${f.code('mode=chain')}`,
  'huawei-dataarts.input.instanceOnly': (p, f) => `${f.code(p.key)} 仅用于 ${f.code('mode=instance')}`,
  'huawei-dataarts.input.instanceBoth': (_p, f) =>
    `请填写 ${f.code('instance')}，或者填写 ${f.code('job_id')}、${f.code('plan_time')} 和 ${f.code('submit_time')}，不要同时填写`,
  'huawei-dataarts.input.instanceRequired': (_p, f) =>
    `${f.code('mode=instance')} 需要指定要重跑的实例：在 ${f.code('instance')} 中选择，或填写 ${f.code('job_id')}、${f.code('plan_time')} 和 ${f.code('submit_time')}`,
  'huawei-dataarts.input.instancePartRequired': (p, f) =>
    `还需要填写 ${f.code(p.key)}：${f.code('job_id')}、${f.code('plan_time')} 和 ${f.code('submit_time')} 需要一起填写（或者直接选择实例）`,
  'huawei-dataarts.input.tooManyInstances': (p, f) =>
    `每个重跑请求最多 ${f.number(p.max)} 个实例：请拆分列表，或用 ${f.code('mode=chain')} 按时间窗口重跑`,
  'huawei-dataarts.input.windowRequired': (p, f) =>
    `${f.code('mode=chain')} 需要填写 ${f.code(p.key)}：要重跑的实例计划时间窗口`,
  'huawei-dataarts.input.endBeforeBegin': (_p, f) => `${f.code('end')} 必须晚于 ${f.code('begin')}`,
  'huawei-dataarts.input.windowTooLong': (p, f) =>
    `时间窗口（end − begin）最长 ${f.number(p.days)} 天；更长的重跑请拆分成多个重跑请求`,
  'huawei-dataarts.input.noJobs': (_p, f) => `请至少填写一个作业，或不填 ${f.code('jobs')} 以重跑当前作业`,

  'huawei-dataarts.note.options': (p, f) =>
    `${from(p, f)}重跑，使用${version(p.version)}；${p.ignoreObs ? '忽略 OBS 监听' : '不忽略 OBS 监听'}。`,
  'huawei-dataarts.note.instance': (p, f) =>
    `重跑作业 ${f.code(p.job)} 的一个实例（计划时间 ${p.planned}，提交时间 ${p.submitted}）。`,
  'huawei-dataarts.note.instances': (p, f) =>
    `在一次调用中重跑作业 ${f.code(p.job)} 的 ${f.number(p.count)} 个实例；每个实例单独列出检查结果，只发送符合条件的实例。`,
  'huawei-dataarts.note.instanceTimes': (p) =>
    `时间均为 ${p.timeZone} 时区。DataArts 受理重跑后返回空的响应体，实例随后会重新显示为等待或运行中。发送前会再次读取每个实例，已变化的实例不会发送。`,
  'huawei-dataarts.note.noDetail': (p) =>
    `无法读取节点详情（${p.host} 上的 v1 作业实例详情接口没有响应），因此不显示失败节点。`,
  'huawei-dataarts.note.cutShort.instances': (p, f) =>
    `预览在 ${f.number(p.maxCalls)} 次列表调用后中止：部分实例没有完整读取，已拒绝。请在每个重跑请求中指定更少的实例。`,
  'huawei-dataarts.note.cutShort.jobs': (p, f) =>
    `预览在 ${f.number(p.maxCalls)} 次列表调用后中止：部分作业没有完整读取，已拒绝。请在每个重跑请求中指定更少的作业或更短的时间窗口。`,
  'huawei-dataarts.note.chain': (p, f) =>
    `重跑${p.jobs === 1 ? '该作业' : `这 ${f.number(p.jobs)} 个作业`}计划时间在 ${p.from} 到 ${p.to} 之间的所有实例（包括成功的实例）及其上下游作业实例，并行度 ${f.number(p.concurrent)}。`,
  'huawei-dataarts.note.chainRefusal': (p) =>
    `时间窗口内若有该作业的实例处于等待运行、运行中、暂停或冻结状态，则不重跑该作业：否则会在这些实例旁边再启动一次运行。时间均为 ${p.timeZone} 时区。`,

  'huawei-dataarts.refused.atInstance': (p, f) => `计划时间为 ${p.planned} 的实例：${f.msg(p.reason)}`,
  'huawei-dataarts.refused.notRead': (p, f) =>
    `未检查：本次检查最多进行 ${f.number(p.maxCalls)} 次列表调用；请指定更少的实例`,
  'huawei-dataarts.refused.otherSubmit': (p) =>
    `计划时间为 ${p.planned} 的实例提交时间是 ${p.submitTime ?? '未知'}（${p.submitted ?? '?'}），不是 ${p.given}：请从实例列表中选择`,
  'huawei-dataarts.refused.noInstance': (p, f) =>
    `工作空间 ${f.code(p.workspace)} 中作业 ${f.code(p.job)} 没有计划时间为 ${p.planned} 的实例：请检查 plan_time，或从列表中选择实例`,
  'huawei-dataarts.refused.wrongJobId': (p, f) =>
    `job_id ${f.code(p.given)} 不是作业 ${f.code(p.job)} 的 ID（DataArts 显示为 ${f.code(p.actual)}）`,
  'huawei-dataarts.refused.live': (p) =>
    `该实例的状态为${cloudStateZh(p.state)}；现在重跑会在它旁边再启动一次运行。请等待它结束，或先在 DataArts 中停止它`,
  'huawei-dataarts.refused.frozen': () => '该实例已冻结；请先在数据开发（DataArts Factory）中解冻',
  'huawei-dataarts.refused.otherState': (p) => `该实例的状态为${cloudStateZh(p.state)}，机器人不重跑该状态的实例`,
  'huawei-dataarts.refused.noFailedNode': (_p, f) =>
    `该实例已成功，没有可以开始重跑的失败节点：请使用 ${f.code('location=firstNode')} 或 ${f.code('location=specifiedNode')}`,
  'huawei-dataarts.refused.noSuchNode': (p, f) => `作业没有节点 ${f.code(p.node)}（它的节点：${list(p.nodes, f)}）`,
  'huawei-dataarts.refused.stateChanged': (p) =>
    `预览后状态已变化（之前为${cloudStateZh(p.was)}，现在为${cloudStateZh(p.now)}）：请重新申请以查看当前状态`,
  'huawei-dataarts.refused.ranAgain': (p) =>
    `预览后它又运行了一次（之前${ended(p.endedThen)}，现在${ended(p.endedNow)}）：请重新申请以查看当前状态`,
  'huawei-dataarts.refused.noLongerListed': (p) =>
    `实例列表中已没有提交时间为 ${p.submitted} 的该实例（预览后可能已被重跑）：请重新申请`,
  'huawei-dataarts.refused.notReadAgain': (p, f) =>
    `无法再次读取（本次检查最多进行 ${f.number(p.maxCalls)} 次列表调用）`,
  'huawei-dataarts.refused.chain.notRead': (p, f) =>
    `未检查：本次检查最多进行 ${f.number(p.maxCalls)} 次列表调用；请指定更少的作业或更短的时间窗口`,
  'huawei-dataarts.refused.chain.noInstances': (p, f) =>
    `工作空间 ${f.code(p.workspace)} 中作业 ${f.code(p.job)} 没有计划时间在 ${p.from} 到 ${p.to} 之间的实例`,
  'huawei-dataarts.refused.chain.incomplete': (p, f) =>
    `无法读取计划时间在 ${p.from} 到 ${p.to} 之间的全部实例（超过 ${f.number(p.maxListed)} 个，或本次检查已达到 ${f.number(p.maxCalls)} 次列表调用的上限），其中可能有运行中的实例：请缩小时间窗口或指定更少的作业`,
  'huawei-dataarts.refused.chain.live': (p, f) =>
    `时间窗口内有 ${f.number(p.count)} 个实例尚未结束（${cloudStateZh(p.state)}，计划时间 ${p.planned}）；现在重跑会在它们旁边再启动一次运行。请等待它们结束，或先停止它们`,
  'huawei-dataarts.refused.chain.changed': (p) =>
    `预览后它的实例已变化（之前为${cloudStateZh(seenOf(p))}，现在为${p.now ? cloudStateZh(p.now) : '无'}）：请重新申请以查看当前状态`,
  'huawei-dataarts.refused.chain.nothingPlanned': (p) => `计划时间在 ${p.from} 到 ${p.to} 之间已没有实例`,

  'huawei-dataarts.detail.failedNode': (p, f) =>
    `失败节点：${f.code(p.node)}（${cloudStateZh(p.state)}${p.type ? `，${p.type}` : ''}${p.retries ? `，已自动重试 ${f.number(p.retries)} 次` : ''}）`,
  'huawei-dataarts.detail.failedNodeNone': () => '失败节点：未报告',
  'huawei-dataarts.detail.failedNodeUnavailable': () => '失败节点：无法获取',
  'huawei-dataarts.detail.planned': (p) => `计划时间 ${p.at}`,
  'huawei-dataarts.detail.started': (p) => `开始时间 ${p.at}`,
  'huawei-dataarts.detail.ended': (p) => `结束时间 ${p.at}`,
  'huawei-dataarts.detail.submitted': (p) => `提交时间 ${p.at}`,
  'huawei-dataarts.detail.instanceId': (p) => `实例 ${p.id}`,
  'huawei-dataarts.detail.instanceType': (p) => INSTANCE_TYPE[p.type] ?? `实例类型 ${p.type}`,
  'huawei-dataarts.detail.chain.count': (p, f) => `时间窗口内有 ${f.number(p.count)}${p.more ? '+' : ''} 个实例`,
  'huawei-dataarts.detail.chain.instance': (p) => `${p.planned} ${cloudStateZh(p.state)}`,
  'huawei-dataarts.detail.chain.earlier': (p, f) => `……另有 ${f.number(p.count)} 个更早的实例未显示`,

  'huawei-dataarts.status.instance': (p) =>
    [
      p.planned && `计划时间 ${p.planned}`,
      p.pending && '重跑已受理，DataArts 仍显示上一次运行',
      p.started && `开始时间 ${p.started}`,
      p.ended && `结束时间 ${p.ended}`,
    ]
      .filter(Boolean)
      .join('，'),
  'huawei-dataarts.status.notRead': (p, f) =>
    `${p.planned ? `计划时间 ${p.planned}，` : ''}未读取：本次检查最多进行 ${f.number(p.maxCalls)} 次列表调用`,
  'huawei-dataarts.status.noInstance': (p) => `没有计划时间为 ${p.planned} 的实例`,
  'huawei-dataarts.status.chain.pending': () => '重跑已受理，DataArts 仍显示之前的运行',
  'huawei-dataarts.status.chain.live': (p, f) => `${f.number(p.count)} 个实例仍在等待或运行中`,
  'huawei-dataarts.status.chain.incomplete': (p, f) =>
    `未能读取时间窗口内的全部实例（超过 ${f.number(p.maxListed)} 个，或本次检查已达到 ${f.number(p.maxCalls)} 次列表调用的上限）`,

  'huawei-dataarts.outcome.accepted.one': (p, f) =>
    `DataArts 已受理重跑作业 ${f.code(p.job)} 的实例（计划时间 ${p.planned}）。`,
  'huawei-dataarts.outcome.accepted.many': (p, f) =>
    `DataArts 已受理重跑作业 ${f.code(p.job)} 的 ${f.number(p.count)} 个实例（计划时间 ${p.planned.join('、')}，${p.timeZone} 时区）。`,
  'huawei-dataarts.outcome.accepted.chain': (p, f) =>
    `DataArts 已受理重跑 ${f.number(p.jobs)} 个作业及其上下游作业实例。`,
  'huawei-dataarts.outcome.nothingSent': (p, f) => `未向 DataArts 发起调用：${f.msg(p.reason)}`,
  'huawei-dataarts.outcome.notReadBeforeSending': (p, f) =>
    `未向 DataArts 发起调用：发送前无法再次读取当前状态。${f.msg(p.reason)}`,
  'huawei-dataarts.outcome.noneAsPreviewed': (p, f) =>
    `未向 DataArts 发起调用：发送前再次读取时，${p.count === 1 ? '该项已与预览时不同，原因见该项' : `${f.number(p.count)} 项均已与预览时不同，原因见各项`}。请重新申请以查看当前状态。`,
  'huawei-dataarts.outcome.leftOut': (p, f) =>
    `发送前再次读取时，有 ${f.number(p.count)} 项已与预览时不同，没有发送；原因见各项。`,

  'huawei-dataarts.error.throttled': (p) =>
    `DataArts 对请求进行了限流（数据开发每个用户每秒最多 ${p.perSecond} 个请求）；请求没有执行，可以再次发送。${says(p)}`,
  'huawei-dataarts.error.credentials': (p) =>
    `华为云拒绝了请求的凭证：请检查目标的 accessKey/secretKey（或 token），并确认本机时钟与实际时间相差不超过 15 分钟。${says(p)}`,
  'huawei-dataarts.error.tokenExpired': (p) =>
    `IAM Token 已过期或已被撤销（修改密码、密钥或权限都会使它失效）：请在目标中填入新的 token，或改用 AK/SK 或密码认证。${says(p)}`,
  'huawei-dataarts.error.apiNotFound': (p, f) =>
    `在 ${f.code(p.host)} 上找不到该 API：请检查目标的 endpoint 和 region（${f.code(p.region)}）。${says(p)}`,
  'huawei-dataarts.error.missingParameter': (p) => `API 网关提示缺少必需的参数或请求头。${says(p)}`,
  'huawei-dataarts.error.backendTimeout': (p) => `API 网关等待 DataArts 响应超时（后端超时）。${says(p)}`,
  'huawei-dataarts.error.noJob': (p, f) =>
    `工作空间 ${f.code(p.workspace)} 中没有${p.job ? `作业 ${f.code(p.job)}` : '该作业'}：请检查作业名称（以数据开发（DataArts Factory）中显示的为准）和目标的 workspace。${says(p)}`,
  'huawei-dataarts.error.noInstance': (p, f) =>
    `${p.job ? `作业 ${f.code(p.job)} 没有这个实例` : '没有这个作业实例'}：请检查 job_id、plan_time 和 submit_time，或从列表中选择实例。${says(p)}`,
  'huawei-dataarts.error.noTask': (p, f) =>
    `DataArts 找不到${p.job ? `作业 ${f.code(p.job)} 的` : ''}这个任务；请重新列出作业实例并选择当前的实例。${says(p)}`,
  'huawei-dataarts.error.notBatch': (p, f) =>
    `只有批处理作业可以这样重跑；${p.job ? `${f.code(p.job)} ` : '该作业'}不是批处理作业。${says(p)}`,
  'huawei-dataarts.error.badJobName': (p, f) =>
    `DataArts 提示作业名称${p.job ? ` ${f.code(p.job)} ` : ''}无效；请按数据开发（DataArts Factory）中显示的名称准确填写。${says(p)}`,
  'huawei-dataarts.error.noPermission': (p, f) =>
    `目标的 IAM 用户在工作空间 ${f.code(p.workspace)} 中没有权限：请在该工作空间中为它分配 DataArts Studio 角色（开发者或管理员）。${says(p)}`,
  'huawei-dataarts.error.internal': (p) => `DataArts 内部错误${uncoded(p)}。${says(p)}`,
  'huawei-dataarts.error.refusedCredentials': (p) => `华为云拒绝了目标的凭证${uncoded(p)}。${says(p)}`,
  'huawei-dataarts.error.throttledHttp': (p) =>
    `DataArts 对请求进行了限流${uncoded(p)}；请求没有执行，可以再次发送。${says(p)}`,
  'huawei-dataarts.error.forbidden': (p) => `华为云拒绝了目标的凭证或权限${uncoded(p)}。${says(p)}`,
  'huawei-dataarts.error.notFound': (p) => `DataArts 找不到该资源${uncoded(p)}。${says(p)}`,
  'huawei-dataarts.error.refused': (p) => `DataArts 拒绝了该请求${uncoded(p)}。${says(p)}`,
  'huawei-dataarts.error.unexpectedBody': (p) => `DataArts 返回了 HTTP ${p.status}，但响应体不是预期的格式。`,
  'huawei-dataarts.iam.unreachable': (p, f) => `无法从 ${p.origin} 获取 IAM Token（${f.msg(p.reason)}）。`,
  'huawei-dataarts.iam.noToken': (p) => `${p.origin} 上的 IAM 响应中没有 X-Subject-Token 头。`,
  'huawei-dataarts.iam.refused': (p, f) =>
    `IAM 拒绝了目标在账号 ${f.code(p.domain)} 下的用户名或密码（HTTP ${p.status}）：请检查 username、password 和 domain，并确认该 IAM 用户已开通编程访问。${iamSays(p)}`,
  'huawei-dataarts.iam.throttled': (p) => `IAM 对获取 Token 的请求进行了限流。${iamSays(p)}`,
  'huawei-dataarts.iam.failed': (p) => `IAM 对获取 Token 的请求返回了 HTTP ${p.status}。${iamSays(p)}`,
};
