/**
 * E-HPC's messages in Simplified Chinese, in the words of docs/i18n-glossary.md and of E-HPC's
 * own Chinese error texts (docs/providers/vendor/alibaba-ehpc-rerunjobs.zh.txt) where they exist.
 * Error sentences end without 。: the core adds the code after them.
 */
import { cloudStateZh } from '../../lib/cloud-states.ts';
import type { Catalog, Format } from '../../lib/message.ts';
import type { EhpcMessages, VendorSaid } from './messages.ids.ts';

/** Job ids shown in a sentence: the first ten, then how many in all (a request may name 1,000). */
const SHOWN = 10;
function listed(ids: readonly string[], f: Format): string {
  const shown = ids.slice(0, SHOWN).map((id) => f.code(id));
  return ids.length <= SHOWN ? shown.join('、') : `${shown.join('、')} 等 ${f.number(ids.length)} 个作业`;
}

/** The vendor's own words and diagnosis link, after our sentence. */
function said(text: string, p: VendorSaid): string {
  let out = text;
  if (p.vendor) out += `。E-HPC 返回：“${p.vendor}”`;
  if (p.diagnosis) out += `。诊断：${p.diagnosis}`;
  return out;
}

const RUNNING_OR_QUEUED = `${cloudStateZh('RUNNING')} 或${cloudStateZh('QUEUED')}`;
/** ListJobs gives the scheduler's local time without a zone: shown as it is, and said so. */
const schedulerTime = (at: string) => `${at.replace('T', ' ')}（调度器本地时间）`;
const BUG = '这是适配器的缺陷，请报告';
const GRANT = '请为它授予 ehpc:RerunJobs 和 ehpc:ListJobs 权限';

