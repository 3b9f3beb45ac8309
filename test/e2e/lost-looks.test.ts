/**
 * Looking for a post whose answer was lost (issue 18, item 7), over real HTTP on a clock the test
 * moves: the look reads only what was posted since the row was first sent (`oldest`) and follows
 * Slack's cursor; a thread or channel Slack says is gone for the bot is given up after a few
 * looks, each later than the one before, never looked for at every tick for ever. Absence is shown
 * by counting the calls while the test moves time far past every wait.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import type { MovableClock } from '../support/clock.ts';
import type { ApiCall } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const CH = 'C0ALERTS';
const JOB = 'job-rybewp57';
const REST = `${PEER_POLICIES}alerts:
  - channel: ${CH}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;
/** Longer than every wait between two tries (ten minutes at most), on the test's clock. */
const PAST_ANY_WAIT_MS = 11 * 60_000;

/** The reply row an alert reply's post names (its first block carries the row's id). */
const rowIdOf = (c: ApiCall) =>
  String((c.args['blocks'] as { block_id?: string }[] | undefined)?.[0]?.block_id ?? '').replace(/^reply:/, '');

describe('a look for a lost alert reply', () => {
  let h: Harness;
  let clock: MovableClock;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, clock, close } = await startTencentBot({
      secrets: 'env',
      rest: REST,
      jobs: [[JOB, 'FAILED', 'nightly-etl']],
      // The post ledger's sweeper stays out of the way: these rows are the reply queue's.
      env: { RERUN_SWEEP_MS: '600000' },
    }));
    h.slack.clock = clock;
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(() => close());

  const replyPosts = (ts: string) => h.slack.callsOf('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
  const looks = (ts: string) => h.slack.callsOf('conversations.replies').filter((c) => c.args['ts'] === ts);
  const row = async (id: string) => (await h.store.getReplies([id]))[0];

  /** Moves the test's clock past every wait, `rounds` times, letting the bot do what is due each time. */
  async function passTime(rounds: number): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      clock.advance(PAST_ANY_WAIT_MS);
      await h.bot.idle();
    }
  }

  it('a reply row whose thread was deleted stops being looked for: three looks, later each time, then given up', async () => {
    // The alert arrived, and was deleted (with its thread) before the reply could be found: Slack
    // answers thread_not_found for it. The reply's post landed, but its answer was lost.
    const alertTs = `${Math.floor(clock.now().getTime() / 1000) - 5}.000100`;
    h.slack.failWhen('chat.postMessage', (a) => a['thread_ts'] === alertTs, { status: 500 });
    await h.driver.event({
      type: 'message',
      bot_id: 'B0MONITOR',
      text: `Batch job ${JOB} failed`,
      ts: alertTs,
      channel: CH,
    });
    await eventually(() => looks(alertTs).length === 1);
    const id = rowIdOf(replyPosts(alertTs)[0]!);
    const sentAt = (await row(id))?.sendingAt as number;
    // The look reads only what was posted since the row was first sent (less a minute of clock skew).
    expect(Number(looks(alertTs)[0]?.args['oldest'])).toBeCloseTo((sentAt - 60_000) / 1000, 3);

    // Not looked for again at the next ticks: the second look waits (on the test's clock).
    await h.bot.idle();
    expect(looks(alertTs)).toHaveLength(1);
    expect((await row(id))?.state).toBe('sending');
    const firstWait = ((await row(id))?.lookAfter as number) - clock.now().getTime();
    expect(firstWait).toBeGreaterThan(0);

    await passTime(1);
    await eventually(() => looks(alertTs).length === 2);
    await eventually(async () => ((await row(id))?.looks ?? 0) === 2);
    const secondWait = ((await row(id))?.lookAfter as number) - clock.now().getTime();
    expect(secondWait).toBeGreaterThan(firstWait);

    await passTime(1);
    await eventually(async () => (await row(id))?.state === 'failed');
    expect(h.logs.lines.some((l) => l.includes('given up') && l.includes('thread_not_found'))).toBe(true);
    // However long time passes now, nothing more is asked of Slack for it, and it is never posted again.
    await passTime(5);
    expect(looks(alertTs)).toHaveLength(3);
    expect(replyPosts(alertTs)).toHaveLength(1);
  });

  it('a look Slack fails on its side (internal_error) waits, is tried again later, and adopts the reply once Slack answers', async () => {
    const alert = await h.driver.say(CH, { bot_id: 'B0MONITOR', text: `Batch job ${JOB} failed` }, { silent: true });
    h.slack.failWhen('chat.postMessage', (a) => a['thread_ts'] === alert.ts, { status: 500 });
    for (let i = 0; i < 2; i++)
      h.slack.failWhen('conversations.replies', (a) => a['ts'] === alert.ts, { error: 'internal_error' });
    await h.driver.event({
      type: 'message',
      bot_id: 'B0MONITOR',
      text: `Batch job ${JOB} failed`,
      ts: alert.ts,
      channel: CH,
    });
    await eventually(() => looks(alert.ts).length === 1);
    const id = rowIdOf(replyPosts(alert.ts)[0]!);
    await eventually(async () => (await row(id))?.looks === 1);
    await h.bot.idle();
    expect(looks(alert.ts)).toHaveLength(1);
    await passTime(1);
    await eventually(async () => (await row(id))?.looks === 2);
    await passTime(1);
    await eventually(async () => (await row(id))?.state === 'posted');
    expect(looks(alert.ts)).toHaveLength(3);
    expect((await row(id))?.postedTs).toBe(h.slack.messagesIn(CH).find((m) => m.thread_ts === alert.ts)?.ts);
    expect(replyPosts(alert.ts)).toHaveLength(1);
  });

  it('a reply Slack refuses to post in a deleted thread (thread_not_found, message_not_found) is given up after five tries', async () => {
    const alert = { ts: h.driver.nextTs() };
    for (let i = 0; i < 20; i++)
      h.slack.failWhen('chat.postMessage', (a) => a['thread_ts'] === alert.ts, {
        error: i % 2 ? 'message_not_found' : 'thread_not_found',
      });
    await h.driver.event({
      type: 'message',
      bot_id: 'B0MONITOR',
      text: `Batch job ${JOB} failed`,
      ts: alert.ts,
      channel: CH,
    });
    await eventually(() => replyPosts(alert.ts).length >= 1);
    const id = rowIdOf(replyPosts(alert.ts)[0]!);
    await eventually(async () => (await row(id))?.state === 'failed');
    // Each try came later than the one before (the channel's pace, doubled each time).
    await passTime(5);
    expect(replyPosts(alert.ts)).toHaveLength(5);
    expect(h.slack.messagesIn(CH).filter((m) => m.thread_ts === alert.ts)).toHaveLength(0);
  });

  it("follows Slack's cursor when the thread is long, and adopts the reply found on a later page", async () => {
    const sec = Math.floor(clock.now().getTime() / 1000);
    const alert = await h.driver.say(
      CH,
      { bot_id: 'B0MONITOR', text: `Batch job ${JOB} failed`, ts: `${sec - 50}.000001` },
      { silent: true },
    );
    // A busy thread: 250 messages since the look's `oldest`, before the bot's reply.
    for (let i = 1; i <= 250; i++) {
      const ts = `${sec - 40}.${String(i).padStart(6, '0')}`;
      h.slack.history.set(`${CH}:${ts}`, {
        channel: CH,
        ts,
        thread_ts: alert.ts,
        type: 'message',
        user: 'U0SOMEONE',
        text: `+1 ${i}`,
      });
    }
    h.slack.failWhen('chat.postMessage', (a) => a['thread_ts'] === alert.ts, { status: 500 });
    await h.driver.event({
      type: 'message',
      bot_id: 'B0MONITOR',
      text: `Batch job ${JOB} failed`,
      ts: alert.ts,
      channel: CH,
    });
    const id = await eventually(() => replyPosts(alert.ts)[0] && rowIdOf(replyPosts(alert.ts)[0]!));
    await eventually(async () => (await row(id))?.state === 'posted');
    const [first, second] = looks(alert.ts);
    expect(first?.args['cursor']).toBeUndefined();
    expect(second?.args['cursor']).toBe('200');
    expect(second?.args['oldest']).toBe(first?.args['oldest']);
    const landed = h.slack.messagesIn(CH).find((m) => m.thread_ts === alert.ts);
    expect((await row(id))?.postedTs).toBe(landed?.ts);
    await passTime(2);
    expect(replyPosts(alert.ts)).toHaveLength(1);
    expect(looks(alert.ts)).toHaveLength(2);
  });
});

