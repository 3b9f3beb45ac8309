/**
 * Slack's limits as Slack counts them, over real HTTP: per method and workspace. While Slack
 * answers every chat.update 429 with Retry-After (a storm's count updates filled its count), a
 * Rerun… click in another channel still opens its form within its trigger's 3 s: no other
 * method's back-off holds views.open or views.update up. The storm's count updates obey every
 * Retry-After, and once Slack takes updates again, the count shows in one or two of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const STORM = 'C0STORM';
const QUIET = 'C0QUIET';
const ALICE = { user: 'U0ALICE' };
/**
 * Slack's Retry-After for chat.update, in seconds: longer than a trigger lives, so a click whose
 * calls waited it out would expire. The core reads it in compressed seconds (UNIT_MS) so the test
 * sees several of them; web-api would have waited real ones.
 */
const RETRY_AFTER = 5;
const UNIT_MS = 300;
/** Identical alerts after the first, in the storm's channel. */
const REPEATS = 30;
/** A trigger_id lives 3 s: the form opens well within it. */
const TRIGGER_MS = 3_000;

const REST = `${PEER_POLICIES}alerts:
  - channel: ${STORM}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
  - channel: ${QUIET}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;

describe("Slack's limits, per method and workspace", () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({
      rest: REST,
      jobs: [
        ['job-aaaaaaa1', 'FAILED', 'storm-etl'],
        ['job-bbbbbbb1', 'FAILED', 'quiet-etl'],
      ],
      replies: { retryAfterUnitMs: UNIT_MS },
    }));
  });
  afterEach(() => close());

  const replyIn = (channel: string, ts: string) =>
    eventually(() => h.slack.messagesIn(channel).find((m: Message) => m.thread_ts === ts));

  it('opens a form within its trigger while every chat.update is rate limited, and keeps the storm within each Retry-After', async () => {
    const quiet = await h.driver.say(QUIET, { user: 'U0MONITOR', text: 'Batch job job-bbbbbbb1 failed' });
    const quietReply = await replyIn(QUIET, quiet.ts);

    // Slack's count of chat.update for the workspace is full from now on.
    h.slack.limitedMethods.set('chat.update', RETRY_AFTER);
    const first = await h.driver.say(STORM, { user: 'U0MONITOR', text: 'Batch job job-aaaaaaa1 failed' });
    const stormReply = await replyIn(STORM, first.ts);
    for (let i = 0; i < REPEATS; i++)
      await h.driver.say(STORM, { user: 'U0MONITOR', text: `Batch job job-aaaaaaa1 failed (#${i})` });
    // The storm's count update was tried and turned away.
    await eventually(() => h.slack.callsOf('chat.update').length >= 1);

    const clicked = Date.now();
    expect((await h.driver.click(quietReply, 'rerun_alert', ALICE)).status).toBe(200);
    const opened = await eventually(() => h.slack.callsOf('views.open')[0]);
    const form = await eventually(() =>
      h.slack.callsOf('views.update').find((c) => JSON.stringify(c.args['view']).includes('f:job_ids')),
    );
    expect(opened.at - clicked).toBeLessThan(TRIGGER_MS);
    expect(form.at - clicked).toBeLessThan(TRIGGER_MS);
    expect(JSON.stringify(form.args['view'])).toContain('"initial_value":"job-bbbbbbb1"');

    // Every chat.update came after the Retry-After of the one before (the bot holds the
    // workspace's update pace until then), never sooner.
    await eventually(() => h.slack.callsOf('chat.update').length >= 2, 15_000);
    const limited = h.slack.callsOf('chat.update');
    for (let i = 1; i < limited.length; i++)
      expect(limited[i]!.at - limited[i - 1]!.at).toBeGreaterThanOrEqual(RETRY_AFTER * UNIT_MS - 50);

    // Slack takes updates again: the reply shows every alert, in one or two updates.
    h.slack.limitedMethods.delete('chat.update');
    const before = h.slack.callsOf('chat.update').length;
    await eventually(
      () => FakeSlack.textOf(h.slack.messages.get(stormReply.ts)!).includes(`Seen ${REPEATS + 1} times`),
      15_000,
    );
    await h.bot.idle();
    expect(h.slack.callsOf('chat.update').length - before).toBeLessThanOrEqual(2);
  });
});
