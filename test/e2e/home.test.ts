/**
 * One place for what waits (issue 19 item 6), end to end over signed Slack requests: the App Home
 * published on `app_home_opened` with the right lists for a requester, an approver (in Chinese)
 * and a bystander; its Approve acting once however it races the message's; a forged value,
 * another person's, one clicked outside a Home and one whose request changed since all refused;
 * the policy holding on the Home as on the message; the Homes a decision concerns republished once,
 * coalesced, and counted by the metric; and `/rerun pending` showing the same lists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { buttonSeal } from '../../src/slack/button-seal.ts';
import type { MovableClock } from '../support/clock.ts';
import { SteppedPace, StoppedClock } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { scrape } from '../support/metrics.ts';
import { BOT_TOKEN, type Harness, type HarnessOptions } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
const DAVE = { user: 'U0DAVE' };
const ERIN = { user: 'U0ERIN' };
const JOB = 'job-aaaa1111';
const GROUP = '  default: { approval: group, approvers: ["@data-oncall"], expiresAfter: 30m }';

type View = Record<string, unknown>;
type Block = Record<string, unknown>;

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;

async function setup(policies: string, o: { home?: HarnessOptions['home']; clock?: MovableClock } = {}) {
  ({ emu, h, close } = await startTencentBot({
    ratePerSecond: 1000,
    jobs: [[JOB, 'FAILED']],
    rest: `policies:\n${policies}\n`,
    ...o,
    slack: (slack) => {
      slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB', 'U0CAROL', 'U0ERIN'] });
      slack.locales.set('U0BOB', 'zh-CN');
    },
  }));
}

afterEach(() => close());

const approval = () =>
  eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(JOB)));
const idOf = (m: { text: string; blocks: unknown[] }) => /rr-[0-9a-f]+/.exec(FakeSlack.textOf(m))?.[0] as string;
const publishesTo = (user: string) => h.slack.callsOf('views.publish').filter((c) => c.args['user_id'] === user);
const homeOf = (user: string) => h.slack.homes.get(user) as View;
const blocksOf = (v: View) => v['blocks'] as Block[];
const words = (v: View) => FakeSlack.wordsOf({ blocks: blocksOf(v) });
/** The block ids of the Home's Approve / Reject rows. */
const buttonRows = (v: View) =>
  blocksOf(v)
    .filter((b) => b['type'] === 'actions')
    .map((b) => b['block_id']);