describe("a look for a request's lost message", () => {
  let h: Harness;
  let clock: MovableClock;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, clock, close } = await startTencentBot({
      secrets: 'env',
      // Long enough a wait for approval that the request is still waiting when its tries end.
      rest: 'policies:\n  default:\n    approval: peer\n    expiresAfter: 12h\n',
      jobs: [[JOB, 'FAILED', 'nightly-etl']],
      // The sweeper runs when the test says (bot.idle), never by its own timer mid-test; its
      // interval also sets the waits between tries (100 s, then 300 s).
      env: { RERUN_SWEEP_MS: '100000' },
    }));
    h.slack.clock = clock;
  });
  afterEach(() => close());

  const isApproval = (a: Record<string, unknown>) => JSON.stringify(a['blocks'] ?? '').includes(':request:');

  it('a channel the bot was removed from (not_in_channel) is looked in three times, later each time, then the request is withdrawn', async () => {
    h.slack.failWhen('chat.postMessage', isApproval, { status: 500 });
    for (let i = 0; i < 20; i++) h.slack.failWhen('conversations.history', () => true, { error: 'not_in_channel' });
    const ack = await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const said = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('did not confirm')),
    );
    const id = /rr-[0-9a-f]+/.exec(String(said['text']))?.[0] as string;
    const history = () => h.slack.callsOf('conversations.history');
    const post = async () => h.store.getPost({ request: id, kind: 'request', key: '' });

    const untils: number[] = [];
    for (let look = 1; look <= 3; look++) {
      clock.advance(PAST_ANY_WAIT_MS);
      await h.bot.idle();
      expect(history()).toHaveLength(look);
      const p = await post();
      if (look < 3) {
        expect(p).toMatchObject({ state: 'maybe', error: 'not_in_channel' });
        untils.push((p?.until as number) - clock.now().getTime());
      }
    }
    // The second wait is longer than the first.
    expect(untils[1]).toBeGreaterThan(untils[0]!);
    expect(await post()).toMatchObject({ state: 'refused', error: 'not_in_channel' });
    expect((await h.bot.core.request(id))?.state).toBe('cancelled');
    // The requester is told, in a DM, why nobody will see it.
    await eventually(() => h.slack.messagesIn(ALICE.user).find((m) => m.text.includes('not_in_channel')));
    for (let i = 0; i < 5; i++) {
      clock.advance(PAST_ANY_WAIT_MS);
      await h.bot.idle();
    }
    expect(history()).toHaveLength(3);
    expect(h.slack.callsOf('chat.postMessage').filter((c) => isApproval(c.args))).toHaveLength(1);
    // Each look read only what was posted since the request was first sent (a minute of skew before).
    for (const c of history())
      expect(Number(c.args['oldest'])).toBeCloseTo(((await post())!.startedAt - 60_000) / 1000, 3);
  });
});
