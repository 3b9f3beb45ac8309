/**
 * Colliding asks become help (issue 19 item 5), end to end over signed Slack requests: someone
 * asking for a job already in an open request is answered, privately, with who asked, where it
 * stands and a link to it, a Watch button and, when the request's policy lets them decide it, an
 * Approve button. Watch tells them the decision and the final state once (DMs of the post ledger),
 * however often they click; Approve goes through the request's own decide path (its policy, one
 * call), and a value clicked by someone else, tampered with, or shown before the request changed
 * does nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, type Person } from '../support/driver.ts';
import { clickEphemeral } from '../support/ephemeral.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
/** Not an approver; reads Chinese. */
const DAVE = { user: 'U0DAVE' };
const JOB = 'job-aaaa1111';

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;

async function setup(minApprovals = 1): Promise<void> {
  ({ emu, h, close } = await startTencentBot({
    ratePerSecond: 1000,
    jobs: [[JOB, 'FAILED']],
    rest: `policies:\n  default: { approval: group, approvers: ["@data-oncall"], minApprovals: ${minApprovals} }\n`,
    follow: { tickMs: 50, firstMs: [0], everyMs: 100 },
    slack: (slack) => {
      slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: [BOB.user, CAROL.user] });
      slack.locales.set(DAVE.user, 'zh-CN');
    },
  }));
}

afterEach(() => close());

type Answer = { channel: string; text: string; blocks: unknown[] };

const approvalMessage = () =>
  eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(JOB)));
const idOf = (m: { text: string }) => /rr-[0-9a-f]+/.exec(m.text)?.[0] as string;
const buttons = (a: { blocks: unknown[] }) => JSON.stringify(a.blocks);
/** What the bot told `user` privately in the channel, as texts. */
const toldTo = (user: string) =>
  h.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.args['user'] === user)
    .map((c) => String(c.args['text']));
const dmsTo = (user: string) => h.slack.messagesIn(user).map((m) => m.text);

/** `/rerun batch-gz job_ids=…` as `p`, and the collision answer on its response_url. */
async function collide(p: Person): Promise<Answer> {
  const res = await h.driver.command(`batch-gz job_ids=${JOB}`, p);
  const body = await eventually(() => h.driver.responsesTo(res.responseId).find((r) => Array.isArray(r['blocks'])));
  return { channel: 'C0INCIDENT', text: String(body['text']), blocks: body['blocks'] as unknown[] };
}

/** The sealed value of the answer's Watch (or Approve) button. */
function valueOf(a: Answer, actionId: string): string {
  for (const b of a.blocks as { elements?: { action_id?: string; value?: string }[] }[])
    for (const e of b.elements ?? []) if (e.action_id === actionId && e.value) return e.value;
  throw new Error(`no ${actionId} in the answer`);
}

