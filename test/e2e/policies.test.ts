/**
 * Policies on every click (confirm, peer, group with a Slack user group, expiry), status and
 * history, and the Web API retry choices (a 429 on chat.postMessage is waited out; a 5xx is
 * never retried, so the message is never posted twice).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { MovableClock } from '../support/clock.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };

let emu: TencentEmulator;
let h: Harness;
let clock: MovableClock;
let close: () => Promise<void>;

async function setup(policies: string): Promise<void> {
  clock = new MovableClock();
  ({ emu, h, close } = await startTencentBot({
    ratePerSecond: 1000,
    jobs: ['job-aaaa1111', 'job-bbbb2222', 'job-cccc3333'].map((id) => [id, 'FAILED']),
    rest: `policies:\n${policies}\n`,
    slack: (slack) => slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB', 'U0CAROL', 'U0ALICE'] }),
    clock,
  }));
}

afterEach(() => close());

const firstMessage = () =>
  eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
const ephemeralTo = (user: string) =>
  eventually(() =>
    h.slack
      .callsOf('chat.postEphemeral')
      .filter((c) => c.args['user'] === user)
      .at(-1),
  );

describe('policies', () => {
  it('tells a refused clicker by direct message when the ephemeral message cannot be shown', async () => {
    await setup('  default: { approval: peer }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    h.slack.failNext('chat.postEphemeral', { error: 'user_not_in_channel' });
    await h.driver.click(msg, 'rerun_approve', ALICE);
    const dm = await eventually(() => h.slack.callsOf('chat.postMessage').find((c) => c.args['channel'] === 'U0ALICE'));
    expect(String(dm.args['text'])).toMatch(/needs someone else/);
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('confirm lets the requester approve their own request', async () => {
    await setup('  default: { approval: confirm }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    await h.driver.click(msg, 'rerun_approve', ALICE);
    await eventually(() => emu.retryCalls.length === 1);
  });

  it('group needs two distinct members of the user group, never the requester', async () => {
    await setup('  default: { approval: group, approvers: ["@data-oncall"], minApprovals: 2 }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    expect(FakeSlack.textOf(msg)).toMatch(/2 of @data-oncall must approve/);

    await h.driver.click(msg, 'rerun_approve', ALICE);
    expect(String((await ephemeralTo('U0ALICE')).args['text'])).toMatch(/needs someone else/);

    await h.driver.click(msg, 'rerun_approve', { user: 'U0MALLORY' });
    expect(String((await ephemeralTo('U0MALLORY')).args['text'])).toMatch(/Only @data-oncall may approve/);

    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(
      () =>
        h.slack.messages.get(msg.ts)?.blocks &&
        FakeSlack.textOf(h.slack.messages.get(msg.ts) as never).includes('1/2 approvals'),
    );
    await h.driver.click(msg, 'rerun_approve', BOB);
    expect(String((await ephemeralTo('U0BOB')).args['text'])).toMatch(/already approved/);
    expect(emu.retryCalls).toHaveLength(0);

    await h.driver.click(msg, 'rerun_approve', CAROL);
    await eventually(() => emu.retryCalls.length === 1);
    const final = await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(FakeSlack.textOf(final)).toMatch(/Approved by <@U0BOB>[\s\S]*Approved by <@U0CAROL>/);
  });

  it('enforces expiry when clicked', async () => {
    await setup('  default: { approval: peer, expiresAfter: 1s }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    clock.advance(1_200);
    await h.driver.click(msg, 'rerun_approve', BOB);
    expect(String((await ephemeralTo('U0BOB')).args['text'])).toMatch(/expired/);
    const expired = await messageSaying(h.slack, msg.ts, 'Expired');
    expect(emu.retryCalls).toHaveLength(0);

    await h.driver.click(expired, 'rerun_ask_again', BOB);
    await eventually(() =>
      h.slack
        .callsOf('chat.postEphemeral')
        .some((c) => /Only the person who asked can ask again/.test(String(c.args['text']))),
    );
    await h.driver.click(expired, 'rerun_ask_again', ALICE);
    const fresh = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => m.ts !== msg.ts && m.text.includes('Rerun request')),
    );
    expect(FakeSlack.textOf(fresh)).toContain('job-aaaa1111');
    expect(JSON.stringify(fresh.blocks)).toContain('rerun_approve');
  });

  it('refuses a requester outside `requesters` and more jobs than maxJobsPerRequest', async () => {
    await setup('  default: { approval: peer, requesters: ["U0BOB"], maxJobsPerRequest: 2 }');
    const a = await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    expect(
      String(
        (await eventually(() => h.driver.responsesTo(a.responseId)[1] ?? h.driver.responsesTo(a.responseId)[0]))[
          'text'
        ],
      ),
    ).toMatch(/Only U0BOB may ask/);
    const b = await h.driver.command('batch-gz job_ids=job-aaaa1111,job-bbbb2222,job-cccc3333', BOB);
    expect(String((await eventually(() => h.driver.responsesTo(b.responseId)[0]))['text'])).toMatch(
      /at most 2 per request/,
    );
  });

  it('refuses a rerun past the cooldown', async () => {
    await setup('  default: { approval: peer, cooldown: { reruns: 1, per: 1h } }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(() => emu.retryCalls.length === 1);
    emu.addJob('job-aaaa1111', 'FAILED');
    const again = await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    expect(String((await eventually(() => h.driver.responsesTo(again.responseId)[0]))['text'])).toMatch(
      /already rerun once/,
    );
  });
});

describe('status, history and Slack retries', () => {
  it('answers status and history, and an unknown id plainly', async () => {
    await setup('  default: { approval: peer }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await firstMessage();
    const id = msg.text.match(/rr-[0-9a-f]+/)?.[0] as string;
    const s = await h.driver.command(`status ${id}`, BOB);
    const status = JSON.stringify(await eventually(() => h.driver.responsesTo(s.responseId)[0]));
    expect(status).toContain('waiting for approval');
    expect(status.replace(/`/g, '')).toContain('job-aaaa1111: FAILED');
    const hist = await h.driver.command('history batch-gz', BOB);
    expect(JSON.stringify(await eventually(() => h.driver.responsesTo(hist.responseId)[0]))).toContain(id);
    const missing = await h.driver.command('status rr-00000000', BOB);
    expect(String((await eventually(() => h.driver.responsesTo(missing.responseId)[0]))['text'])).toMatch(
      /No request `rr-00000000`/,
    );
    const cancel = await h.driver.command(`cancel ${id}`, ALICE);
    expect(String((await eventually(() => h.driver.responsesTo(cancel.responseId)[0]))['text'])).toMatch(/cancelled/);
    await messageSaying(h.slack, msg.ts, 'Cancelled');
  });

  it('waits out a 429 on chat.postMessage and posts once', async () => {
    await setup('  default: { approval: peer }');
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    await firstMessage();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(2);
    expect(h.slack.messagesIn('C0INCIDENT')).toHaveLength(1);
  });

  it('never posts chat.postMessage again after a 5xx without looking: the message that landed is adopted', async () => {
    await setup('  default: { approval: peer }');
    h.slack.failNext('chat.postMessage', { status: 500 });
    const ack = await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const reply = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('did not confirm')),
    );
    expect(String(reply['text'])).toMatch(/posts it only if it is not there/);
    await h.bot.idle();
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
    expect(h.slack.messagesIn('C0INCIDENT')).toHaveLength(1);
    expect(emu.retryCalls).toHaveLength(0);
  });
});
