/**
 * Issue 14's story told truthfully, end to end in Slack over real HTTP (the fake Slack, the real
 * Tencent Batch emulator): a rerun asked, approved, accepted, its job RUNNING for a while, then
 * FAILED again (or SUCCEED). At every step every text the bot produced is read — the approval
 * message (each post and update, blocks and fallback text), `/rerun status` and `/rerun history`,
 * the requester's DM, the announce line, the thread reply, every ephemeral answer — and none of
 * them calls the rerun "succeeded" before its job did. The bot's clock runs ahead on demand (the
 * job's age), the follow-up polls fast: nothing here waits for minutes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { MovableClock } from '../support/clock.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
const ANNOUNCE = 'C0ANNOUNCE';
const JOB = 'job-rybewp57';
const MINUTE = 60_000;

/** The words that would call the rerun (or its job) succeeded, per language. */
const SUCCESS = {
  en: /succeeded|success/i,
  'zh-CN': /运行成功|执行成功|成功/,
} as const;

/** What each language says at each step. */
const WORDS = {
  en: {
    accepted: 'accepted by the provider',
    running4: 'running 4 minutes',
    failedAgain: 'failed again',
    succeeded: 'succeeded',
    approvedBy: 'approved by <@U0BOB>',
    rerunRequest: 'Rerun request',
    jobSucceeded: 'succeeded after 4 minutes',
    rejectedBy: 'rejected by <@U0CAROL>',
    historyOne: 'The last rerun request\n',
    atLeastOne: 'must be at least 1',
    noTarget: 'No target named nope',
    newer: 'written by a newer version of rerun-bot',
  },
  'zh-CN': {
    accepted: '云服务已受理',
    running4: '4 分钟',
    failedAgain: '再次失败',
    succeeded: '成功',
    approvedBy: '批准人 <@U0BOB>',
    rerunRequest: '重跑请求',
    jobSucceeded: '作业运行成功（受理 4 分钟',
    rejectedBy: '已被 <@U0CAROL> 拒绝',
    historyOne: '最近 1 个重跑请求',
    atLeastOne: '至少为 1',
    noTarget: '没有名为 nope 的目标',
    newer: '由更新版本的 rerun-bot 写入',
  },
} as const;

type Lang = keyof typeof WORDS;