describe('colliding asks become help', () => {
  it('answers who asked, the state and a link, with Watch, and Approve only for someone who may approve', async () => {
    await setup();
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    const id = idOf(msg);
    const link = `https://fake.slack.test/archives/C0INCIDENT/p${msg.ts.replace('.', '')}`;

    // A bystander (not in @data-oncall), in Chinese: who asked, the state, the link, Watch only.
    const dave = await collide(DAVE);
    expect(dave.text).toContain(`<@${ALICE.user}>`);
    expect(dave.text).toContain(id);
    expect(dave.text).toContain('等待审批');
    expect(buttons(dave)).toContain(link);
    expect(buttons(dave)).toContain('rerun_collision_watch');
    expect(buttons(dave)).toContain('关注');
    expect(buttons(dave)).not.toContain('rerun_collision_approve');

    // An approver: Approve too, in English.
    const bob = await collide(BOB);
    expect(bob.text).toContain('waiting for approval');
    expect(buttons(bob)).toContain('rerun_collision_watch');
    expect(buttons(bob)).toContain('rerun_collision_approve');
    expect(buttons(bob)).toContain('Click *Watch* to be told of its decision and its final state');

    // The requester asking again: the refusal and the link, nothing to click.
    const alice = await collide(ALICE);
    expect(buttons(alice)).toContain(link);
    expect(buttons(alice)).not.toContain('rerun_collision_');

    // Through the form too: the answer is an ephemeral message with the same buttons.
    const viewId = await h.driver.openForm(CAROL);
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', CAROL);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
    await h.driver.submitView(viewId, { 'f:job_ids': JOB }, CAROL);
    const ephemeral = await eventually(() =>
      h.slack.callsOf('chat.postEphemeral').find((c) => c.args['user'] === CAROL.user && c.args['blocks']),
    );
    const carol = {
      channel: 'C0INCIDENT',
      text: String(ephemeral.args['text']),
      blocks: ephemeral.args['blocks'] as unknown[],
    };
    expect(buttons(carol)).toContain('rerun_collision_approve');
    expect(h.slack.messagesIn('C0INCIDENT').filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('Watch tells the decision and the final state once; Approve sends once; forged, other and stale clicks do nothing', async () => {
    await setup();
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    const id = idOf(msg);
    const dave = await collide(DAVE);
    const bob = await collide(BOB);

    // The bystander's Watch value, clicked as Approve: refused by the policy, audited, nothing sent.
    const forged = { ...dave, blocks: [...dave.blocks, approveButton(valueOf(dave, 'rerun_collision_watch'))] };
    await clickEphemeral(h.driver, h.slack, forged, 'rerun_collision_approve', DAVE);
    await eventually(() => toldTo(DAVE.user).some((t) => t.includes('@data-oncall')));
    expect((await h.store.auditOf(id)).find((a) => a.event === 'refused-click')?.actor).toBe(DAVE.user);

    // Watch, then twice more at once: one watcher, one audit line, told where it stands.
    await clickEphemeral(h.driver, h.slack, dave, 'rerun_collision_watch', DAVE);
    await eventually(() => toldTo(DAVE.user).some((t) => t.startsWith(`您已关注重跑请求 \`${id}\`（等待审批）`)));
    await Promise.all([
      clickEphemeral(h.driver, h.slack, dave, 'rerun_collision_watch', DAVE),
      clickEphemeral(h.driver, h.slack, dave, 'rerun_collision_watch', DAVE),
    ]);
    await eventually(() => toldTo(DAVE.user).filter((t) => t === `您已关注重跑请求 \`${id}\`。`).length === 2);
    expect(await h.store.watchersOf(id)).toEqual([DAVE.user]);
    expect((await h.store.auditOf(id)).filter((a) => a.event === 'watched')).toHaveLength(1);

    // Bob's value: not Carol's to click, and a tampered one is not the bot's.
    await clickEphemeral(h.driver, h.slack, bob, 'rerun_collision_approve', CAROL);
    await eventually(() => toldTo(CAROL.user).some((t) => t.includes('does not belong to this message')));
    const bobs = valueOf(bob, 'rerun_collision_approve');
    const tampered = bobs.slice(0, -2) + (bobs.endsWith('AA') ? 'BB' : 'AA');
    await clickEphemeral(h.driver, h.slack, bob, 'rerun_collision_approve', BOB, tampered);
    await eventually(() => toldTo(BOB.user).some((t) => t.includes('does not belong to this message')));
    // Pasted onto the request's own (not ephemeral) message, Bob's own value counts for nothing.
    await h.driver.click({ ...msg, blocks: [approveButton(bobs)] }, 'rerun_collision_approve', BOB);
    await eventually(() => toldTo(BOB.user).filter((t) => t.includes('does not belong')).length === 2);
    expect(h.logs.lines.filter((l) => l.includes('a sealed collision button was refused'))).toHaveLength(3);
    expect(emu.retryCalls).toHaveLength(0);
    expect((await h.store.get(id))?.decisions).toEqual([]);

    // Bob's Approve: one call; a second click of the same answer finds the request changed.
    await clickEphemeral(h.driver, h.slack, bob, 'rerun_collision_approve', BOB);
    await eventually(() => emu.retryCalls.length === 1);
    await eventually(() => toldTo(BOB.user).some((t) => t.includes(`You approved request \`${id}\``)));
    await clickEphemeral(h.driver, h.slack, bob, 'rerun_collision_approve', BOB);
    await eventually(() => toldTo(BOB.user).some((t) => t.includes('changed since this answer')));
    expect((await h.store.auditOf(id)).find((a) => a.event === 'approved')?.actor).toBe(BOB.user);

    // The watcher is told the decision (accepted, approved by Bob), then the final state: once each.
    await eventually(() => dmsTo(DAVE.user).some((t) => t.includes('您关注的') && t.includes('<@U0BOB>')));
    emu.finish(JOB, 'SUCCEED');
    await eventually(() => dmsTo(DAVE.user).some((t) => t.includes('作业已到达终态')));
    await eventually(() => dmsTo(ALICE.user).some((t) => t.includes('final state')));
    await h.bot.idle();
    expect(dmsTo(DAVE.user)).toHaveLength(2);
    const keys = await Promise.all(
      ['decided', 'final'].map((m) => h.store.getPost({ request: id, kind: 'dm', key: `watch:${DAVE.user}:${m}` })),
    );
    expect(keys.map((p) => p?.state)).toEqual(['posted', 'posted']);
    // Over: nothing left to watch.
    await clickEphemeral(h.driver, h.slack, dave, 'rerun_collision_watch', DAVE);
    await eventually(() => toldTo(DAVE.user).some((t) => t.includes('已结束')));
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('an Approve shown before the request changed does nothing; one shown after counts, once however often clicked', async () => {
    await setup(2);
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    const bob = await collide(BOB);
    // Carol approves on the message meanwhile (1 of 2): Bob's answer no longer shows the request.
    await h.driver.click(msg, 'rerun_approve', CAROL);
    await eventually(() => FakeSlack.textOf(h.slack.messages.get(msg.ts) ?? msg).includes('1/2'));
    await clickEphemeral(h.driver, h.slack, bob, 'rerun_collision_approve', BOB);
    await eventually(() => toldTo(BOB.user).some((t) => t.includes('changed since this answer') && t.includes('1/2')));
    expect((await h.store.get(idOf(msg)))?.decisions).toHaveLength(1);

    // Asked again, the answer shows it as it is now; three clicks at once make one approval, one call.
    const fresh = await collide(BOB);
    await Promise.all([1, 2, 3].map(() => clickEphemeral(h.driver, h.slack, fresh, 'rerun_collision_approve', BOB)));
    await eventually(() => emu.retryCalls.length === 1);
    await h.bot.idle();
    expect((await h.store.get(idOf(msg)))?.decisions.map((d) => ('userId' in d ? d.userId : ''))).toEqual([
      CAROL.user,
      BOB.user,
    ]);
    expect(emu.retryCalls).toHaveLength(1);
  });
});

/** An Approve button carrying `value`, as a forger would add it to an answer. */
function approveButton(value: string) {
  return {
    type: 'actions',
    block_id: 'forged',
    elements: [
      { type: 'button', action_id: 'rerun_collision_approve', text: { type: 'plain_text', text: 'Approve' }, value },
    ],
  };
}