/** What a Home says under the header `title`, up to the next header. */
function under(v: View, title: string): string {
  const blocks = blocksOf(v);
  const start = blocks.findIndex((b) => b['type'] === 'header' && JSON.stringify(b).includes(title));
  if (start < 0) throw new Error(`no "${title}" on the Home`);
  const end = blocks.findIndex((b, i) => i > start && b['type'] === 'header');
  return JSON.stringify(blocks.slice(start + 1, end < 0 ? undefined : end)).replace(/`/g, '');
}
/** The Home's notice (a click that did not count), if it leads with one. */
const noticeOf = (v: View) => {
  const first = blocksOf(v)[0] as { type: string; text?: { text: string } };
  return first.type === 'section' && first.text?.text.startsWith(':warning:') ? first.text.text : undefined;
};

/** Opens `p`'s Home tab and returns the Home published for it. */
async function openHome(p: { user: string }): Promise<View> {
  const before = publishesTo(p.user).length;
  await h.driver.openHome(p);
  await eventually(() => publishesTo(p.user).length > before);
  return homeOf(p.user);
}

/** `p`'s Home once it is published again after `before` publishes and `check` holds for it. */
const republished = (p: { user: string }, before: number, check: (v: View) => boolean = () => true) =>
  eventually(() => publishesTo(p.user).length > before && check(homeOf(p.user)) && homeOf(p.user));

const toldTo = (user: string) =>
  h.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.args['user'] === user)
    .map((c) => String(c.args['text']));

describe('the App Home', () => {
  it('shows a requester, an approver (in Chinese) and a bystander their own lists', async () => {
    await setup(GROUP);
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const id = idOf(await approval());
    const alice = await openHome(ALICE);
    const bob = await openHome(BOB);
    const dave = await openHome(DAVE);

    // The requester: their request under "Your requests", with its state; nothing to decide.
    expect(under(alice, 'Waiting for you')).toContain('Nothing waits for your decision.');
    expect(under(alice, 'Your requests')).toContain(id);
    expect(under(alice, 'Your requests')).toContain('waiting for approval');
    expect(buttonRows(alice)).toEqual([]);

    // An approver of the group, whose Slack speaks Chinese: the request waits for them, with its buttons.
    expect(under(bob, '等待您审批')).toContain(id);
    expect(buttonRows(bob)).toEqual([`home:${id}`]);
    const row = JSON.stringify(blocksOf(bob).find((b) => b['block_id'] === `home:${id}`));
    expect(row).toContain('"rerun_home_approve"');
    expect(row).toContain('"批准"');
    expect(row).toContain('"拒绝"');
    // Break-glass stays on the request's own form.
    expect(JSON.stringify(bob)).not.toContain('rerun_break_glass');
    expect(under(bob, '您发起的重跑请求')).toContain('您还没有发起过重跑请求。');
    expect(words(bob)).not.toMatch(/Waiting for you|Your requests|Last decisions/);

    // A bystander (not in the group): nothing of it, and no button.
    expect(words(dave)).not.toContain(id);
    expect(buttonRows(dave)).toEqual([]);
    expect(under(dave, 'Waiting for you')).toContain('Nothing waits for your decision.');

    // The Messages tab publishes nothing.
    const published = h.slack.callsOf('views.publish').length;
    await h.driver.openHome(DAVE, 'messages');
    await h.bot.idle();
    expect(h.slack.callsOf('views.publish')).toHaveLength(published);
  });

  it('Approve acts once, racing the message’s Approve; the Homes it concerns are republished once, coalesced', async () => {
    // Time moves only when the test says: everyone's Home is published at one moment, so after one
    // pace step every Home the change concerns is due at once.
    const clock = new StoppedClock();
    const pace = new SteppedPace(clock);
    await setup(GROUP, { clock, home: { gapMs: 60_000, spacingMs: 0, sleep: pace.sleep } });
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approval();
    const id = idOf(msg);
    for (const p of [ALICE, BOB, CAROL, DAVE]) await openHome(p);
    const before = Object.fromEntries([ALICE, CAROL, DAVE].map((p) => [p.user, publishesTo(p.user).length]));

    await Promise.all([
      h.driver.clickHome(BOB, 'rerun_home_approve', `home:${id}`),
      h.driver.click(msg, 'rerun_approve', CAROL),
    ]);
    await eventually(() => emu.retryCalls.length === 1);
    await eventually(() => FakeSlack.textOf(h.slack.messages.get(msg.ts)!).includes('Accepted by the provider'));
    // Sent, then accepted: two changes, and the Homes wait for their pace.
    expect(publishesTo(ALICE.user)).toHaveLength(before[ALICE.user]!);
    await eventually(() => pace.step());

    const alice = await republished(ALICE, before[ALICE.user]!);
    expect(under(alice, 'Your requests')).toContain('accepted by the provider');
    const carol = await republished(CAROL, before[CAROL.user]!);
    expect(under(carol, 'Waiting for you')).not.toContain(id);
    expect(under(carol, 'Last decisions')).toContain(id);
    await h.bot.idle();
    // One publish each for the two changes; none for the bystander, whom the request does not concern.
    expect(publishesTo(ALICE.user)).toHaveLength(before[ALICE.user]! + 1);
    expect(publishesTo(CAROL.user)).toHaveLength(before[CAROL.user]! + 1);
    expect(publishesTo(DAVE.user)).toHaveLength(before[DAVE.user]!);
    expect(emu.retryCalls).toEqual([[JOB]]);

    // The metric counts every publish by why: four openings, Bob's click, and the republishes.
    const m = await scrape(h.driver.botUrl);
    const counted = (labels: Record<string, string>) => m.sum('rerun_slack_home_publishes_total', labels);
    expect(counted({ reason: 'opened', outcome: 'ok' })).toBe(4);
    expect(counted({ reason: 'click', outcome: 'ok' })).toBe(1);
    expect(counted({ reason: 'changed', outcome: 'ok' })).toBe(h.slack.callsOf('views.publish').length - 5);
    expect(counted({ outcome: 'error' })).toBe(0);
    // One Slack refuses is counted as an error (and the next opening publishes it again).
    h.slack.failNext('views.publish', { error: 'invalid_arguments' });
    await h.driver.openHome(DAVE);
    await h.bot.idle();
    expect(
      (await scrape(h.driver.botUrl)).sum('rerun_slack_home_publishes_total', { reason: 'opened', outcome: 'error' }),
    ).toBe(1);
    expect(m.text).not.toMatch(/rerun_slack_home_publishes_total\{[^}]*U0/);
  });

  it('refuses a forged value, another person’s, a click from outside a Home, and one whose request changed', async () => {
    await setup('  default: { approval: group, approvers: ["@data-oncall"], minApprovals: 2, expiresAfter: 30m }');
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approval();
    const id = idOf(msg);
    const carolHome = await openHome(CAROL);
    const row = `home:${id}`;
    const value = JSON.stringify(carolHome).match(/"value":"(b1\.[^"]+)"/)?.[1] as string;
    expect(value).toBeTruthy();

    // Forged: the signature does not hold.
    let n = publishesTo(CAROL.user).length;
    await h.driver.clickHome(CAROL, 'rerun_home_approve', row, { value: value.slice(0, -3) + 'AAA' });
    expect(noticeOf(await republished(CAROL, n))).toContain('That button does not work here');
    // Carol's button clicked by Erin (an approver too) on Carol's Home: not shown to her.
    n = publishesTo(ERIN.user).length;
    await h.driver.clickHome(ERIN, 'rerun_home_approve', row, { view: carolHome });
    expect(noticeOf(await republished(ERIN, n))).toContain('That button does not work here');
    // Carol's own value, from a message instead of her Home.
    await h.driver.clickHome(CAROL, 'rerun_home_approve', row, { container: 'message' });
    await eventually(() => toldTo(CAROL.user).some((t) => t.includes('That button does not work here')));
    expect((await h.store.get(id))?.decisions).toEqual([]);

    // Bob approves on the message (1 of 2): Carol's Home showed the request before that.
    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(async () => (await h.store.get(id))?.decisions.length === 1);
    n = publishesTo(CAROL.user).length;
    await h.driver.clickHome(CAROL, 'rerun_home_approve', row, { view: carolHome });
    const stale = await republished(CAROL, n, (v) => !!noticeOf(v));
    expect(noticeOf(stale)).toContain(`${id}\` changed since this page showed it`);
    expect(noticeOf(stale)).toContain('(1/2 approvals)');
    expect((await h.store.get(id))?.decisions.map((d) => ('userId' in d ? d.userId : ''))).toEqual(['U0BOB']);
    expect(emu.retryCalls).toEqual([]);

    // From the Home as it stands now, her approval counts: the second of two, and the call is sent once.
    await h.driver.clickHome(CAROL, 'rerun_home_approve', row);
    await eventually(() => emu.retryCalls.length === 1);
    await h.bot.idle();
    expect(emu.retryCalls).toEqual([[JOB]]);
  });

  it('obeys the policy: a requester cannot approve or reject their own under peer, even with a valid value', async () => {
    await setup('  default: { approval: peer, expiresAfter: 30m }');
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const id = idOf(await approval());
    const alice = await openHome(ALICE);
    expect(buttonRows(alice)).toEqual([]);
    // A value sealed for her, for her Home, for the request as it is: the policy still says no.
    const r = (await h.store.get(id))!;
    const sealed = buttonSeal(BOT_TOKEN).seal(
      { requestId: id, shown: `${r.state}@${r.updatedAt}`, surface: 'home' },
      ALICE.user,
      new Date(),
    );
    const forged = {
      ...alice,
      blocks: [
        ...blocksOf(alice),
        {
          type: 'actions',
          block_id: `home:${id}`,
          elements: ['rerun_home_approve', 'rerun_home_reject'].map((action_id) => ({
            type: 'button',
            action_id,
            text: { type: 'plain_text', text: action_id },
            value: sealed,
          })),
        },
      ],
    };
    for (const action of ['rerun_home_approve', 'rerun_home_reject']) {
      const n = publishesTo(ALICE.user).length;
      await h.driver.clickHome(ALICE, action, `home:${id}`, { view: forged });
      const told = noticeOf(await republished(ALICE, n, (v) => !!noticeOf(v)));
      expect(told).toContain('policy needs someone else');
    }
    expect((await h.store.get(id))?.decisions).toEqual([]);

    // Anyone else may: Dave's Reject from his Home rejects it, and nothing is sent.
    await openHome(DAVE);
    await h.driver.clickHome(DAVE, 'rerun_home_reject', `home:${id}`);
    await eventually(async () => (await h.store.get(id))?.state === 'rejected');
    await h.bot.idle();
    expect(emu.retryCalls).toEqual([]);
  });

  it('/rerun pending shows the same lists, in the person’s language', async () => {
    await setup(GROUP);
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const id = idOf(await approval());
    const answer = async (p: { user: string }) => {
      const res = await h.driver.command('pending', p);
      return JSON.stringify(await h.driver.answerTo(res)).replace(/`/g, '');
    };
    const carol = await answer(CAROL);
    const home = await openHome(CAROL);
    // The same three lists, in the same order, the request under "Waiting for you" in both.
    const titles = ['Waiting for you', 'Your requests', 'Last decisions'];
    expect(titles.map((t) => carol.indexOf(t))).toEqual([...titles.map((t) => carol.indexOf(t))].sort((a, b) => a - b));
    expect(carol.slice(carol.indexOf('Waiting for you'), carol.indexOf('Your requests'))).toContain(id);
    expect(under(home, 'Waiting for you')).toContain(id);
    expect(carol).not.toContain('rerun_home_approve');

    const bob = await answer(BOB);
    expect(bob.slice(bob.indexOf('等待您审批'), bob.indexOf('您发起的重跑请求'))).toContain(id);
    expect(await answer(DAVE)).toContain('Nothing waits for your decision.');
    const alice = await answer(ALICE);
    expect(alice.slice(alice.indexOf('Your requests'))).toContain(id);
  });
});
