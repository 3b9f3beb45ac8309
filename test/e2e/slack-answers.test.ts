/**
 * Exactly once towards Slack (issue 17, items 1–3), over real HTTP: the fake Slack posts a
 * message and then answers 500, or never answers (the bot's call timeout, shortened here, ends
 * the wait), or answers 429. For each kind of post — the approval request, the final reply, an
 * announce line, a message to the requester — exactly one message exists afterwards, its buttons
 * work, and the store says where it is. A click on an orphan adopts it; a second copy of a
 * request's message is made to point to the live one. No test sleeps: the sweeper runs in
 * `bot.idle()`, on a clock the test moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import type { MovableClock } from '../support/clock.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const ANNOUNCE = 'C0ANNOUNCE';
const JOB = 'job-rybewp57';
/** The bot's lease (RERUN_LEASE_MS's default): a post whose answer was lost is looked for after it. */
const LEASE_MS = 30_000;

const isApproval = (a: Record<string, unknown>) => JSON.stringify(a['blocks'] ?? '').includes(':request:');
const isKind = (kind: string) => (a: Record<string, unknown>) =>
  JSON.stringify(a['metadata'] ?? '').includes(`"kind":"${kind}"`);

describe("Slack's lost answers: every post exactly once", () => {
  let emu: TencentEmulator;
  let h: Harness;
  let clock: MovableClock;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, clock, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s', announce: ANNOUNCE } }],
      rest: 'policies:\n  default:\n    approval: peer\n    expiresAfter: 30m\n',
      ratePerSecond: 1000,
      jobs: [[JOB, 'FAILED', 'nightly-etl']],
      // The sweeper runs when the test says (bot.idle), never by its own timer mid-test.
      env: { RERUN_SWEEP_MS: '600000' },
      // A call Slack never answers ends after 300 ms, not Slack's 5 s.
      slackTiming: { callTimeoutMs: 300 },
      follow: { tickMs: 50, firstMs: [0], everyMs: 100 },
    }));
    h.slack.clock = clock;
  });
  afterEach(() => close());

  const approvals = (): Message[] =>
    h.slack.messagesIn('C0INCIDENT').filter((m) => !m.thread_ts && FakeSlack.textOf(m).includes(JOB));
  const idOf = (m: Message) => /rr-[0-9a-f]+/.exec(m.text)?.[0] as string;

  /** Asks, with the approval request's post failing as `failure` says; its one message, once the bot is idle. */
  async function askLosing(failure: Parameters<FakeSlack['failWhen']>[2]): Promise<Message> {
    h.slack.failWhen('chat.postMessage', isApproval, failure);
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const said = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('did not confirm')),
    );
    expect(String(said['text'])).toMatch(/looks for it in the channel shortly and posts it only if it is not there/);
    return eventually(() => approvals()[0]);
  }

  for (const [name, failure] of [
    ['answers 500 after posting', { status: 500 as const }],
    ['posts, then never answers', { postThenHang: true as const }],
  ] as const) {
    it(`an approval request whose post ${name}: never cancelled, found and adopted, approved once`, async () => {
      const msg = await askLosing(failure);
      const id = idOf(msg);
      expect((await h.bot.core.request(id))?.state).toBe('pending');
      await h.bot.idle();
      // Not looked for yet: Slack may still be posting it, for a lease (30 s here) after the answer.
      expect((await h.bot.core.request(id))?.published).toBeUndefined();
      clock.advance(LEASE_MS);
      await h.bot.idle();
      // The sweeper looked, found it, and recorded it: no second message.
      expect(approvals()).toHaveLength(1);
      expect(h.slack.callsOf('chat.postMessage').filter((c) => isApproval(c.args))).toHaveLength(1);
      expect((await h.bot.core.request(id))?.published).toMatchObject({ channel: 'C0INCIDENT', ts: msg.ts });
      await h.driver.click(msg, 'rerun_approve', BOB);
      await messageSaying(h.slack, msg.ts, 'Accepted');
      expect(emu.retryCalls).toHaveLength(1);
      expect(approvals()).toHaveLength(1);
    });
  }

  it("a look adopts only the bot's own message: a forged copy (same identity, another app) is ignored, and the request posted", async () => {
    h.slack.failWhen('chat.postMessage', isApproval, { hang: true });
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const said = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('did not confirm')),
    );
    const id = /rr-[0-9a-f]+/.exec(String(said['text']))?.[0] as string;
    // Another app posts a message carrying the request's identity, in block id and metadata both.
    const forgedTs = `${Math.floor(clock.now().getTime() / 1000)}.000001`;
    h.slack.history.set(forgedTs, {
      channel: 'C0INCIDENT',
      ts: forgedTs,
      type: 'message',
      bot_id: 'B0OTHER',
      user: 'U0OTHER',
      text: `Rerun request ${id}: Waiting for approval`,
      blocks: [{ type: 'section', block_id: `post:${id}:request:`, text: { type: 'mrkdwn', text: 'forged' } }],
      metadata: { event_type: 'rerun_post', event_payload: { request: id, kind: 'request', key: '' } },
    });
    clock.advance(LEASE_MS);
    await h.bot.idle();
    // The sweeper looked, saw only the forged copy, and posted the request's own message.
    expect(h.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    const mine = await eventually(() => approvals()[0]);
    expect(approvals()).toHaveLength(1);
    expect((await h.bot.core.request(id))?.published).toMatchObject({ channel: 'C0INCIDENT', ts: mine.ts });
    expect(h.slack.callsOf('chat.update').filter((c) => c.args['ts'] === forgedTs)).toHaveLength(0);
    await h.driver.click(mine, 'rerun_approve', BOB);
    await messageSaying(h.slack, mine.ts, 'Accepted');
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('a click on the orphan adopts it before the sweeper does, and approves once', async () => {
    const msg = await askLosing({ status: 502 });
    const id = idOf(msg);
    expect((await h.bot.core.request(id))?.published).toBeUndefined();
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    await h.bot.idle();
    expect(emu.retryCalls).toHaveLength(1);
    expect(approvals()).toHaveLength(1);
    expect((await h.bot.core.request(id))?.published).toMatchObject({ ts: msg.ts });
    expect(h.slack.callsOf('chat.postEphemeral').map((c) => String(c.args['text']))).not.toContainEqual(
      expect.stringMatching(/does not belong/),
    );
  });

  it('a second copy of a request’s message is made to point to the live one, its buttons gone', async () => {
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const live = await eventually(() => approvals()[0]);
    await h.bot.idle();
    // A copy an older version (or a lost answer never looked for) left in the channel.
    const copy: Message = { ...live, ts: `${live.ts.split('.')[0]}.999999` };
    h.slack.messages.set(copy.ts, copy);
    await h.driver.click(copy, 'rerun_approve', BOB);
    const told = await eventually(() =>
      h.slack.callsOf('chat.postEphemeral').find((c) => String(c.args['text']).includes('second copy')),
    );
    expect(String(told.args['text'])).toContain(idOf(live));
    const updated = h.slack.messages.get(copy.ts) as Message;
    expect(FakeSlack.textOf(updated)).toContain("See the request's message");
    expect(FakeSlack.textOf(updated)).toContain(`p${live.ts.replace('.', '')}`);
    expect(JSON.stringify(updated.blocks)).not.toContain('rerun_approve');
    // The click on the copy counted for nothing; the live message still works.
    expect(emu.retryCalls).toHaveLength(0);
    await h.driver.click(live, 'rerun_approve', BOB);
    await messageSaying(h.slack, live.ts, 'Accepted');
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('a 429 proves nothing was posted: the request waits, and is posted once after Retry-After', async () => {
    h.slack.failWhen('chat.postMessage', isApproval, { status: 429, retryAfter: 2 });
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    // The asker reads the truth: Slack asked to wait; not "did not confirm", which a 429 rules out.
    const said = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('asked the bot to wait')),
    );
    expect(String(said['text'])).toMatch(/is not in the channel yet\. The bot posts it shortly, once/);
    expect(h.driver.responsesTo(ack.responseId).map((r) => String(r['text']))).not.toContainEqual(
      expect.stringContaining('did not confirm'),
    );
    await h.bot.idle();
    expect(approvals()).toHaveLength(0);
    clock.advance(5_000);
    await h.bot.idle();
    expect(approvals()).toHaveLength(1);
    // Posted once: no look was needed (a 429 proves it was not posted) and none was made.
    expect(h.slack.callsOf('conversations.history')).toHaveLength(0);
  });

  /**
   * Moves past every wait between tries, `rounds` times, letting the bot work after each move; before
   * the next move, whatever a slow Slack still holds lands (real time: the look that follows a lease
   * must not be made before Slack is done, which moving test time alone would allow).
   */
  async function passWaits(rounds = 3, ms = 60_000): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await eventually(() => h.slack.delaying === 0);
      clock.advance(ms);
      await h.bot.idle();
    }
    await eventually(() => h.slack.delaying === 0);
  }

  it('the final reply, the announce lines and the message to the requester: one each, whatever Slack answered', async () => {
    h.slack.failWhen('chat.postMessage', isKind('final'), { status: 500 });
    h.slack.failWhen('chat.postMessage', isKind('announce'), { postThenHang: true });
    h.slack.failWhen('chat.postMessage', isKind('dm'), { status: 503 });
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await eventually(() => approvals()[0]);
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    emu.finish(JOB, 'SUCCEED');
    const thread = () => h.slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === msg.ts);
    // The final reply landed, its answer lost: the announce line and the message follow it once it is found.
    await eventually(() => thread().length || undefined);
    // Past every wait between tries: each post that may have landed is looked for, and found.
    await passWaits();
    expect(thread()).toHaveLength(1);
    expect(FakeSlack.textOf(thread()[0] as Message)).toContain('succeeded');
    expect(h.slack.messagesIn(ANNOUNCE).map((m) => m.text.includes('succeeded'))).toEqual([false, true]);
    const dms = h.slack.messagesIn('U0ALICE');
    expect(dms.filter((m) => m.text.includes('approved by'))).toHaveLength(1);
    expect(dms.filter((m) => m.text.includes('succeeded'))).toHaveLength(1);
    expect((await h.bot.core.request(idOf(msg)))?.follow).toMatchObject({ reply: { state: 'given' } });
    // The lost answers were looked for (and found) rather than posted again.
    expect(h.slack.callsOf('conversations.replies').length).toBeGreaterThan(0);
    expect(h.slack.callsOf('conversations.open').length).toBeGreaterThan(0);
  });

  it('every kind of post answered slower than the call timeout (but posted): one message each, buttons working', async () => {
    // Slack posts each of these only after the bot stopped waiting for its answer (300 ms).
    for (const kind of ['request', 'final', 'announce', 'dm'])
      h.slack.failWhen('chat.postMessage', isKind(kind), { delayMs: 800 });
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('did not confirm')),
    );
    const msg = await eventually(() => approvals()[0]);
    const id = idOf(msg);
    await passWaits(1);
    expect(approvals()).toHaveLength(1);
    expect((await h.bot.core.request(id))?.published).toMatchObject({ ts: msg.ts });
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    emu.finish(JOB, 'SUCCEED');
    const thread = () => h.slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === msg.ts);
    await eventually(() => thread().length || undefined);
    await passWaits();
    expect(approvals()).toHaveLength(1);
    expect(thread()).toHaveLength(1);
    expect(h.slack.messagesIn(ANNOUNCE)).toHaveLength(2);
    const dms = h.slack.messagesIn('U0ALICE');
    expect(dms.filter((m) => m.text.includes('approved by'))).toHaveLength(1);
    expect(dms.filter((m) => m.text.includes('succeeded'))).toHaveLength(1);
    // Every post recorded where it is, and the approval message shows the stored end.
    expect((await h.bot.core.request(id))?.follow).toMatchObject({ reply: { state: 'given' } });
    expect(FakeSlack.textOf(h.slack.messages.get(msg.ts) as Message)).toContain('succeeded');
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('every Web API call slower than the call timeout: the request is not cancelled, and its message ends in the stored state', async () => {
    // Every answer comes after the bot stopped waiting (300 ms): posts land, looks get no answer.
    h.slack.delayMs = 500;
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    // The ack never waited on Slack.
    expect(ack.status).toBe(200);
    const msg = await eventually(() => approvals()[0]);
    const id = idOf(msg);
    await passWaits(1, LEASE_MS);
    // Looked for, without an answer: not cancelled, and nothing posted again.
    expect(h.slack.callsOf('conversations.history').length).toBeGreaterThan(0);
    expect((await h.bot.core.request(id))?.state).toBe('pending');
    expect(approvals()).toHaveLength(1);
    // Slack still slow, but answering within the bot's wait: the next look finds it and adopts it.
    h.slack.delayMs = 150;
    await passWaits(1, 11 * 60_000);
    expect(approvals()).toHaveLength(1);
    expect((await h.bot.core.request(id))?.published).toMatchObject({ ts: msg.ts });
    expect(FakeSlack.textOf(h.slack.messages.get(msg.ts) as Message)).toContain('Waiting for approval');
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    await h.bot.idle();
    expect(approvals()).toHaveLength(1);
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('a definite refusal is final and said so: the request is withdrawn, nothing is posted again', async () => {
    h.slack.failWhen('chat.postMessage', isApproval, { error: 'not_in_channel' });
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const said = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('could not be posted')),
    );
    expect(String(said['text'])).toContain('not_in_channel');
    clock.advance(60_000);
    await h.bot.idle();
    expect(approvals()).toHaveLength(0);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => isApproval(c.args))).toHaveLength(1);
  });
});
