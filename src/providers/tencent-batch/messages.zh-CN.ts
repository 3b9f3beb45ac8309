/** Tencent Cloud Batch's messages in Simplified Chinese (words of docs/i18n-glossary.md). */
import { cloudStateZh } from '../../lib/cloud-states.ts';
import type { Catalog, Format } from '../../lib/message.ts';
import type { TencentMessages } from './messages.ids.ts';

/** The one state RetryJobs accepts: 失败 (FAILED). */
const FAILED = cloudStateZh('FAILED');

/** Tencent Cloud's own words (as it sent them) after our sentence, when it gave any. */
const said = (vendor: string | undefined): string => (vendor ? `。腾讯云返回的信息：“${vendor}”` : '');

const ids = (jobIds: readonly string[], f: Format): string => jobIds.map((id) => f.code(id)).join('、');

export const zh: Catalog<TencentMessages> = {
  'tencent-batch.name': () => '腾讯云批量计算',
  'tencent-batch.field.job_ids.label': () => '作业 ID',
  'tencent-batch.field.job_ids.hint': () => `批量计算的作业 ID，多个用逗号分隔。只重试状态为${FAILED} 的作业。`,
  'tencent-batch.help.summary': (p, f) =>
    `RetryJobs（重试作业）：重试状态为${FAILED} 的批量计算作业中失败的任务实例（每次调用最多 ${f.number(p.perCall)} 个作业，每秒最多 ${f.number(p.perSecond)} 次调用）。`,
  'tencent-batch.summary': (p, f) => `重试 ${f.number(p.jobIds.length)} 个批量计算作业：${ids(p.jobIds, f)}`,

  'tencent-batch.input.jobId': (p, f) =>
    `${f.code(p.value)} 不是批量计算的作业 ID，作业 ID 的格式形如 ${f.code(p.example)}`,
  'tencent-batch.input.noJobIds': () => '请至少填写一个作业 ID',
  'tencent-batch.input.tooManyJobIds': (p, f) =>
    `每个重跑请求最多 ${f.number(p.max)} 个作业 ID（当前 ${f.number(p.count)} 个）`,

  'tencent-batch.refused.notFound': (p, f) => `地域 ${f.code(p.region)} 中没有此作业`,
  'tencent-batch.refused.notFailed': (p) =>
    `只有状态为${FAILED} 的作业可以重试，此作业的状态为${cloudStateZh(p.state)}`,
  'tencent-batch.detail.failedTasks': (p, f) => `失败任务数：${f.number(p.count)}`,
  'tencent-batch.detail.created': (p, f) => `创建时间：${f.date(p.at)}`,
  'tencent-batch.detail.ended': (p, f) => `结束时间：${f.date(p.at)}`,
  'tencent-batch.detail.facts': (p, f) => p.facts.map((m) => f.msg(m)).join('；'),
  'tencent-batch.note.retryJobs': () =>
    'RetryJobs（重试作业）只重新运行每个作业中失败的任务实例，并按作业的 DAG 依次执行；这些任务实例的历史记录会被重置。',

  'tencent-batch.accepted': (p, f) => `腾讯云已受理 ${f.number(p.count)} 个作业的重试。`,
  'tencent-batch.status.awaitingPickup': () => '重试已受理，等待批量计算开始执行',

  'tencent-batch.error.noResponse': (p, f) =>
    `腾讯云返回了 HTTP ${f.number(p.status)}，但响应中没有 ${f.code('Response')}`,
  'tencent-batch.error.signature': (p, f) =>
    `腾讯云拒绝了请求签名，请检查目标的 ${f.code('secretKey')}${said(p.vendor)}`,
  'tencent-batch.error.signatureExpire': (p) =>
    `请求时间与腾讯云服务器时间相差超过 5 分钟，请检查本机的时钟${said(p.vendor)}`,
  'tencent-batch.error.secretId': (p, f) =>
    `腾讯云找不到目标的 ${f.code('secretId')}，请确认该密钥存在且已启用${said(p.vendor)}`,
  'tencent-batch.error.token': (p, f) => `临时密钥的令牌无效或已过期，请更新目标的 ${f.code('token')}${said(p.vendor)}`,
  'tencent-batch.error.notAllowed': (p, f) =>
    `目标的密钥无权使用批量计算，请在访问管理（CAM）中为其授予 ${f.code('batch:RetryJobs')} 和 ${f.code('batch:DescribeJobs')} 权限${said(p.vendor)}`,
  'tencent-batch.error.jobIdMalformed': (p, f) =>
    `腾讯云拒绝了格式不正确的作业 ID（${ids(p.jobIds, f)}），作业 ID 的格式形如 ${f.code(p.example)}${said(p.vendor)}`,
  'tencent-batch.error.jobNotFound': (p, f) =>
    (p.jobIds.length === 1
      ? `地域 ${f.code(p.region)} 中没有作业 ${ids(p.jobIds, f)}，请检查作业 ID 和目标的地域`
      : `作业 ${ids(p.jobIds, f)} 中有作业在地域 ${f.code(p.region)} 中不存在，请检查作业 ID 和目标的地域`) +
    said(p.vendor),
  'tencent-batch.error.notFailed': (p, f) =>
    `腾讯云拒绝重试 ${ids(p.jobIds, f)}：只有状态为${FAILED} 的作业可以重试，请检查作业的状态${said(p.vendor)}`,
  'tencent-batch.error.busy': (p, f) =>
    (p.jobIds.length === 1
      ? `作业 ${ids(p.jobIds, f)} 正在执行其他操作，请等待操作完成后重新申请`
      : `作业 ${ids(p.jobIds, f)} 中有作业正在执行其他操作，请等待操作完成后重新申请`) + said(p.vendor),
  'tencent-batch.error.region': (p, f) => `地域 ${f.code(p.region)} 不支持批量计算，请修改目标的地域${said(p.vendor)}`,
  'tencent-batch.error.tooManyIds': (p, f) => `一次调用中的作业 ID 过多（最多 ${f.number(p.max)} 个）${said(p.vendor)}`,
  'tencent-batch.error.internal': (p) => `腾讯云批量计算发生内部错误${said(p.vendor)}`,
  'tencent-batch.error.throttled': (p, f) =>
    `腾讯云限制了请求频率（RetryJobs 每秒最多允许 ${f.number(p.perSecond)} 次调用）${said(p.vendor)}`,
  'tencent-batch.error.parameter': (p) => `腾讯云拒绝了请求中的参数${said(p.vendor)}`,
  'tencent-batch.error.credential': (p) => `腾讯云拒绝了目标的密钥${said(p.vendor)}`,
  'tencent-batch.error.resourceNotFound': (p, f) => `腾讯云在地域 ${f.code(p.region)} 中找不到该资源${said(p.vendor)}`,
  'tencent-batch.error.refused': (p) => `腾讯云拒绝了该请求${said(p.vendor)}`,
};