describe.each(['en', 'zh-CN'] as const)('the lifecycle told truthfully in Slack (%s)', (lang: Lang) => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;
  /** The clock the bot and Batch share: moved on, it ages the job without waiting for it. */
  let clock: MovableClock;
  const w = WORDS[lang];

  beforeEach(async () => {
    clock = new MovableClock();
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s', announce: ANNOUNCE } }],
      rest: PEER_POLICIES,
      ratePerSecond: 1000,
      jobs: [[JOB, 'FAILED', 'nightly-etl']],
      // In Chinese, everyone reads Chinese: the requester (and so the channel) and whoever clicks.
      slack: (slack) => {
        if (lang === 'zh-CN') for (const p of [ALICE, BOB, CAROL]) slack.locales.set(p.user, 'zh-CN');
      },
      follow: { tickMs: 50, firstMs: [0], everyMs: 100 },
      clock,
    }));
  });
  afterEach(() => close());

  /** Every text the bot produced so far: posts, updates, ephemerals (text and blocks) and command answers. */
  function everything(): string[] {
    const calls = ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].flatMap((m) => h.slack.callsOf(m));
    return [
      ...calls.map((c) => `${String(c.args['text'])}\n${JSON.stringify(c.args['blocks'] ?? [])}`),
      ...h.slack.responses.map((r) => JSON.stringify(r.body)),
    ];
  }

  /** No text says "succeeded" (the job has not): each offending text is shown in full. */
  function noneSaysSucceeded(): void {
    expect(everything().filter((t) => SUCCESS[lang].test(t))).toEqual([]);
  }

  /** The answer to `/rerun <text>` as alice, as its words. */
  async function ask(text: string): Promise<string> {
    const res = await h.driver.command(text, ALICE);
    const answer = await h.driver.answerTo(res);
    return FakeSlack.wordsOf(answer as { text?: string; blocks?: unknown[] });
  }

  const approvalMessage = () =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && m.text.includes(w.rerunRequest)));
  const finalReply = (ts: string) =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === ts), 15_000);

  /** Asks, approves as bob, and waits for the accepted call: the request's id and approval message. */
  async function acceptedRerun(): Promise<{ id: string; msg: Message }> {
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    const id = /rr-[0-9a-f]+/.exec(msg.text)?.[0] as string;
    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(() => emu.retryCalls.length === 1);
    await messageSaying(h.slack, msg.ts, (t) => t.toLowerCase().includes(w.accepted));
    // The announce line and the requester's DM (bob decided, not alice) come with the outcome.
    await eventually(() => h.slack.messagesIn(ANNOUNCE)[0]);
    await eventually(() => h.slack.messagesIn(ALICE.user)[0]);
    return { id, msg };
  }

  /** The request's job keeps RUNNING while the bot's clock moves 4 minutes on: the message says so, in place. */
  async function runningFourMinutes(id: string, msg: Message): Promise<void> {
    (emu.jobs.get(JOB) as { JobState: string }).JobState = 'RUNNING';
    clock.advance(4 * MINUTE + 10_000);
    await messageSaying(h.slack, msg.ts, (t) => t.includes(w.running4));
    expect(await ask(`status ${id}`)).toContain(w.running4);
    expect(await ask('history')).toContain(w.running4);
  }

  it('never says succeeded while the job runs and after it failed again; then asks again', async () => {
    const { id, msg } = await acceptedRerun();
    // After approval: the call was accepted; status and history say so and name who approved.
    expect(await ask(`status ${id}`)).toContain(w.accepted);
    const history = await ask('history');
    expect(history).toContain(w.accepted);
    expect(history).toContain(w.approvedBy);
    noneSaysSucceeded();

    await runningFourMinutes(id, msg);
    noneSaysSucceeded();

    // It fails again: the thread reply, the message, status, history and the DM say so.
    emu.finish(JOB, 'FAILED');
    const reply = await finalReply(msg.ts);
    expect(FakeSlack.wordsOf(reply)).toContain(w.failedAgain);
    await messageSaying(h.slack, msg.ts, (t) => t.includes(w.failedAgain));
    expect(await ask(`status ${id}`)).toContain(w.failedAgain);
    const after = await ask('history');
    expect(after).toContain(w.failedAgain);
    expect(after).toContain(w.approvedBy);
    await eventually(() => h.slack.messagesIn(ALICE.user)[1]);
    await eventually(() => h.slack.messagesIn(ANNOUNCE)[1]);
    expect(FakeSlack.textOf(h.slack.messagesIn(ANNOUNCE)[1] as Message)).toContain('failed again');
    expect(FakeSlack.textOf(h.slack.messagesIn(ALICE.user)[1] as Message)).toContain(w.failedAgain);
    noneSaysSucceeded();

    // Again: the reply's "Rerun again…" opens the form prefilled with the job that failed again;
    // sending it previews a NEW request, pending, in the same thread.
    expect((await h.driver.click(reply, 'rerun_alert', ALICE)).status).toBe(200);
    const viewId = await eventually(
      () => [...h.slack.views.entries()].reverse().find(([, v]) => JSON.stringify(v).includes('f:job_ids'))?.[0],
    );
    expect(JSON.stringify(h.driver.view(viewId)['blocks'])).toContain(`"initial_value":"${JOB}"`);
    expect((await h.driver.submitView(viewId, {}, ALICE)).status).toBe(200);
    const second = await eventually(() =>
      h.slack
        .messagesIn('C0INCIDENT')
        .find((m) => m.ts !== msg.ts && JSON.stringify(m.blocks).includes('rerun_approve')),
    );
    const secondId = /rr-[0-9a-f]+/.exec(second.text)?.[0];
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(id);
    expect(second.thread_ts).toBe(msg.ts);
    expect(JSON.stringify(second.blocks)).toContain('rerun_approve');
    expect(FakeSlack.wordsOf(second)).toContain(JOB);
    noneSaysSucceeded();
  }, 60_000);

  it('says succeeded only once the job succeeded', async () => {
    const { id, msg } = await acceptedRerun();
    noneSaysSucceeded();
    await runningFourMinutes(id, msg);
    noneSaysSucceeded();

    emu.finish(JOB, 'SUCCEED');
    const reply = await finalReply(msg.ts);
    expect(FakeSlack.wordsOf(reply)).toContain(w.succeeded);
    const status = await ask(`status ${id}`);
    expect(status).toContain(w.jobSucceeded);
    expect(await ask('history')).toContain(w.jobSucceeded);
    await messageSaying(h.slack, msg.ts, (t) => t.includes(w.jobSucceeded));
    // Nothing offers to rerun a job that succeeded.
    expect(JSON.stringify(reply.blocks ?? [])).not.toContain('rerun_alert');
  }, 60_000);

  it('answers a click on a settled request with who did what', async () => {
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    // The message as bob still sees it, with its buttons (the fake updates its copy in place).
    const seen = structuredClone(msg);
    await h.driver.click(msg, 'rerun_reject', CAROL);
    await messageSaying(h.slack, msg.ts, (t) => t.toLowerCase().includes(w.rejectedBy.toLowerCase()));
    // bob clicks Approve on the message as he saw it before the update.
    await h.driver.click(seen, 'rerun_approve', BOB);
    const answer = await eventually(() =>
      h.slack.callsOf('chat.postEphemeral').find((c) => c.args['user'] === BOB.user),
    );
    expect(String(answer.args['text'])).toContain(w.rejectedBy);
    expect(emu.retryCalls).toHaveLength(0);
    noneSaysSucceeded();
  });

  it('counts in number, and answers history 0 and an unknown target plainly', async () => {
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    await approvalMessage();
    expect(await ask('history')).toContain(w.historyOne);
    expect(await ask('history batch-gz 5')).toContain(w.historyOne);
    const zero = await ask('history 0');
    expect(zero).toContain(w.atLeastOne);
    expect(zero).toContain('/rerun history my-target 20');
    const unknown = await ask('history nope');
    expect(unknown).toContain(w.noTarget);
    expect(unknown).toContain('batch-gz');
  });

  it('answers status and a click on a record a newer version wrote plainly, and leaves it alone', async () => {
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    const id = /rr-[0-9a-f]+/.exec(msg.text)?.[0] as string;
    // A newer replica rewrote the record in a shape this one does not know.
    await h.store.transition(id, ['pending'], (r) => ({ ...r, v: 99 }) as unknown as typeof r);
    const status = await ask(`status ${id}`);
    expect(status).toContain(id);
    expect(status).toContain(w.newer);
    await h.driver.click(msg, 'rerun_approve', BOB);
    const answer = await eventually(() =>
      h.slack.callsOf('chat.postEphemeral').find((c) => c.args['user'] === BOB.user),
    );
    expect(String(answer.args['text'])).toContain(w.newer);
    expect(emu.retryCalls).toHaveLength(0);
  });
});
