/**
 * The clouds' job state codes in Simplified Chinese, each in the word its own console uses, shown
 * with the code beside it (`运行中 (RUNNING)`): engineers paste codes into tickets and search for
 * them (docs/i18n-glossary.md, which says whose code is whose). Here, in lib/, so the core's
 * catalogs and each provider's own catalog use one table. One cloud writes its codes in lower
 * case and has its own words for them (等待运行/运行中/运行成功/运行失败/运行异常/暂停/取消), so a
 * code is looked up as written before its upper-case spelling.
 */
const CLOUD_ZH: Readonly<Record<string, string>> = {
  // Lower-case codes, each cloud console's own word, as written.
  waiting: '等待运行',
  running: '运行中',
  success: '运行成功',
  fail: '运行失败',
  'running-exception': '运行异常',
  pause: '暂停',
  'manual-stop': '取消',
  'skip-by-depend': '因依赖跳过',
  freeze: '冻结',
  forceSuccess: '强制成功',
  ignoreSuccess: '忽略失败',
  'waiting-confirm': '等待确认',
  // Upper-case codes.
  FAILED: '失败',
  FAILED_INTERRUPTED: '失败（已中断）',
  RUNNING: '运行中',
  RUNNABLE: '可运行',
  QUEUED: '排队中',
  HELD: '挂起',
  FINISHED: '已结束',
  COMPLETED: '已完成',
  EXITING: '退出中',
  SUSPENDED: '已暂停',
  SUCCEED: '成功',
  SUCCESSFUL: '成功',
  PENDING: '等待中',
  READY: '就绪',
  CANCELING: '取消中',
  CANCELED: '已取消',
  CANCELLED: '已取消',
  STARTING: '启动中',
  SUBMITTED: '已提交',
  'NOT FOUND': '不存在',
  'NOT READ': '未读取',
  UNKNOWN: '未知',
};

/** Every code this table knows, as written (for the catalogs test: none may appear bare). */
export const KNOWN_CLOUD_STATES: readonly string[] = Object.keys(CLOUD_ZH);

/** The Chinese word of a cloud's state code, or undefined for a code this table does not know. */
export function cloudStateWordZh(state: string): string | undefined {
  return CLOUD_ZH[state] ?? CLOUD_ZH[state.toUpperCase()];
}

/** Several instances' states counted, as a provider sums them up: `fail×2, success×1`. */
const COUNTS = /^[\w-]+×\d+(?:, [\w-]+×\d+)*$/;

/**
 * A cloud's job state code in Chinese, the code beside it (`未知 (code)` for a code not in the table).
 * Counted states (`fail×2, success×1`) become `运行失败 (fail)×2、运行成功 (success)×1`.
 */
export function cloudStateZh(state: string): string {
  if (COUNTS.test(state))
    return state
      .split(', ')
      .map((part) => {
        const [code = '', count = ''] = part.split('×');
        return `${cloudStateZh(code)}×${count}`;
      })
      .join('、');
  // A code this table does not know still reads as a state, never as a bare code in a sentence.
  return `${cloudStateWordZh(state) ?? '未知'} (${state})`;
}
