/**
 * The two vocabularies of a request's story, kept apart (docs/SPEC.md §4): the bot's own words for
 * its request and call (pending, accepted, refused…) and for the job after an accepted call
 * (running, failed again…), and the clouds' own job state codes, which are shown in Chinese with
 * the code beside them where people search for it (docs/i18n-glossary.md: `失败 (FAILED)`). A
 * cloud's `running` is never taken for a word of ours.
 */
import type { JobPhase, RequestState } from '../core/model/lifecycle.ts';

/** The request's state in English, as the story line says it (who decided is added around it). */
export const REQUEST_EN: Record<RequestState, string> = {
  pending: 'waiting for approval',
  sending: 'approved — sending',
  accepted: 'accepted by the provider',
  partial: 'partly accepted by the provider',
  refused: 'refused by the provider',
  'not-sent': 'not sent',
  unknown: 'outcome unknown — check status',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
};

export const REQUEST_ZH: Record<RequestState, string> = {
  pending: '等待审批',
  sending: '已批准，正在调用云服务',
  accepted: '云服务已受理',
  partial: '云服务部分受理',
  refused: '云服务拒绝',
  'not-sent': '未向云服务发起调用',
  unknown: '结果未知，请查看状态',
  rejected: '已拒绝',
  cancelled: '已取消',
  expired: '已过期',
};

/** The job's phase after an accepted call, in English. */
export const JOB_EN: Record<JobPhase, string> = {
  running: 'running',
  succeeded: 'succeeded',
  'failed-again': 'failed again',
  ended: 'ended',
  unwatched: 'no longer watched',
};

export const JOB_ZH: Record<JobPhase, string> = {
  running: '作业运行中',
  succeeded: '作业运行成功',
  'failed-again': '作业再次失败',
  ended: '作业已结束',
  unwatched: '已停止跟踪作业',
};

/** The clouds' job state codes in Chinese live in lib/, where the providers' catalogs reach them too. */
export { cloudStateZh } from '../lib/cloud-states.ts';
