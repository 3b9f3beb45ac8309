/**
 * Break-glass at 3 a.m. (issue 19 item 3), end to end over signed Slack requests: without the policy
 * key today's rule stands; with it, the requester's Break glass… opens a form that needs a reason
 * and a second confirmation, and approving it sends the call once, is announced in the thread (the
 * approvers mentioned) and the announce channel, marked in the audit, counted in the metrics, and
 * left with a Review button an approver acknowledges. Twenty break-glass submissions and peer
 * clicks racing on one request make one call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import type { MovableClock } from '../support/clock.ts';
import { scrape } from '../support/metrics.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
const ANNOUNCE = 'C0ANNOUNCE';

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;
let clock: MovableClock;

async function setup(policies: string, jobs = ['job-aaaa1111']): Promise<void> {
  ({ emu, h, close, clock } = await startTencentBot({
    ratePerSecond: 1000,
    targets: [{ id: 'batch-gz', with: { announce: ANNOUNCE } }],
    jobs: jobs.map((id) => [id, 'FAILED']),
    rest: `policies:\n${policies}\n`,
    slack: (slack) => slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB', 'U0CAROL'] }),
  }));
}

afterEach(() => close());

const approvalFor = (job: string) =>
  eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(job)));
const idOf = (m: { text: string }) => /rr-[0-9a-f]+/.exec(m.text)?.[0] as string;
const toldTo = (user: string) =>
  h.slack
    .callsOf('chat.postEphemeral')
    .filter((c) => c.args['user'] === user)
    .map((c) => String(c.args['text']));
const glassForm = () =>
  eventually(() => [...h.slack.views.entries()].reverse().find(([, v]) => v['callback_id'] === 'rerun_glass')?.[0]);
const buttonsOf = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
/** The request's message once its blocks say `words` (its fallback text is only the story). */
const showing = (ts: string, words: string) =>
  eventually(() => {
    const m = h.slack.messages.get(ts);
    return m && FakeSlack.textOf(m).includes(words) ? m : undefined;
  });

