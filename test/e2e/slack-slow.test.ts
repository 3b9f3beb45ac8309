/**
 * Slack slow is not Slack down (issue 17, item 3): while the fake Slack holds every Web API answer
 * (it records each call and acts on it as it arrives, as Slack does, but answers only when the test
 * releases it), the bot's acks still come, a click that opens the form sends views.open before any
 * other Slack call (its trigger_id expires 3 s after the click), and it sends it once: a retry after
 * the trigger expired could only be refused. Everything is judged by the order of things, never by
 * a clock. The people clicking and typing are new to the bot, so their locale is not known.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import type { Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const CH = 'C0ALERTS';
const REST = `${PEER_POLICIES}alerts:
  - channel: C0ALERTS
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;

describe('Slack slow', () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({ rest: REST, jobs: [['job-rybewp57', 'FAILED', 'nightly-etl']] }));
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(async () => {
    h.slack.release();
    await close();
  });

  /** The Web API calls made since `from`, by method. */
  const callsSince = (from: number) => h.slack.calls.slice(from).map((c) => c.method);

  it("acks a click at once and opens the form with the click's first Slack call, once", async () => {
    const { ts } = await h.driver.say(CH, { user: 'U0MONITOR', text: 'Batch job job-rybewp57 failed at 03:00' });
    const reply: Message = await eventually(() => h.slack.messagesIn(CH).find((m) => m.thread_ts === ts));
    await h.bot.idle();

    h.slack.hold();
    const calls = h.slack.calls.length;
    const answers = h.slack.answered.length;
    const ack = await h.driver.click(reply, 'rerun_alert', { user: 'U0CAROL' });
    // The ack came while Slack had answered nothing since.
    expect(ack.status).toBe(200);
    expect(h.slack.answered.length).toBe(answers);
    // The click's first Slack call is views.open with its trigger; the locale look-up waits for it.
    await eventually(() => callsSince(calls).includes('views.open'));
    expect(callsSince(calls)[0]).toBe('views.open');
    const open = h.slack.callsOf('views.open').at(-1);
    expect(String(open?.args['trigger_id'])).toMatch(/^trig-click-/);
    expect(h.slack.answered.length).toBe(answers);

    // Slack answers at last: the form replaces the loading view, and views.open was sent once.
    h.slack.release();
    const form = await eventually(() =>
      [...h.slack.views.values()].find((v) => JSON.stringify(v).includes('"initial_value":"job-rybewp57"')),
    );
    expect(form).toBeDefined();
    expect(callsSince(calls).filter((m) => m === 'views.open')).toHaveLength(1);
  });

  it('acks commands at once: help and mistakes follow on the response_url, the form opens first', async () => {
    await h.bot.idle();
    h.slack.hold();
    const answers = h.slack.answered.length;
    const calls = h.slack.calls.length;
    const help = await h.driver.command('help', { user: 'U0DAVE' });
    const wrong = await h.driver.command('batch-gz nope=1', { user: 'U0ERIN' });
    const checking = await h.driver.command('batch-gz job_ids=job-rybewp57', { user: 'U0FRED' });
    // Every ack came while Slack had answered nothing (the three people's locales are being read).
    expect([help.status, help.text, wrong.status, wrong.text]).toEqual([200, '', 200, '']);
    expect(checking.json).toEqual({ response_type: 'ephemeral', text: 'Checking the current state on `batch-gz`…' });
    expect(h.slack.answered.length).toBe(answers);

    const empty = await h.driver.command('', { user: 'U0GINA' });
    expect([empty.status, empty.text]).toEqual([200, '']);
    // The form's views.open goes out while the look-ups before it still wait for Slack.
    await eventually(() => h.slack.callsOf('views.open').some((c) => c.args['trigger_id'] === empty.triggerId));
    const usersInfoForGina = h.slack.calls
      .slice(calls)
      .findIndex((c) => c.method === 'users.info' && c.args['user'] === 'U0GINA');
    const openIndex = h.slack.calls.slice(calls).findIndex((c) => c.method === 'views.open');
    expect(usersInfoForGina === -1 || usersInfoForGina > openIndex).toBe(true);
    expect(h.slack.answered.length).toBe(answers);

    h.slack.release();
    await eventually(() => h.driver.responsesTo(help.responseId).length > 0);
    await eventually(() => h.driver.responsesTo(wrong.responseId).length > 0);
    expect(JSON.stringify(h.driver.responsesTo(wrong.responseId)[0])).toContain('/rerun batch-gz job_ids=');
  });
});
