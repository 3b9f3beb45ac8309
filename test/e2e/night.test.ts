/**
 * Approvals at night (issue 19, items 1 and 2), end to end with the fake Slack on injected time:
 * reminders in the request's thread (re-mentioning a group, or a DM to the requester under `peer`),
 * the escalation mentioned once and accepted from its time on, everything stopped by a decision,
 * each `onTimeout`, and a restart in the middle of a reminder schedule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { MovableClock, StoppedClock } from '../support/clock.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { scrape } from '../support/metrics.ts';
import { startTencentBot, tencentBotYaml } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const ERIN = { user: 'U0ERIN' };
const MINUTE = 60_000;
/** The bot's default lease (RERUN_LEASE_MS). */
const LEASE_MS = 30_000;

let emu: TencentEmulator;
let h: Harness;
let clock: MovableClock;
let close: () => Promise<void> = async () => {};

afterEach(() => close());

async function setup(policies: string): Promise<void> {
  clock = new StoppedClock();
  ({ emu, h, close } = await startTencentBot({
    ratePerSecond: 1000,
    jobs: [['job-aaaa1111', 'FAILED']],
    rest: `policies:\n${policies}\n`,
    slack: (slack) => {
      slack.clock = clock;
      slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB', 'U0CAROL'] });
      slack.groups.set('S0LEADS', { handle: 'sre-leads', users: ['U0ERIN'] });
    },
    clock,
  }));
}

async function ask(): Promise<{ msg: Message; id: string }> {
  await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
  const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
  return { msg, id: msg.text.match(/rr-[0-9a-f]+/)?.[0] as string };
}

/** Moves the shared clock and lets the bot do what came due (its timers' work, once each). */
async function after(ms: number): Promise<void> {
  clock.advance(ms);
  await h.bot.idle();
}

const inThread = (slack: FakeSlack, msg: Message, words: string) =>
  slack.messagesIn(msg.channel).filter((m) => m.thread_ts === msg.ts && m.text.includes(words));
const reminders = (slack: FakeSlack, msg: Message) => inThread(slack, msg, 'Reminder');
const ephemeralTo = (user: string) =>
  eventually(() =>
    h.slack
      .callsOf('chat.postEphemeral')
      .filter((c) => c.args['user'] === user)
      .at(-1),
  );

describe('reminders and escalation', () => {
  it('reminds the group twice, then escalates once; an escalation approver approves', async () => {
    await setup(
      "  default:\n    approval: group\n    approvers: ['@data-oncall']\n    expiresAfter: 2h\n" +
        "    remind: 15m\n    remindTimes: 2\n    escalate: { after: 40m, to: ['@sre-leads'] }\n",
    );
    const { msg, id } = await ask();
    await after(14 * MINUTE);
    expect(reminders(h.slack, msg)).toHaveLength(0);

    await after(1 * MINUTE);
    const [first] = reminders(h.slack, msg);
    expect(first?.text).toMatch(/^<!subteam\^S0ONCALL> Reminder 1 of 2: rerun request `rr-/);
    expect(first?.text).toContain('has waited 15 minutes for approval');
    await after(15 * MINUTE);
    expect(reminders(h.slack, msg).map((m) => m.text.match(/Reminder \d of \d/)?.[0])).toEqual([
      'Reminder 1 of 2',
      'Reminder 2 of 2',
    ]);

    // Before the escalation's time its approvers are not among the policy's.
    await h.driver.click(msg, 'rerun_approve', ERIN);
    expect(String((await ephemeralTo('U0ERIN')).args['text'])).toMatch(/Only @data-oncall may approve/);

    await after(10 * MINUTE);
    const escalation = inThread(h.slack, msg, 'Escalated');
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.text).toMatch(/^<!subteam\^S0LEADS> Escalated: rerun request `rr-/);
    expect(escalation[0]?.text).not.toContain('S0ONCALL');

    await h.driver.click(msg, 'rerun_approve', ERIN);
    await eventually(() => emu.retryCalls.length === 1);
    const approved = await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(FakeSlack.textOf(approved)).toContain('Approved by <@U0ERIN>');

    // Nothing more: reminders were two, the escalation once, and the request is decided.
    await after(60 * MINUTE);
    expect(reminders(h.slack, msg)).toHaveLength(2);
    expect(inThread(h.slack, msg, 'Escalated')).toHaveLength(1);
    const events = (await h.store.auditOf(id)).map((a) => a.event);
    expect(events.filter((e) => e === 'reminded')).toHaveLength(2);
    expect(events.filter((e) => e === 'escalated')).toHaveLength(1);
  });

  it('under peer reminds without a mention and tells the requester; a decision stops the rest', async () => {
    await setup('  default: { approval: peer, expiresAfter: 2h, remind: 10m }');
    const { msg, id } = await ask();
    await after(10 * MINUTE);
    const [first] = reminders(h.slack, msg);
    expect(first?.text).toMatch(/^Reminder 1 of 3: /);
    expect(first?.text).not.toMatch(/<@|<!subteam/);
    const dms = () => h.slack.messagesIn('U0ALICE').filter((m) => m.text.includes('still waiting'));
    expect(dms()).toHaveLength(1);
    expect(dms()[0]?.text).toContain(id);

    await h.driver.click(msg, 'rerun_reject', BOB);
    await messageSaying(h.slack, msg.ts, 'Rejected');
    await after(30 * MINUTE);
    expect(reminders(h.slack, msg)).toHaveLength(1);
    expect(dms()).toHaveLength(1);
    expect(await h.store.dueNudges(10)).toEqual([]);
  });
});

