/**
 * State words in Simplified Chinese, with the code beside them where people search for it
 * (docs/i18n-glossary.md: `失败 (FAILED)`). Request states are ours; job states are the clouds'
 * own codes, several spellings for one meaning. An unknown code is shown as it is.
 */
const REQUEST: Record<string, string> = {
  pending: '等待审批',
  running: '执行中',
  succeeded: '云服务已受理',
  failed: '云服务拒绝',
  notSent: '未发送',
  partial: '部分受理',
  unknown: '结果未知',
  rejected: '已拒绝',
  cancelled: '已取消',
  expired: '已过期',
};

const JOB: Record<string, string> = {
  FAILED: '失败',
  FAIL: '失败',
  FAILED_INTERRUPTED: '失败（已中断）',
  'RUNNING-EXCEPTION': '运行异常',
  RUNNING: '运行中',
  QUEUED: '排队中',
  SUCCEED: '成功',
  SUCCESS: '成功',
  SUCCESSFUL: '成功',
  PENDING: '等待中',
  READY: '就绪',
  CANCELING: '取消中',
  CANCELED: '已取消',
  CANCELLED: '已取消',
  STARTING: '启动中',
  SUBMITTED: '已提交',
  WAIT: '等待中',
  WAITING: '等待中',
  'NOT FOUND': '不存在',
  UNKNOWN: '未知',
};

/** A request state (ours) or a job state (the cloud's), in Chinese. */
export function stateZh(state: string): string {
  if (REQUEST[state]) return REQUEST[state];
  const word = JOB[state.toUpperCase()];
  return word ? `${word} (${state})` : state;
}
