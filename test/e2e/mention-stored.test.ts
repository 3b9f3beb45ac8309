/**
 * A mention in the thread of an alert the bot already answered (issue 18, item 7): the alert is
 * answered again as the bot read it the first time, from the store, without asking Slack for the
 * thread's parent (conversations.replies). An alert it never answered is still read from Slack.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const CH = 'C0ALERTS';
const REST = `${PEER_POLICIES}alerts:
  - channel: ${CH}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;

describe('a mention in an alert thread', () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({
      secrets: 'env',
      rest: REST,
      jobs: [
        ['job-rybewp57', 'FAILED', 'nightly-etl'],
        ['job-97zcl3wt', 'FAILED', 'hourly-agg'],
      ],
    }));
  });
  afterEach(() => close());

  const offers = (ts: string): Message[] =>
    h.slack.messagesIn(CH).filter((m) => m.thread_ts === ts && JSON.stringify(m.blocks).includes('rerun_alert'));
  const mention = (threadTs: string) =>
    h.driver.event({
      type: 'app_mention',
      user: 'U0ALICE',
      text: '<@U0BOT> rerun please',
      ts: h.driver.nextTs(),
      thread_ts: threadTs,
      channel: CH,
    });

  it('answers from the stored alert, with no conversations.replies call; an alert never answered is read from Slack', async () => {
    const alert = await h.driver.say(CH, { bot_id: 'B0GRAFANA', text: 'Batch job job-rybewp57 failed' });
    await eventually(() => offers(alert.ts).length === 1);
    await mention(alert.ts);
    await eventually(() => offers(alert.ts).length === 2);
    const again = offers(alert.ts)[1]!;
    expect(FakeSlack.wordsOf(again)).toContain('job-rybewp57');
    expect(FakeSlack.wordsOf(again)).toContain('batch-gz');
    expect(h.slack.callsOf('conversations.replies')).toHaveLength(0);

    // An alert the bot never saw (no event, nothing stored): its parent is read, once.
    const unseen = await h.driver.say(
      CH,
      { bot_id: 'B0GRAFANA', text: 'Batch job job-97zcl3wt failed' },
      { silent: true },
    );
    await mention(unseen.ts);
    await eventually(() => offers(unseen.ts).length === 1);
    expect(FakeSlack.wordsOf(offers(unseen.ts)[0]!)).toContain('job-97zcl3wt');
    expect(h.slack.callsOf('conversations.replies').map((c) => c.args['ts'])).toEqual([unseen.ts]);
  });
});