export const zh: Catalog<EhpcMessages> = {
  'alibaba-ehpc.name': () => '阿里云弹性高性能计算 E-HPC',
  'alibaba-ehpc.field.jobs.label': () => '作业',
  'alibaba-ehpc.field.jobs.hint': () =>
    `作业 ID，用逗号分隔，与 ListJobs 返回的一致。只有${RUNNING_OR_QUEUED} 的作业会重新运行；已结束的作业不能这样重新运行。`,
  'alibaba-ehpc.field.cluster.label': () => '集群 ID',
  'alibaba-ehpc.field.cluster.hint': () => 'E-HPC 集群 ID；留空则使用目标的默认集群。',
  'alibaba-ehpc.field.async.label': () => '异步',
  'alibaba-ehpc.field.async.hint': () => '采用 E-HPC 的异步消息链路重新运行作业（默认：否）。',
  'alibaba-ehpc.help.summary': (p, f) =>
    `RerunJobs：重新运行状态为${RUNNING_OR_QUEUED} 的 E-HPC 作业（例如卡在故障节点上的作业），由调度器重新启动；已结束的作业不能用它重新运行。每次调用 1～${f.number(p.perCall)} 个作业，更多的作业会拆分成多次调用。`,
  'alibaba-ehpc.summary': (p, f) =>
    `重新运行 E-HPC 集群 ${f.code(p.cluster)} 上的 ${f.number(p.jobs.length)} 个作业${p.async ? '（异步）' : ''}：${listed(p.jobs, f)}`,
  // The job's state in Chinese beside its code, as everywhere.
  'alibaba-ehpc.option.job': (p) => [p.id, p.name, p.state && cloudStateZh(p.state)].filter(Boolean).join(' · '),

  'alibaba-ehpc.input.jobId': (p, f) =>
    `${f.code(p.value)} 不是有效的作业 ID：作业 ID 形如 ${f.code('1.scheduler')}（PBS）或 ${f.code('42')}（Slurm），与 ListJobs 返回的一致`,
  'alibaba-ehpc.input.tooManyJobs': (p, f) =>
    `每个重跑请求最多 ${f.number(p.max)} 个作业 ID（按每次 ${f.number(p.perCall)} 个分批发送）`,
  'alibaba-ehpc.input.clusterId': (p, f) =>
    `${f.code(p.value)} 不是 E-HPC 集群 ID：集群 ID 形如 ${f.code('ehpc-hz-FYUr32abcd')}（可通过 ListClusters 或 E-HPC 控制台查看）`,
  'alibaba-ehpc.input.async': (p, f) => `async 只能是 true 或 false（也可以写 yes/no），不能是 ${f.code(p.value)}`,

  'alibaba-ehpc.refused.notFound': (p, f) =>
    `集群 ${f.code(p.cluster)} 中没有作业 ${f.code(p.id)}（已查找运行中、排队中和已结束的作业）；请用 ListJobs 核对作业 ID`,
  'alibaba-ehpc.refused.notFoundWithinLimit': (p, f) =>
    `集群 ${f.code(p.cluster)} 中没有找到作业 ${f.code(p.id)}（每种状态最多读取 ${f.number(p.limit)} 个作业）；请用 ListJobs 核对作业 ID`,
  'alibaba-ehpc.refused.finished': () =>
    `作业已结束 (FINISHED)：RerunJobs 只能重新运行${RUNNING_OR_QUEUED} 的作业；请重新提交该作业`,
  'alibaba-ehpc.refused.notRunning': (p) =>
    `只有${RUNNING_OR_QUEUED} 的作业可以重新运行；此作业的状态为${cloudStateZh(p.state)}`,
  'alibaba-ehpc.refused.goneSincePreview': () => `预览后已结束或被移除，不再是${RUNNING_OR_QUEUED}；未发送`,
  'alibaba-ehpc.refused.earlierCallRefused': (p, f) => `未发送：之前的一次调用已被拒绝（${f.code(p.code)}）`,

  'alibaba-ehpc.detail.nodes': (p, f) => `节点：${p.nodes.map((n) => f.code(n)).join('、')}`,
  'alibaba-ehpc.detail.owner': (p) => `所有者：${p.owner}`,
  'alibaba-ehpc.detail.submitted': (p) => `提交于 ${schedulerTime(p.at)}`,
  'alibaba-ehpc.detail.runningSince': (p) => `自 ${schedulerTime(p.at)}起运行`,
  'alibaba-ehpc.detail.lastChanged': (p) => `最后变更于 ${schedulerTime(p.at)}`,

  'alibaba-ehpc.note.whatItDoes': () =>
    `RerunJobs 重新运行状态为${RUNNING_OR_QUEUED} 的作业（例如卡在故障节点上的作业）：运行中的作业会被停止并放回队列，由调度器从头重新启动。已结束 (FINISHED) 的作业不能这样重新运行，请重新提交。`,
  'alibaba-ehpc.note.plan': (p, f) =>
    `${f.number(p.count)} 个作业将分 ${f.number(p.calls)} 次 RerunJobs 调用发送，每次最多 ${f.number(p.perCall)} 个，每秒最多 ${f.number(p.perSecond)} 次调用。发送前会再次读取作业状态，期间已结束的作业不会发送。`,
  'alibaba-ehpc.note.async': () =>
    'Async=true：E-HPC 通过异步消息链路处理请求，因此“已受理”只表示请求已接收，不表示作业已重新排队；请关注作业状态。',
  'alibaba-ehpc.note.listLimit': (p, f) =>
    `集群中的作业多于每种状态读取的 ${f.number(p.limit)} 个；未找到的作业可能在此范围之外。`,

  'alibaba-ehpc.outcome.accepted': (p, f) =>
    `E-HPC 已受理集群 ${f.code(p.cluster)} 上 ${f.number(p.count)} 个作业的重新运行请求${p.async ? '（异步：请关注作业状态，确认它们已重新排队）' : ''}。`,
  'alibaba-ehpc.outcome.reconciled': (p, f) =>
    `${f.msg(p.reason)}。从集群读回的状态：${f.number(p.requeued)} 个已重新排队，${f.number(p.notRequeued)} 个未重新排队，${f.number(p.unclear)} 个无法判断。不会自动再次发送；请用 ${f.command('status')} 查看作业状态，并为未重新排队的作业重新申请。`,
  'alibaba-ehpc.outcome.goneSincePreview': (p, f) =>
    `${f.number(p.jobs.length)} 个作业已不在运行中或排队中，未发送：${listed(p.jobs, f)}。`,
  'alibaba-ehpc.outcome.notSentAfterRefusal': (p, f) =>
    `另有 ${f.number(p.count)} 个作业未发送，因为会得到同样的响应。`,

  'alibaba-ehpc.reconcile.notReadAfter': () => '调用后无法再次读取作业状态',
  'alibaba-ehpc.reconcile.gone': () => '作业已不在运行中或排队中（已结束或被移除）；无法判断它之前是否已重新排队',
  'alibaba-ehpc.reconcile.runningToQueued': () => `已重新排队：${cloudStateZh('RUNNING')} → ${cloudStateZh('QUEUED')}`,
  'alibaba-ehpc.reconcile.startedAgain': (p) => `已重新排队：已于 ${schedulerTime(p.at)}重新开始运行`,
  'alibaba-ehpc.reconcile.queuedChanged': (p) => `已重新排队：${cloudStateZh('QUEUED')}，变更于 ${schedulerTime(p.at)}`,
  'alibaba-ehpc.reconcile.stillRunning': (p) =>
    `未重新排队：${p.since ? `自 ${schedulerTime(p.since)}起` : ''}仍为${cloudStateZh('RUNNING')}`,
  'alibaba-ehpc.reconcile.noSignUnchanged': (p) =>
    `从状态看未重新排队（调用前为${cloudStateZh(p.before)}，调用后为${cloudStateZh(p.after)}，没有变化）`,
  'alibaba-ehpc.reconcile.noSignNotReadBefore': (p) =>
    `从状态看未重新排队（当前为${cloudStateZh(p.state)}，没有读取到调用前的状态）`,
  'alibaba-ehpc.reconcile.unclearUnchanged': (p) =>
    `调用前为${cloudStateZh(p.before)}，调用后为${cloudStateZh(p.after)}，没有变化：无法判断是否已重新排队`,
  'alibaba-ehpc.reconcile.unclearNotReadBefore': (p) =>
    `当前为${cloudStateZh(p.state)}，没有读取到调用前的状态：无法判断是否已重新排队`,

  'alibaba-ehpc.status.job': (p, f) => p.details.map((d) => f.msg(d)).join('，'),
  'alibaba-ehpc.status.beyondLimit': (p, f) => `不在读取的前 ${f.number(p.limit)} 个运行中或排队中的作业里`,
  'alibaba-ehpc.status.gone': () => '已不在运行中或排队中的作业列表里（已结束，或已从调度器移除）',

  'alibaba-ehpc.error.signatureMismatch': (p) =>
    said('阿里云拒绝了请求签名；请检查目标的 accessKeySecret（以及是否有代理改写了请求）', p),
  'alibaba-ehpc.error.incompleteSignature': (p) => said(`阿里云认为请求签名不完整；${BUG}`, p),
  'alibaba-ehpc.error.accessKeyNotFound': (p) => said('阿里云找不到目标的 accessKeyId；请确认该 AccessKey 存在', p),
  'alibaba-ehpc.error.accessKeyInactive': (p) =>
    said('目标的 AccessKey 已被禁用；请在 RAM 控制台启用它，或配置其他 AccessKey', p),
  'alibaba-ehpc.error.timestampExpired': (p) => said('阿里云认为请求时间偏差超过 15 分钟；请检查本机的时钟（NTP）', p),
  'alibaba-ehpc.error.timestampFormat': (p) => said(`阿里云无法读取请求的时间戳；${BUG}`, p),
  'alibaba-ehpc.error.nonceUsed': (p) => said('阿里云已收到过使用此 nonce 的请求（重放的请求）；该请求未执行', p),
  'alibaba-ehpc.error.nonceUsedOnRerun': (p) =>
    said(
      '阿里云收到了同一个 RerunJobs 请求两次（其 nonce 已被使用），例如经由会重试的代理：第一次的请求可能已经执行',
      p,
    ),
  'alibaba-ehpc.error.tokenExpired': (p) => said('目标的 STS securityToken 已过期；请刷新临时凭证', p),
  'alibaba-ehpc.error.tokenInvalid': (p) =>
    said('目标的 STS securityToken 无效，或不属于它的 accessKeyId；请刷新临时凭证', p),
  'alibaba-ehpc.error.missingParameter': (p) => said(`阿里云提示缺少必填参数；${BUG}`, p),
  'alibaba-ehpc.error.ramForbidden': (p) => said(`RAM 不允许目标的凭证执行此操作；${GRANT}`, p),
  'alibaba-ehpc.error.internal': (p) => said('阿里云发生内部错误', p),
  'alibaba-ehpc.error.unavailable': (p) => said('E-HPC 请求失败，服务暂时不可用', p),
  'alibaba-ehpc.error.invalidParams': (p, f) =>
    said(
      `集群 ${f.code(p.cluster)} 的请求参数无效；请检查作业 ID（形如 ${f.code('1.scheduler')}，与 ListJobs 返回的一致）`,
      p,
    ),
  'alibaba-ehpc.error.notEnabled': (p) => said('您的阿里云账号还未开通 E-HPC 服务；请先开通', p),
  'alibaba-ehpc.error.inDebt': (p) => said('您的阿里云账号已欠费；结清前 E-HPC 不会执行任何操作', p),
  'alibaba-ehpc.error.clusterStatus': (p, f) =>
    said(
      `集群 ${f.code(p.cluster)} 的状态不允许执行本次操作（已停止、启动中或变更中）；请等集群变为运行中后重新申请`,
      p,
    ),
  'alibaba-ehpc.error.conflict': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 上有冲突的操作在执行中，没有作业被重新运行；请等它完成后重新申请`, p),
  'alibaba-ehpc.error.clusterNotFound': (p, f) =>
    said(
      `指定的集群 ${f.code(p.cluster)} 在地域 ${f.code(p.region)} 中不存在；请您检查集群 ID 和目标的 region 是否正确`,
      p,
    ),
  'alibaba-ehpc.error.managerNotFound': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 的管理节点不存在或状态异常，调度器无法受理请求；请检查集群的节点`, p),
  'alibaba-ehpc.error.rerunFailure': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 的调度器重运行作业失败：${listed(p.jobs, f)}`, p),
  'alibaba-ehpc.error.agentTimeout': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 上的代理响应超时；调度器可能已经执行，也可能没有`, p),
  'alibaba-ehpc.error.agentError': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 上的代理请求失败；调度器可能已经执行，也可能没有`, p),
  'alibaba-ehpc.error.aliyunError': (p) => said('E-HPC 处理请求时，其他阿里云产品出错', p),
  'alibaba-ehpc.error.notAuthorized': (p) => said(`此请求未获得 RAM 授权；${GRANT}`, p),
  'alibaba-ehpc.error.partFailure': (p, f) =>
    said(`集群 ${f.code(p.cluster)} 上的批量操作部分失败：部分作业已重新运行，部分没有`, p),
  'alibaba-ehpc.error.unknown': (p) => said('E-HPC 发生未知错误', p),
  'alibaba-ehpc.error.throttled': (p) => said('阿里云对请求进行了限流；请求未执行', p),
  'alibaba-ehpc.error.credential': (p) => said('阿里云拒绝了目标的凭证', p),
  'alibaba-ehpc.error.forbidden': (p) => said('目标的凭证无权执行此操作；请检查它的 RAM 权限策略', p),
  'alibaba-ehpc.error.invalid': (p) => said('阿里云拒绝了请求中的某个参数', p),
  'alibaba-ehpc.error.httpAuth': (p) => said('阿里云拒绝了目标的凭证或权限', p),
  'alibaba-ehpc.error.httpNotFound': (p) => said('阿里云找不到该资源', p),
  'alibaba-ehpc.error.httpServer': (p) => said(`E-HPC 返回了 HTTP ${p.status}`, p),
  'alibaba-ehpc.error.httpRefused': (p) => said(`E-HPC 拒绝了请求（HTTP ${p.status}）`, p),
  'alibaba-ehpc.error.notObject': (p) => `E-HPC 返回了 HTTP ${p.status}，但响应不是 JSON 对象`,
};
