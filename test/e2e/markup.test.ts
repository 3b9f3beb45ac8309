/**
 * Markup stays inert (issue 9, part 5): a mention, a broadcast or backticks typed by a person or
 * sent by a vendor never become live in any message kind: the channel message, an ephemeral
 * answer, a direct message, a modal. Mentions come only from ids the bot inserts itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const HOSTILE = '<@U0ADMIN> <!channel> `x` *b* _i_ ~s~ ```y```\n*z*';

/** No live mention, broadcast or link, and every inline code span closed on its own line. */
function inert(text: string): void {
  expect(text).not.toMatch(/<@U0ADMIN>|<!channel>|<!here>/);
  expect(text).not.toContain('`x`');
  expect(text).not.toContain('```y```');
  for (const line of text.split('\n')) {
    // Outside ``` blocks, an odd number of backticks on a line means a span broke out.
    if (!line.includes('```')) expect((line.match(/`/g) ?? []).length % 2, line).toBe(0);
  }
}

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ emu, h, close } = await startTencentBot({
    ratePerSecond: 1000,
    rest: 'policies:\n  default: { approval: peer }\n',
  }));
});
afterAll(() => close());

describe('typed and vendor markup', () => {
  it('stays inert in the channel message and in the direct message to the requester', async () => {
    emu.addJob('job-markup01', 'FAILED', HOSTILE);
    await h.driver.command('batch-gz job_ids=job-markup01', ALICE);
    const msg = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes('job-markup01')),
    );
    const shown = FakeSlack.textOf(msg);
    expect(shown).toContain('&lt;@U0ADMIN&gt;');
    inert(shown);
    inert(msg.text);

    emu.failNextRetry('InvalidParameter', HOSTILE);
    const before = h.slack.callsOf('chat.postMessage').length;
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, 'Refused');
    inert(FakeSlack.textOf(final));
    // Alice is told by direct message that Bob approved, with the provider's answer.
    const dm = await eventually(() =>
      h.slack
        .callsOf('chat.postMessage')
        .slice(before)
        .find((c) => c.args['channel'] === ALICE.user),
    );
    inert(String(dm.args['text']));
    // The bot's own mentions stay live: the person who acted is named by id.
    expect(FakeSlack.textOf(final)).toContain('<@U0BOB>');
  });

  it('stays inert in ephemeral answers, in the ack and on the response_url', async () => {
    for (const text of [`batch-gz ${HOSTILE}`, `${HOSTILE} job_ids=job-x`, 'batch-gz job_ids=`a`*b*`']) {
      const answer = await h.driver.answerTo(await h.driver.command(text, ALICE));
      inert(String(answer['text']));
      inert(JSON.stringify(answer['blocks'] ?? []));
    }
  });

  it('stays inert in the direct message sent when an ephemeral answer cannot be shown', async () => {
    emu.addJob('job-markup02', 'FAILED', HOSTILE);
    await h.driver.command('batch-gz job_ids=job-markup02', ALICE);
    const msg = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes('job-markup02')),
    );
    // Alice may not approve her own request under peer: the refusal goes to her, by DM this time.
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    const before = h.slack.callsOf('chat.postMessage').length;
    await h.driver.click(msg, 'rerun_approve', ALICE);
    const dm = await eventually(() =>
      h.slack
        .callsOf('chat.postMessage')
        .slice(before)
        .find((c) => c.args['channel'] === ALICE.user),
    );
    inert(String(dm.args['text']));
  });

  it('stays inert in the modal: every text there is plain_text, prefilled values included', async () => {
    const ack = await h.driver.command(`batch-gz job_ids="${HOSTILE}"`, ALICE);
    await h.driver.answerTo(ack).catch(() => undefined);
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
    const reply = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': HOSTILE }, ALICE);
    // The field's error comes back as plain text beside it.
    expect(reply.json?.['response_action']).toBe('errors');
    for (const view of h.slack.views.values()) {
      const texts = JSON.stringify(view).match(/"type":"(mrkdwn|plain_text)"/g) ?? [];
      expect(texts.every((t) => t.includes('plain_text'))).toBe(true);
    }
  });
});