describe('in Chinese', () => {
  it("speaks the channel's language in the thread and the requester's in the DM", async () => {
    clock = new MovableClock();
    ({ emu, h, close } = await startTencentBot({
      ratePerSecond: 1000,
      jobs: [['job-aaaa1111', 'FAILED']],
      targets: [{ with: { locale: 'zh-CN' } }],
      rest: "policies:\n  default: { approval: peer, expiresAfter: 2h, remind: 10m, escalate: { after: 20m, to: ['U0ERIN'] } }\n",
      slack: (slack) => {
        slack.clock = clock;
        slack.locales.set('U0ALICE', 'zh-CN');
      },
      clock,
    }));
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('batch-gz')));
    await after(10 * MINUTE);
    expect(inThread(h.slack, msg, '提醒')[0]?.text).toMatch(/^提醒（第 1\/3 次）：`batch-gz` 上的重跑请求 `rr-/);
    expect(h.slack.messagesIn('U0ALICE').find((m) => m.text.includes('仍在等待审批'))).toBeDefined();
    await after(10 * MINUTE);
    expect(inThread(h.slack, msg, '已升级')[0]?.text).toMatch(/^<@U0ERIN> 已升级：/);
  });
});

describe('onTimeout', () => {
  it('expire (the default): the request ends and its requester may ask again', async () => {
    await setup('  default: { approval: peer, expiresAfter: 30m }');
    const { msg } = await ask();
    await after(31 * MINUTE);
    const expired = await messageSaying(h.slack, msg.ts, 'Expired');
    expect(JSON.stringify(expired.blocks)).toContain('rerun_ask_again');
    expect((await scrape(h.driver.botUrl)).sum('rerun_timeouts_total', { action: 'expire' })).toBe(1);
  });

  it('reject: rejected by the policy, with nothing to ask again from', async () => {
    await setup('  night-*: { approval: peer }\n  default: { approval: peer, expiresAfter: 30m, onTimeout: reject }');
    const { msg, id } = await ask();
    await after(31 * MINUTE);
    const rejected = await messageSaying(h.slack, msg.ts, 'Rejected by policy');
    expect(FakeSlack.wordsOf(rejected)).toContain('Rejected by policy default at timeout');
    expect(JSON.stringify(rejected.blocks)).not.toContain('rerun_ask_again');
    expect(JSON.stringify(rejected.blocks)).not.toContain('rerun_approve');
    const dm = await eventually(() => h.slack.messagesIn('U0ALICE').find((m) => m.text.includes('in time')));
    expect(dm.text).toContain('rejected it at timeout; nothing was sent');
    const audit = (await h.store.auditOf(id)).find((a) => a.event === 'rejected');
    expect(audit).toMatchObject({ actor: 'system', detail: { policy: 'default', timeout: true } });
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('approve: approved by the policy at timeout, sent once, and shown as such everywhere', async () => {
    await setup('  batch-*: { approval: peer, expiresAfter: 30m, onTimeout: approve }');
    const { msg, id } = await ask();
    // Said on the request from the start: nobody is surprised by a call at timeout.
    expect(FakeSlack.textOf(msg)).toContain('approved by the policy at timeout unless decided before');
    clock.advance(31 * MINUTE);
    // A click past the expiry meets the policy's approval (its own, or the sweeper's): never a second call.
    await h.driver.click(msg, 'rerun_approve', BOB);
    expect(String((await ephemeralTo('U0BOB')).args['text'])).toMatch(/already decided/);
    await h.bot.idle();
    await eventually(() => emu.retryCalls.length === 1);
    const accepted = await messageSaying(h.slack, msg.ts, 'Accepted');
    const words = FakeSlack.wordsOf(accepted);
    expect(words).toContain('approved by policy batch-* at timeout');
    expect(words).toContain('Approved by policy batch-* at timeout');
    expect(words).not.toMatch(/Approved by <@/);

    const stored = await h.store.get(id);
    expect(stored?.decisions).toEqual([expect.objectContaining({ kind: 'approve', policy: 'batch-*', timeout: true })]);
    expect(stored?.decisions[0]).not.toHaveProperty('userId');
    const audit = (await h.store.auditOf(id)).find((a) => a.event === 'approved');
    expect(audit).toMatchObject({ actor: 'system', detail: { policy: 'batch-*', timeout: true } });
    const dm = await eventually(() => h.slack.messagesIn('U0ALICE').find((m) => m.text.includes('in time')));
    expect(dm.text).toContain('approved it at timeout: accepted by the provider');

    const hist = await h.driver.command('history batch-gz', BOB);
    const line = JSON.stringify(await eventually(() => h.driver.responsesTo(hist.responseId)[0]));
    expect(line.replace(/`/g, '')).toContain('approved by policy batch-* at timeout');
    const m = await scrape(h.driver.botUrl);
    expect(m.sum('rerun_timeouts_total', { action: 'approve' })).toBe(1);
    expect(m.sum('rerun_approval_latency_seconds_count', { decision: 'approve' })).toBe(1);
    await after(MINUTE);
    expect(emu.retryCalls).toHaveLength(1);
  });
});

