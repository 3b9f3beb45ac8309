/**
 * Alert threads over real HTTP (docs/SPEC.md §4): a message in an alert channel matching a rule →
 * one thread reply with Rerun… → the form prefilled → the approval request in the alert's thread
 * → a peer approves → one signed RetryJobs call. Absence is proved against a later reply, never a sleep.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { formContext } from '../support/form-context.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CH = 'C0ALERTS';

const REST = `${PEER_POLICIES}alerts:
  - channel: "#alerts-batch"
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
  - channel: C0ZH
    match: '作业 (?<job_ids>job-[a-z0-9]{8}) 失败'
    target: batch-cn
  - channel: C0LOOSE
    match: 'job (?<job_ids>\\S+) broke'
    target: batch-gz
  - channel: C0MON
    match: 'Job ID\\s+(?<job_ids>job-[a-z0-9]{8})'
    target: batch-gz
`;

describe('alert threads', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [
        { id: 'batch-gz', with: { timeout: '2s' } },
        { id: 'batch-cn', with: { locale: 'zh-CN' } },
      ],
      rest: REST,
      jobs: [
        ['job-rybewp57', 'FAILED', 'nightly-etl'],
        ['job-97zcl3wt', 'FAILED', 'hourly-agg'],
      ],
    }));
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(() => close());

  /** The bot's messages in the thread of `ts`. */
  const repliesTo = (ts: string): Message[] => h.slack.messagesIn(CH).filter((m) => m.thread_ts === ts);
  const replyTo = (ts: string) => eventually(() => repliesTo(ts)[0]);
  const offersRerun = (m: Message) => JSON.stringify(m.blocks).includes('rerun_alert');

  it('carries an alert to a prefilled form, an approval request in its thread and one RetryJobs call', async () => {
    const { ts } = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-rybewp57 failed at 03:00' });
    const reply = await replyTo(ts);
    expect(FakeSlack.wordsOf(reply)).toContain('batch-gz');
    expect(FakeSlack.wordsOf(reply)).toContain('job-rybewp57');
    expect(offersRerun(reply)).toBe(true);

    expect((await h.driver.click(reply, 'rerun_alert', ALICE)).status).toBe(200);
    const viewId = await eventually(
      () => [...h.slack.views.entries()].reverse().find(([, v]) => JSON.stringify(v).includes('f:job_ids'))?.[0],
    );
    const view = h.driver.view(viewId);
    expect(JSON.stringify(view['blocks'])).toContain('"initial_value":"job-rybewp57"');
    expect(formContext(view, ALICE.user)).toMatchObject({ channel: CH, threadTs: ts });

    expect((await h.driver.submitView(viewId, {}, ALICE)).status).toBe(200);
    const approval = await eventually(() => h.slack.messagesIn(CH).find((m) => m.text.includes('Rerun request')));
    expect(approval.thread_ts).toBe(ts);

    await h.driver.click(approval, 'rerun_approve', BOB);
    await eventually(() => emu.retryCalls.length === 1);
    const final = await messageSaying(h.slack, approval.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-rybewp57']]);
    expect(final.thread_ts).toBe(ts);
    expect(repliesTo(ts).filter(offersRerun)).toHaveLength(1);
  });

  /** The queued reply a bot message is (its first block carries the row's id). */
  const rowOf = async (m: Message) => {
    const id = String(m.blocks[0]?.['block_id'] ?? '').replace(/^reply:/, '');
    return (await h.store.getReplies([id]))[0];
  };

  for (const [answer, failure] of [
    ['a 500', { status: 500 }],
    ['no answer', { postThenHang: true }],
  ] as const)
    it(`posts an alert's reply once when Slack posted it but gave ${answer}: found by its id, not posted again`, async () => {
      h.slack.failWhen('chat.postMessage', (a) => a['thread_ts'] !== undefined, failure);
      const { ts } = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-rybewp57 failed at 03:00' });
      const reply = await replyTo(ts);
      // The row is found where it landed, recorded as posted there, and never posted again.
      await eventually(async () => (await rowOf(reply))?.state === 'posted');
      expect((await rowOf(reply))?.postedTs).toBe(reply.ts);
      await h.bot.idle();
      expect(repliesTo(ts)).toHaveLength(1);
      expect(h.slack.callsOf('chat.postMessage').filter((c) => c.args['thread_ts'] === ts)).toHaveLength(1);
    });

  it('answers nothing to a message that matches no rule (shown by a later matching reply)', async () => {
    const quiet = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-rybewp57 succeeded' });
    const loud = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-97zcl3wt failed' });
    await replyTo(loud.ts);
    expect(repliesTo(quiet.ts)).toEqual([]);
  });

  it("reads another app's alert: bot_id without subtype, and a bot_message with attachments only", async () => {
    const plainApp = await h.driver.say(CH, { bot_id: 'B0GRAFANA', text: 'Batch job job-rybewp57 failed' });
    expect(FakeSlack.wordsOf(await replyTo(plainApp.ts))).toContain('job-rybewp57');
    const withAttachment = await h.driver.say(CH, {
      subtype: 'bot_message',
      bot_id: 'B0PAGER',
      username: 'pager',
      text: '',
      attachments: [{ fallback: 'alert', color: 'danger', title: 'Batch job job-97zcl3wt failed' }],
    });
    const reply = await replyTo(withAttachment.ts);
    expect(FakeSlack.wordsOf(reply)).toContain('job-97zcl3wt');
    expect(offersRerun(reply)).toBe(true);
  });

  it('reads a job id that is only in an attachment field (its title and value, one after the other)', async () => {
    const { ts } = await h.driver.say('C0MON', {
      subtype: 'bot_message',
      bot_id: 'B0DATADOG',
      text: '',
      attachments: [
        {
          color: 'danger',
          fallback: 'Monitor triggered',
          title: 'Monitor triggered',
          fields: [
            { title: 'Job ID', value: 'job-rybewp57', short: true },
            { title: 'Region', value: 'ap-guangzhou', short: true },
          ],
        },
      ],
    });
    const reply = await eventually(() => h.slack.messagesIn('C0MON').find((m) => m.thread_ts === ts));
    expect(FakeSlack.wordsOf(reply)).toContain('job-rybewp57');
    expect(offersRerun(reply)).toBe(true);
  });

  it("reads a Block-Kit-only alert whose job id is only in a rich_text block (its text is Slack's placeholder)", async () => {
    const richText = (job: string) => [
      {
        type: 'rich_text',
        block_id: 'a1',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'emoji', name: 'red_circle' },
              { type: 'text', text: ' Batch job ' },
              { type: 'text', text: job, style: { code: true } },
              { type: 'text', text: ' failed' },
            ],
          },
        ],
      },
    ];
    const placeholder = "This content can't be displayed.";
    const { ts } = await h.driver.say(CH, { bot_id: 'B0GRAFANA', text: placeholder, blocks: richText('job-rybewp57') });
    const reply = await replyTo(ts);
    expect(FakeSlack.wordsOf(reply)).toContain('job-rybewp57');
    expect(offersRerun(reply)).toBe(true);

    // The same shape, never seen arriving, read from its thread when the bot is mentioned there.
    const unseen = await h.driver.say(
      CH,
      { bot_id: 'B0GRAFANA', text: placeholder, blocks: richText('job-97zcl3wt') },
      { silent: true },
    );
    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> rerun?',
      ts: h.driver.nextTs(),
      thread_ts: unseen.ts,
      channel: CH,
    });
    expect(FakeSlack.wordsOf(await replyTo(unseen.ts))).toContain('job-97zcl3wt');
  });

  it('reads blocks inside an attachment, and a context block', async () => {
    const inAttachment = await h.driver.say(CH, {
      subtype: 'bot_message',
      bot_id: 'B0PAGER',
      text: '',
      attachments: [
        {
          color: '#e01e5a',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Incident' } },
            { type: 'section', text: { type: 'mrkdwn', text: '*Batch job job-rybewp57 failed*' } },
          ],
        },
      ],
    });
    expect(FakeSlack.wordsOf(await replyTo(inAttachment.ts))).toContain('job-rybewp57');
    const inContext = await h.driver.say(CH, {
      bot_id: 'B0GRAFANA',
      text: "This content can't be displayed.",
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: ':fire: *Alert firing*' } },
        {
          type: 'context',
          elements: [
            { type: 'image', image_url: 'https://grafana.example/logo.png', alt_text: 'Grafana' },
            { type: 'mrkdwn', text: 'Batch job job-97zcl3wt failed · 03:00 UTC' },
          ],
        },
      ],
    });
    const reply = await replyTo(inContext.ts);
    expect(FakeSlack.wordsOf(reply)).toContain('job-97zcl3wt');
    expect(offersRerun(reply)).toBe(true);
  });

  it('answers a top-level mention in an alert channel once: as an alert when it is one, else with the rules', async () => {
    // Slack delivers such a message twice: as a message event and as app_mention.
    const mention = async (text: string) => {
      const ts = h.driver.nextTs();
      await h.driver.say(CH, { user: 'U0ALICE', text, ts });
      await h.driver.event({ type: 'app_mention', user: 'U0ALICE', text, ts, channel: CH });
      return ts;
    };
    const answered = (ts: string, how: string) =>
      eventually(() =>
        h.logs.lines.some((l) => l.includes('mention answered') && l.includes(ts) && l.includes(`"answer":"${how}"`)),
      );

    const alert = await mention('<@U0BOT> Batch job job-rybewp57 failed, please rerun');
    const reply = await replyTo(alert);
    expect(offersRerun(reply)).toBe(true);
    // Both deliveries were read (one queued the reply, the other found it answered), and the
    // mention was answered as the alert, not with the rules as well.
    await answered(alert, 'alert');
    await eventually(() => h.logs.lines.some((l) => l.includes('alert already answered') && l.includes(alert)));
    expect(repliesTo(alert)).toHaveLength(1);

    const hello = await mention('<@U0BOT> hello');
    const rules = await replyTo(hello);
    expect(rules.text).toContain('#alerts-batch');
    await answered(hello, 'rules');
    expect(repliesTo(hello)).toHaveLength(1);
  });

  it("ignores the bot's own message, an edit and a thread reply", async () => {
    const text = 'Batch job job-rybewp57 failed';
    const own = await h.driver.say(CH, { user: 'U0BOT', bot_id: 'B0BOT', text });
    const parent = h.driver.nextTs();
    const threaded = await h.driver.say(CH, { user: 'U0MONITOR', text, thread_ts: parent });
    const edit = await h.driver.say(CH, {
      subtype: 'message_changed',
      hidden: true,
      message: { type: 'message', user: 'U0MONITOR', text, ts: parent },
      previous_message: { type: 'message', user: 'U0MONITOR', text: 'starting', ts: parent },
    });
    const sentinel = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-97zcl3wt failed' });
    await replyTo(sentinel.ts);
    for (const ts of [own.ts, threaded.ts, edit.ts, parent]) expect(repliesTo(ts)).toEqual([]);
    expect(h.slack.messagesIn(CH).filter(offersRerun)).toHaveLength(1);
    // The channel's name was read once, for the first message, and remembered.
    expect(h.slack.callsOf('conversations.info')).toHaveLength(1);
  });

  it('answers a mention in the thread of an alert it never saw, and explains itself elsewhere', async () => {
    const alert = await h.driver.say(
      CH,
      { bot_id: 'B0GRAFANA', text: 'Batch job job-rybewp57 failed' },
      { silent: true },
    );
    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> can you rerun this?',
      ts: h.driver.nextTs(),
      thread_ts: alert.ts,
      channel: CH,
    });
    const reply = await replyTo(alert.ts);
    expect(offersRerun(reply)).toBe(true);
    expect(h.slack.callsOf('conversations.replies')).toHaveLength(1);
    expect(h.slack.callsOf('conversations.replies')[0]?.args).toMatchObject({ channel: CH, ts: alert.ts, limit: '1' });

    const lone = h.driver.nextTs();
    await h.driver.event({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> hi', ts: lone, channel: CH });
    const rules = await replyTo(lone);
    expect(rules.text).toContain('#alerts-batch');
    expect(rules.text).toContain('(?&lt;job_ids&gt;');
    expect(offersRerun(rules)).toBe(false);

    // The thread of the bot's own message is not an alert's, whatever its text.
    const own = await h.driver.say(
      CH,
      { user: 'U0BOT', bot_id: 'B0BOT', text: 'Batch job job-97zcl3wt failed' },
      { silent: true },
    );
    await h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> ?',
      ts: h.driver.nextTs(),
      thread_ts: own.ts,
      channel: CH,
    });
    expect(offersRerun(await replyTo(own.ts))).toBe(false);
  });

  it('never lets alert text through as a live mention or link, from a rule named by channel id', async () => {
    const { ts } = await h.driver.say('C0LOOSE', {
      user: 'U0MONITOR',
      text: 'job <!channel>,<https://evil.example|x> broke',
    });
    const reply = await eventually(() => h.slack.messagesIn('C0LOOSE').find((m) => m.thread_ts === ts));
    // What Slack renders: the text and the section (the button's value is data, never shown).
    const text = `${reply.text}\n${JSON.stringify(reply.blocks[0])}`;
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(FakeSlack.wordsOf(reply)).toContain('batch-gz');
  });

  it("replies in the target's language when it sets one", async () => {
    const { ts } = await h.driver.say('C0ZH', { user: 'U0MONITOR', text: '作业 job-rybewp57 失败' });
    const reply = await eventually(() => h.slack.messagesIn('C0ZH').find((m) => m.thread_ts === ts));
    expect(reply.text).toContain('此告警匹配');
    expect(JSON.stringify(reply.blocks)).toContain('重跑…');
  });

  it('says who already asked when the job is in an open request, instead of offering it twice', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const open = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
    const { ts } = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-rybewp57 failed' });
    const reply = await replyTo(ts);
    expect(FakeSlack.wordsOf(reply)).toContain('already in request');
    // It links the open request's message (Slack's permalink for it).
    expect(reply.text).toContain(
      `<https://fake.slack.test/archives/C0INCIDENT/p${open.ts.replace('.', '')}|Open that request>`,
    );
    expect(FakeSlack.textOf(reply)).toContain('<@U0ALICE>');
    expect(FakeSlack.wordsOf(reply)).toContain('waiting for approval');
    expect(offersRerun(reply)).toBe(false);
  });

  it('replies once to a retried delivery and to a second event for the same alert', async () => {
    const fields = { user: 'U0MONITOR', text: 'Batch job job-rybewp57 failed' };
    const first = await h.driver.say(CH, fields, { eventId: 'Ev0ALERTONCE' });
    await h.driver.say(CH, { ...fields, ts: first.ts }, { eventId: 'Ev0ALERTONCE' });
    await h.driver.say(CH, { ...fields, ts: first.ts }, { eventId: 'Ev0ALERTTWICE' });
    await replyTo(first.ts);
    await eventually(() => h.logs.lines.some((l) => l.includes('alert already answered')));
    expect(h.logs.lines.some((l) => l.includes('duplicate delivery') && l.includes('Ev0ALERTONCE'))).toBe(true);
    expect(repliesTo(first.ts)).toHaveLength(1);
  });
});

