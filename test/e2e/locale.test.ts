/**
 * Languages in Slack: what a person sees alone follows their own Slack locale (users.info with
 * include_locale); what the channel sees follows the asker's locale, or the target's `locale:`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const LI = { user: 'U0LI' };
const ALICE = { user: 'U0ALICE' };
const CJK = /[\u4e00-\u9fff]/;

describe('languages in Slack', () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // Two targets on one emulator; batch-cn sets `locale: zh-CN` for what its channel sees.
    ({ h, close } = await startTencentBot({
      targets: [{ id: 'batch-gz' }, { id: 'batch-cn', with: { locale: 'zh-CN' } }],
      jobs: [
        ['job-rybewp57', 'FAILED', 'nightly-etl'],
        ['job-97zcl3wt', 'FAILED', 'hourly-agg'],
      ],
    }));
    h.slack.locales.set('U0LI', 'zh-CN');
    h.slack.locales.set('U0ALICE', 'en-US');
  });
  afterEach(() => close());

  /** Everything the bot answered a command with (text and blocks), as one string. */
  const answer = async (text: string, p: { user: string }) => {
    const reply = await h.driver.answerTo(await h.driver.command(text, p));
    return String(reply['text'] ?? '') + JSON.stringify(reply['blocks'] ?? []);
  };

  it('gives a zh-CN user help, errors, the form and the approval request in Chinese', async () => {
    const help = await answer('help', LI);
    expect(help).toContain('在有人批准后重跑失败的云上作业');
    expect(help).toContain('腾讯云');

    const error = await answer('batch-gz jobz=job-rybewp57', LI);
    expect(error).toContain('不是此目标（腾讯云批量计算）的参数');
    expect(error).toContain('`/rerun batch-gz job_ids=');

    await h.driver.openForm(LI);
    const form = JSON.stringify([...h.slack.views.values()].at(-1));
    expect(form).toContain('重跑作业');
    expect(form).toContain('提交审批');

    await h.driver.command('batch-gz job_ids=job-rybewp57', LI);
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('rr-')));
    const text = FakeSlack.textOf(msg);
    expect(text).toContain('<@U0LI> 申请在 `batch-gz`');
    expect(text).toContain('失败 (FAILED)');
    expect(JSON.stringify(msg.blocks)).toContain('"批准"');
    // users.info was asked with include_locale, as Slack requires for the locale to be in the answer
    expect(h.slack.callsOf('users.info').every((c) => String(c.args['include_locale']) === 'true')).toBe(true);

    // The outcome is rendered in the asker's language for the whole channel.
    await h.driver.click(msg, 'rerun_approve', ALICE);
    await messageSaying(h.slack, msg.ts, '云服务已受理');
  });

  it('shows an en-US user no Chinese, and a target with locale: zh-CN speaks Chinese to the channel', async () => {
    for (const text of ['help', 'batch-gz jobz=x', 'status rr-00000000', 'history']) {
      expect(CJK.test(await answer(text, ALICE)), text).toBe(false);
    }
    await h.driver.openForm(ALICE);
    expect(CJK.test(JSON.stringify([...h.slack.views.values()].at(-1)))).toBe(false);

    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const english = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')),
    );
    expect(CJK.test(FakeSlack.textOf(english))).toBe(false);

    // batch-cn sets locale: zh-CN, so its channel message is Chinese even for an English asker,
    // while what the asker sees alone stays English.
    const ack = await h.driver.command('batch-cn job_ids=job-97zcl3wt', ALICE);
    const first = String((await h.driver.answerTo(ack))['text']);
    expect(first).toContain('Checking the current state');
    const chinese = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('重跑请求')));
    expect(FakeSlack.textOf(chinese)).toContain('<@U0ALICE> 申请在 `batch-cn`');
    // Stored: where it was asked (opaque to the core), the asker's language and the channel's.
    // (where it was published is stored once Slack has answered the post, a moment after the message shows)
    const stored = await eventually(async () => {
      const [r] = await h.bot.core.history({ targetId: 'batch-cn', limit: 1 });
      return r?.published ? r : undefined;
    });
    expect(stored).toMatchObject({
      askerLocale: 'en',
      locale: 'zh-CN',
      surface: { kind: 'slack', channel: 'C0INCIDENT' },
      published: { kind: 'slack', channel: 'C0INCIDENT', ts: chinese.ts },
      summary: { id: 'tencent-batch.summary' },
    });
  });
});
