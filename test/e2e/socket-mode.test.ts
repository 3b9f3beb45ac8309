/**
 * Socket Mode: with SLACK_APP_TOKEN the bot opens a WebSocket through apps.connections.open
 * (at the fake Slack) and receives commands and clicks as envelopes, acking each one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import type { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

function command(slack: FakeSlack, text: string, user: string): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    channel_id: 'C0INCIDENT',
    channel_name: 'inc-9',
    user_id: user,
    command: '/rerun',
    text,
    api_app_id: 'A0FAKE',
    response_url: `${slack.url}/response/socket-${text.length}`,
    trigger_id: 'trig-socket',
  };
}

describe('Socket Mode', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ emu, h, close } = await startTencentBot({
      ratePerSecond: 100,
      jobs: [['job-socket01', 'FAILED']],
      env: { SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_SIGNING_SECRET: '' },
    }));
    await eventually(() => h.slack.socketConnected);
  });
  afterAll(() => close());

  it('opened the connection with the app token', () => {
    const open = h.slack.callsOf('apps.connections.open');
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]?.token).toBe('xapp-fake-app-token');
  });

  it('acks a command envelope with its answer once the person is known, and answers help on the response_url', async () => {
    // The first command of someone the bot has not met: the ack waits for no look-up, and the
    // answer follows on the response_url, in their language.
    const first = command(h.slack, 'batch-gz job_ids=bad', 'U0ALICE');
    expect(await h.slack.sendEnvelope('slash_commands', first)).toEqual({});
    const said = await eventually(() =>
      h.slack.responses.find((r) => /look like `job-rybewp57`/.test(String(r.body['text']))),
    );
    expect(said.body['response_type']).toBe('ephemeral');
    const ack = await h.slack.sendEnvelope('slash_commands', command(h.slack, 'batch-gz job_ids=bad', 'U0ALICE'));
    expect(ack['response_type']).toBe('ephemeral');
    expect(String(ack['text'])).toMatch(/look like `job-rybewp57`/);
    await h.slack.sendEnvelope('slash_commands', command(h.slack, 'help', 'U0ALICE'));
    const help = await eventually(() =>
      h.slack.responses.find((r) => JSON.stringify(r.body).includes('/rerun batch-gz job_ids=')),
    );
    expect(help.body['response_type']).toBe('ephemeral');
  });

  it('carries a request and an Approve click to one RetryJobs call', async () => {
    await h.slack.sendEnvelope('slash_commands', command(h.slack, 'batch-gz job_ids=job-socket01', 'U0ALICE'));
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
    const button = JSON.stringify(msg.blocks).match(
      /"action_id":"rerun_approve","text":\{[^}]*\},"style":"primary","value":"(\{[^}]*\})"/,
    );
    const value = JSON.parse(`"${button?.[1]}"`) as string;
    await h.slack.sendEnvelope('interactive', {
      type: 'block_actions',
      user: { id: 'U0BOB', username: 'bob', team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: msg.ts, channel_id: msg.channel },
      trigger_id: 'trig-socket-click',
      team: { id: 'T0FAKE', domain: 'fake' },
      channel: { id: msg.channel, name: 'inc-9' },
      message: { type: 'message', ts: msg.ts, text: msg.text, blocks: msg.blocks },
      actions: [{ type: 'button', action_id: 'rerun_approve', block_id: `decide:x`, value, action_ts: '1' }],
    });
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-socket01']]);
  });
});