describe('a digest whose post got no clear answer', () => {
  let h: Harness;
  let close: () => Promise<void>;
  const JOBS = ['job-dig00001', 'job-dig00002', 'job-dig00003', 'job-dig00004', 'job-dig00005'];

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz' }, { id: 'batch-cn', with: { locale: 'zh-CN' } }],
      rest: REST,
      jobs: JOBS.map((job) => [job, 'FAILED'] as [string, string]),
      // One post a second in the channel: the alerts back up past two and fold into a digest.
      replies: { paceMs: 1_000, digestAfter: 2, tickMs: 100 },
    }));
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(() => close());

  const isDigest = (m: Message | Record<string, unknown>) => JSON.stringify(m['blocks'] ?? []).includes('rerun_digest');

  it('is posted once when Slack posted it but answered 500: found by its id, not posted again', async () => {
    h.slack.failWhen('chat.postMessage', (a) => isDigest(a), { status: 500 });
    for (const job of JOBS) await h.driver.say(CH, { bot_id: 'B0MONITOR', text: `Batch job ${job} failed` });
    const digest = await eventually(() => h.slack.messagesIn(CH).find((m) => isDigest(m)), 20_000);
    const id = String(digest.blocks[0]?.['block_id'] ?? '').replace(/^reply:/, '');
    await eventually(async () => (await h.store.getReplies([id]))[0]?.state === 'posted', 20_000);
    await h.bot.idle();
    expect(h.slack.messagesIn(CH).filter((m) => isDigest(m) && m.ts === digest.ts)).toHaveLength(1);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => isDigest(c.args))).toHaveLength(1);
  });
});
