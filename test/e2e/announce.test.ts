/**
 * Who hears of a request besides its channel, over real HTTP (docs/SPEC.md §3 `announce`, §4):
 * the target's announce channel gets one line for the call's outcome and one for the final state;
 * a request waiting for a group calls that group once; the requester is told privately when
 * someone else decides and at the final state. "Once" is proved by running the follow-up and the
 * sweep again after the end, never by waiting.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const ANNOUNCE = 'C0ANNOUNCE';

const POLICIES = `policies:
  default:
    approval: group
    approvers: ["@data-oncall"]
    expiresAfter: 30m
`;

describe('announce lines, the approver call and the requester told', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s', announce: ANNOUNCE } }],
      rest: POLICIES,
      ratePerSecond: 1000,
      jobs: [
        ['job-rybewp57', 'FAILED', 'nightly-etl'],
        ['job-97zcl3wt', 'FAILED', 'hourly-agg'],
      ],
      slack: (slack) => slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB', 'U0CAROL'] }),
      // The follow-up polls at once and often: the final state arrives without waiting seconds.
      follow: { tickMs: 50, firstMs: [0], everyMs: 100 },
    }));
  });
  afterEach(() => close());

  const approvalFor = (job: string) =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(job)));
  const dms = (): Message[] => h.slack.messagesIn('U0ALICE');
  const subteamMentions = () =>
    [...h.slack.callsOf('chat.postMessage'), ...h.slack.callsOf('chat.update')].filter((c) =>
      JSON.stringify(c.args).includes('<!subteam^'),
    );

  it('announces the outcome and the final state once each, calls the group once, and tells the requester', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalFor('job-rybewp57');
    const id = /rr-[0-9a-f]+/.exec(msg.text)?.[0] as string;

    // The group is called once, in the approval message's thread, by the id usergroups.list gave.
    const call = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts));
    expect(call.text).toMatch(new RegExp(`^<!subteam\\^S0ONCALL> Rerun request \`${id}\` on \`batch-gz\``));
    expect(FakeSlack.textOf(msg)).not.toContain('<!subteam');

    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    const outcome = await eventually(() => h.slack.messagesIn(ANNOUNCE)[0]);
    expect(outcome.text).toBe(
      `\`batch-gz\`: rerun \`${id}\` asked by <@U0ALICE> — accepted by the provider. Details: \`/rerun status ${id}\``,
    );
    const approved = await eventually(() => dms()[0]);
    expect(approved.text).toContain(`Your rerun request \`${id}\` on \`batch-gz\` was approved by <@U0BOB>`);
    expect(approved.text).toContain('accepted by the provider');

    emu.finish('job-rybewp57', 'SUCCEED');
    const final = await eventually(() => h.slack.messagesIn(ANNOUNCE)[1]);
    expect(final.text).toMatch(
      new RegExp(
        `^\`batch-gz\`: rerun \`${id}\` asked by <@U0ALICE> — the job succeeded, .+ after the rerun was accepted\\.`,
      ),
    );
    const told = await eventually(() => dms()[1]);
    expect(told.text).toContain(`The job of your rerun \`${id}\` on \`batch-gz\` reached its final state.`);
    expect(told.text).toContain('job-rybewp57');
    expect(told.text).toContain('SUCCEED');
    // The thread holds the group call and the one final reply.
    expect(h.slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === msg.ts)).toHaveLength(2);

    // Once: the follow-up and the sweep run again and find nothing more to tell.
    expect((await h.bot.core.followUps()).replied).toBe(0);
    await h.bot.core.sweep();
    expect(h.slack.messagesIn(ANNOUNCE)).toHaveLength(2);
    expect(dms()).toHaveLength(2);
    expect(subteamMentions()).toHaveLength(1);
    // A line of text, with no link preview under it.
    for (const c of h.slack.callsOf('chat.postMessage').filter((c) => c.args['channel'] === ANNOUNCE))
      expect(c.args).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });
  });

  it('tells the requester of a rejection in their own language, and nothing of their own cancel', async () => {
    h.slack.locales.set('U0ALICE', 'zh-CN');
    await h.driver.command('batch-gz job_ids=job-97zcl3wt', ALICE);
    const first = await approvalFor('job-97zcl3wt');
    await h.driver.click(first, 'rerun_cancel', ALICE);
    await messageSaying(h.slack, first.ts, '已被 <@U0ALICE> 取消');

    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const second = await approvalFor('job-rybewp57');
    const id = /rr-[0-9a-f]+/.exec(second.text)?.[0] as string;
    await h.driver.click(second, 'rerun_reject', BOB);
    const told = await eventually(() => dms()[0]);
    expect(told.text).toBe(`您在 \`batch-gz\` 上的重跑请求 \`${id}\` 已被 <@U0BOB> 拒绝，未向云服务发起调用。`);
    // Only the rejection: the cancel, which came first, told nobody; nothing was announced.
    expect(dms()).toHaveLength(1);
    expect(h.slack.messagesIn(ANNOUNCE)).toHaveLength(0);
    // Each request called the group once; the updates (cancelled, rejected) mention nobody.
    expect(subteamMentions()).toHaveLength(2);
    expect(emu.retryCalls).toHaveLength(0);
  });
});