describe('a restart in the middle of a reminder schedule', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no reminder and doubles none', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-night-'));
    clock = new MovableClock();
    emu = await startTencentEmulator(TENCENT_CREDS, { now: () => clock.now().getTime() });
    emu.ratePerSecond = 1000;
    emu.addJob('job-aaaa1111', 'FAILED');
    const slack = await new FakeSlack().start();
    // Slack's ts come from the same moved time, so a look for a post reads from when it was tried.
    slack.clock = clock;
    const yaml = tencentBotYaml(emu.url, {
      rest: 'policies:\n  default: { approval: peer, expiresAfter: 2h, remind: 15m, remindTimes: 3 }\n',
    });
    const start = () => startHarness(yaml, {}, { dataDir: dir, slack, clock, sleep: clock.sleep });
    h = await start();
    close = async () => {
      await h.close();
      await slack.close();
      await emu.close();
    };
    const { msg } = await ask();
    await after(15 * MINUTE);
    expect(reminders(slack, msg)).toHaveLength(1);

    // The second reminder lands, but its answer is lost (a 5xx), and the replica stops right then.
    slack.failWhen('chat.postMessage', (a) => String(a['text']).includes('Reminder 2'), { status: 503 });
    clock.advance(15 * MINUTE);
    await h.bot.idle();
    await h.close();

    h = await start();
    // A post whose answer was lost is looked for a lease later (a slow answer may still come).
    await after(LEASE_MS);
    // The restarted replica looked for the reminder that may have landed, found it, and posted none.
    expect(h.logs.text()).toContain('a post that may have landed was found in Slack and adopted');
    expect(reminders(slack, msg).map((m) => m.text.match(/Reminder \d/)?.[0])).toEqual(['Reminder 1', 'Reminder 2']);
    await after(15 * MINUTE);
    await after(30 * MINUTE);
    expect(reminders(slack, msg).map((m) => m.text.match(/Reminder \d/)?.[0])).toEqual([
      'Reminder 1',
      'Reminder 2',
      'Reminder 3',
    ]);
    // One DM per reminder, however the posts went.
    expect(slack.messagesIn('U0ALICE').filter((m) => m.text.includes('still waiting'))).toHaveLength(3);
  });
});
