/**
 * Alerts in Socket Mode: a message event arrives as an `events_api` envelope, is acked at once
 * (the reply is queued and posted after the ack), and gets its one thread reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const CH = 'C0SOCKALERT';

describe('alerts in Socket Mode', () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ h, close } = await startTencentBot({
      jobs: [['job-sockalrt', 'FAILED']],
      rest: `alerts:
  - channel: ${CH}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`,
      env: { SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_SIGNING_SECRET: '' },
    }));
    await eventually(() => h.slack.socketConnected);
  });
  afterAll(() => close());

  const envelope = (ts: string, text: string, eventId: string) => ({
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0FAKE',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel: CH, channel_type: 'channel', bot_id: 'B0GRAFANA', text, ts },
  });

  it('acks an alert envelope and answers it once in its thread, a redelivery included', async () => {
    const ts = '1800000123.000100';
    h.slack.history.set(`${CH}:${ts}`, { channel: CH, ts, type: 'message', bot_id: 'B0GRAFANA', text: 'x' });
    const ack = await h.slack.sendEnvelope('events_api', envelope(ts, 'Batch job job-sockalrt failed', 'Ev0SOCK1'));
    expect(ack).toEqual({});
    await h.slack.sendEnvelope('events_api', envelope(ts, 'Batch job job-sockalrt failed', 'Ev0SOCK1'));
    const reply = await eventually(() => h.slack.messagesIn(CH).find((m) => m.thread_ts === ts));
    expect(FakeSlack.wordsOf(reply)).toContain('job-sockalrt');
    expect(JSON.stringify(reply.blocks)).toContain('rerun_alert');
    // A later alert's reply shows the queue has moved on; the first still has exactly one.
    const later = '1800000123.000200';
    await h.slack.sendEnvelope('events_api', envelope(later, 'Batch job job-sockalrt failed again', 'Ev0SOCK2'));
    await eventually(() => h.logs.lines.some((l) => l.includes('alert collapsed into an earlier reply')));
    expect(h.slack.messagesIn(CH).filter((m) => m.thread_ts === ts)).toHaveLength(1);
  });
});