describe('break-glass', () => {
  it('is refused without the policy: no Break glass… button, and the requester told that someone else must approve', async () => {
    await setup('  default: { approval: peer }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await approvalFor('job-aaaa1111');
    expect(buttonsOf(msg)).not.toContain('rerun_break_glass');
    await h.driver.click(msg, 'rerun_approve', ALICE);
    await eventually(() => toldTo('U0ALICE').some((t) => /needs someone else/.test(t)));
    expect(toldTo('U0ALICE').join('\n')).not.toMatch(/break-glass/i);
    // A Break glass… click forged onto the message changes nothing either.
    const forged = { ...msg, blocks: [...msg.blocks, breakGlassButton(idOf(msg))] };
    await h.driver.click(forged, 'rerun_break_glass', ALICE);
    await eventually(() => toldTo('U0ALICE').some((t) => /does not allow break-glass/.test(t)));
    expect(h.slack.callsOf('views.open')).toHaveLength(0);
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('needs a reason and the confirmation, then sends once, announces, audits, counts, and is reviewed by an approver', async () => {
    await setup(
      '  default: { approval: group, approvers: ["@data-oncall"], breakGlass: true, reasonPattern: "^INC-\\\\d+" }',
    );
    await h.driver.command('batch-gz job_ids=job-aaaa1111 reason="INC-7 nightly ETL down"', ALICE);
    const msg = await approvalFor('job-aaaa1111');
    const id = idOf(msg);
    expect(FakeSlack.textOf(msg)).toContain('Reason: INC-7 nightly ETL down');

    // The requester's Approve says how; only the requester opens the form.
    await h.driver.click(msg, 'rerun_approve', ALICE);
    await eventually(() => toldTo('U0ALICE').some((t) => /allows break-glass/.test(t)));
    await h.driver.click(msg, 'rerun_break_glass', BOB);
    await eventually(() => toldTo('U0BOB').some((t) => /Only the person who asked/.test(t)));
    expect(h.slack.callsOf('views.open')).toHaveLength(0);

    await h.driver.click(msg, 'rerun_break_glass', ALICE);
    const viewId = await glassForm();
    // No confirmation, a reason that is no incident reference: both refused next to their fields.
    const bad = await h.driver.submitView(viewId, { reason: 'db is down' }, ALICE);
    const errors = (bad.json as { errors: Record<string, string> }).errors;
    expect(errors['reason']).toMatch(/incident reference matching/);
    expect(errors['glass_confirm']).toMatch(/Confirm that you approve your own request/);
    expect(emu.retryCalls).toHaveLength(0);

    await h.driver.submitView(viewId, { reason: 'INC-7 <@U0EVERYONE> paged, nobody up', glass_confirm: 'yes' }, ALICE);
    await eventually(() => emu.retryCalls.length === 1);
    const done = await showing(msg.ts, 'Not reviewed yet');
    expect(FakeSlack.textOf(done)).toContain('Break-glass: approved by the requester <@U0ALICE>');
    expect(buttonsOf(done)).toContain('rerun_review');

    // Announced at once: in the thread with the approvers' mention, and in the announce channel.
    const thread = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts && m.text.includes('Break-glass')),
    );
    expect(thread.text).toMatch(/^<!subteam\^S0ONCALL> :rotating_light: Break-glass: <@U0ALICE> approved/);
    // The typed mention stays inert text.
    expect(thread.text).toContain('&lt;@U0EVERYONE&gt;');
    const line = await eventually(() => h.slack.messagesIn(ANNOUNCE).find((m) => m.text.includes('Break-glass')));
    expect(line.text).toContain(id);

    const audit = await h.store.auditOf(id);
    expect(audit.find((a) => a.event === 'break-glass')).toMatchObject({
      actor: 'U0ALICE',
      detail: { reason: 'INC-7 <@U0EVERYONE> paged, nobody up' },
    });
    expect(audit.find((a) => a.event === 'requested')?.detail).toMatchObject({ reason: 'INC-7 nightly ETL down' });
    expect((await scrape(h.driver.botUrl)).sum('rerun_break_glass_total', { target: 'batch-gz' })).toBe(1);

    // Review: not by the requester, not by a stranger to the group; by an approver, once.
    // A copy as it stood: the last click comes from a client that had not refreshed the message yet.
    const reviewable = structuredClone(h.slack.messages.get(msg.ts) as typeof msg);
    await h.driver.click(reviewable, 'rerun_review', ALICE);
    await eventually(() => toldTo('U0ALICE').some((t) => /another approver must review/.test(t)));
    await h.driver.click(reviewable, 'rerun_review', { user: 'U0MALLORY' });
    await eventually(() => toldTo('U0MALLORY').some((t) => /Only @data-oncall may review/.test(t)));
    await h.driver.click(reviewable, 'rerun_review', BOB);
    const reviewed = await showing(msg.ts, 'Reviewed by <@U0BOB>');
    expect(buttonsOf(reviewed)).not.toContain('rerun_review');
    await h.driver.click(reviewable, 'rerun_review', CAROL);
    await eventually(() => toldTo('U0CAROL').some((t) => /already reviewed by <@U0BOB>/.test(t)));
    const reviews = (await h.store.auditOf(id)).filter((a) => a.event === 'reviewed');
    expect(reviews.map((a) => a.actor)).toEqual(['U0BOB']);
    expect((await h.store.get(id))?.breakGlass?.review?.by).toBe('U0BOB');
    expect(emu.retryCalls).toHaveLength(1);
  });

  it('under peer: announced in the thread without a mention (nobody is listed), reviewed by any peer', async () => {
    await setup('  default: { approval: peer, breakGlass: true }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await approvalFor('job-aaaa1111');
    await h.driver.click(msg, 'rerun_break_glass', ALICE);
    // Any reason will do without a pattern, but one is required.
    const viewId = await glassForm();
    const empty = await h.driver.submitView(viewId, { reason: ' ', glass_confirm: 'yes' }, ALICE);
    expect((empty.json as { errors: Record<string, string> }).errors['reason']).toMatch(/needs a reason/);
    await h.driver.submitView(viewId, { reason: 'paged twice, nobody answered', glass_confirm: 'yes' }, ALICE);
    await eventually(() => emu.retryCalls.length === 1);
    const thread = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts && m.text.includes('Break-glass')),
    );
    expect(thread.text).toMatch(/^:rotating_light: Break-glass: <@U0ALICE> approved their own rerun request/);
    expect(thread.text).not.toContain('<!subteam');
    const reviewable = await showing(msg.ts, 'Not reviewed yet');
    await h.driver.click(reviewable, 'rerun_review', CAROL);
    await showing(msg.ts, 'Reviewed by <@U0CAROL>');
    // Told once: with everything settled, one line in the thread and one in the announce channel.
    await h.bot.idle();
    const lines = [...h.slack.messagesIn('C0INCIDENT'), ...h.slack.messagesIn(ANNOUNCE)].filter((m) =>
      m.text.includes('Break-glass:'),
    );
    expect(lines).toHaveLength(2);
  });

  it('past the escalation, its approvers may review a break-glass approval, as they may approve', async () => {
    await setup(
      '  default: { approval: group, approvers: ["@data-oncall"], breakGlass: true, expiresAfter: 30m,\n' +
        '    escalate: { after: 10m, to: [U0ERIN] } }',
    );
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await approvalFor('job-aaaa1111');
    await h.driver.click(msg, 'rerun_break_glass', ALICE);
    await h.driver.submitView(
      await glassForm(),
      { reason: 'paged twice, nobody answered', glass_confirm: 'yes' },
      ALICE,
    );
    await eventually(() => emu.retryCalls.length === 1);
    const reviewable = await showing(msg.ts, 'Not reviewed yet');
    // Before the escalation's time, an escalation approver is nobody here.
    await h.driver.click(reviewable, 'rerun_review', { user: 'U0ERIN' });
    await eventually(() => toldTo('U0ERIN').some((t) => /Only @data-oncall may review/.test(t)));
    clock.advance(10 * 60_000 + 1_000);
    await h.driver.click(reviewable, 'rerun_review', { user: 'U0ERIN' });
    await showing(msg.ts, 'Reviewed by <@U0ERIN>');
    expect((await h.store.auditOf(idOf(msg))).filter((a) => a.event === 'reviewed').map((a) => a.actor)).toEqual([
      'U0ERIN',
    ]);
  });

  it('makes one call of 20 break-glass submissions and peer clicks racing on one request', async () => {
    await setup('  default: { approval: peer, breakGlass: true }');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const msg = await approvalFor('job-aaaa1111');
    // Ten forms opened by the requester, each submitted once, against ten peers' clicks.
    const forms: string[] = [];
    for (let i = 0; i < 10; i++) {
      const before = h.slack.views.size;
      await h.driver.click(msg, 'rerun_break_glass', ALICE);
      await eventually(() => h.slack.views.size > before);
      forms.push((await glassForm()) as string);
    }
    const bodies = [
      ...forms.map((v) => h.driver.submitViewBody(v, { reason: 'nobody awake', glass_confirm: 'yes' }, ALICE)),
      ...Array.from({ length: 10 }, (_, i) => h.driver.clickBody(msg, 'rerun_approve', { user: `U0PEER${i}` })),
    ];
    const answers = await Promise.all(bodies.map((b) => h.driver.post(b)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await eventually(() => emu.retryCalls.length === 1);
    await h.bot.idle();
    expect(emu.retryCalls).toHaveLength(1);
    const audit = await h.store.auditOf(idOf(msg));
    expect(audit.filter((a) => a.event === 'break-glass' || a.event === 'approved')).toHaveLength(1);
  });
});

function breakGlassButton(id: string) {
  return {
    type: 'actions',
    block_id: `forged:${id}`,
    elements: [
      {
        type: 'button',
        action_id: 'rerun_break_glass',
        text: { type: 'plain_text', text: 'x' },
        value: JSON.stringify({ id }),
      },
    ],
  };
}
