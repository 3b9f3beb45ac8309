/**
 * `npm start` with no Slack variables on a Chinese terminal: the console speaks Chinese.
 */
import { describe, expect, it } from 'vitest';
import { npmStart } from '../support/npm-start.ts';

describe('npm start without Slack: the console', () => {
  it('speaks Chinese on a Chinese terminal', async () => {
    const run = await npmStart('ocp-main task=100 subtask=1000\nas bob\napprove\n', { LANG: 'zh_CN.UTF-8' });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('rerun-bot 控制台');
    expect(run.out).toContain('申请在 ocp-main');
    expect(run.out).toContain('云服务已受理');
  }, 60_000);
});
