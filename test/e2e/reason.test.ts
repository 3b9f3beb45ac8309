/**
 * A reason, or an incident reference (issue 19 item 4), over signed Slack requests: `requireReason`
 * and `reasonPattern` in the text form (`reason=`), in the form (its Reason field), and prefilled in
 * an alert's thread (the rule's named group `reason`, and the alert's link); the reason is shown in
 * the approval request, the audit, history, the requester's messages and the final reply.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CH = 'C0ALERTS';

const REST = `policies:
  default:
    approval: peer
    reasonPattern: '^INC-\\d+'
alerts:
  - channel: "#alerts-batch"
    match: '(?<reason>INC-\\d+): Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
  - channel: "#alerts-batch"
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;

describe('a reason, or an incident reference', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      ratePerSecond: 1000,
      rest: REST,
      jobs: ['job-aaaa1111', 'job-bbbb2222', 'job-cccc3333', 'job-dddd4444'].map((id) => [id, 'FAILED']),
      follow: { tickMs: 50, firstMs: [0], everyMs: 100 },
    }));
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(() => close());

  const approvalFor = (channel: string, job: string) =>
    eventually(() =>
      h.slack
        .messagesIn(channel)
        .find((m) => FakeSlack.textOf(m).includes('Rerun request') && FakeSlack.textOf(m).includes(job)),
    );
  const idOf = (m: { text: string }) => /rr-[0-9a-f]+/.exec(m.text)?.[0] as string;
  const newestForm = (before: number) =>
    eventually(
      () =>
        [...h.slack.views.entries()]
          .slice(before)
          .reverse()
          .find(([, v]) => JSON.stringify(v).includes('"block_id":"reason"'))?.[0],
    );

  it('in the text form: the form opens without it, refused off the pattern, then shown everywhere the request is told', async () => {
    // In the ack when the person's language is known already, else on the response_url.
    const refusal = async (ack: Awaited<ReturnType<typeof h.driver.command>>) =>
      String((await h.driver.answerTo(ack))['text']);
    // Left out where a form can open: the form, filled in with what was typed, its Reason marked missing.
    const before = h.slack.views.size;
    const none = await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    await eventually(() => h.slack.callsOf('views.open').find((c) => c.args['trigger_id'] === none.triggerId));
    const form = await newestForm(before);
    await eventually(() =>
      JSON.stringify(h.driver.view(form)).includes("Missing: this target's policy needs a reason."),
    );
    expect(JSON.stringify(h.driver.view(form))).toContain('"initial_value":"job-aaaa1111"');
    const empty = await h.driver.submitView(form, {}, ALICE);
    expect((empty.json as { errors: Record<string, string> }).errors['reason']).toMatch(/needs a reason/);
    const off = await h.driver.command('batch-gz job_ids=job-aaaa1111 reason="db down"', ALICE);
    expect(await refusal(off)).toMatch(/must be an incident reference/);
    expect(h.slack.messagesIn('C0INCIDENT')).toHaveLength(0);

    await h.driver.command('batch-gz job_ids=job-aaaa1111 reason="INC-42 <!channel> db down"', ALICE);
    const msg = await approvalFor('C0INCIDENT', 'job-aaaa1111');
    const id = idOf(msg);
    // Shown in the request, typed markup inert.
    expect(FakeSlack.textOf(msg)).toContain('Reason: INC-42 &lt;!channel&gt; db down');
    expect((await h.store.auditOf(id)).find((a) => a.event === 'requested')?.detail).toMatchObject({
      reason: 'INC-42 <!channel> db down',
    });
    expect((await h.store.get(id))?.policy).toMatchObject({
      name: 'default',
      requireReason: true,
      reasonPattern: '^INC-\\d+',
    });

    await h.driver.click(msg, 'rerun_approve', BOB);
    // The requester's message and the final reply say why.
    const dm = await eventually(() => h.slack.messagesIn('U0ALICE').find((m) => m.text.includes('approved by')));
    expect(dm.text).toContain('Reason: INC-42 &lt;!channel&gt; db down');
    emu.finish('job-aaaa1111', 'SUCCEED');
    const final = await eventually(() =>
      h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts && m.text.includes('succeeded')),
    );
    expect(final.text).toContain('Reason: INC-42');
    const history = await h.driver.command('history', ALICE);
    const said = await eventually(() => h.driver.responsesTo(history.responseId).at(-1));
    expect(JSON.stringify(said)).toContain('reason: INC-42');
  });

  it('in the form: a Reason field, its problem next to it, the request carrying it', async () => {
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    await eventually(() => JSON.stringify(h.driver.view(viewId)).includes('"block_id":"reason"'));
    expect(JSON.stringify(h.driver.view(viewId))).toContain('Required: an incident reference matching');
    const bad = await h.driver.submitView(viewId, { 'f:job_ids': 'job-bbbb2222', reason: 'because' }, ALICE);
    expect((bad.json as { errors: Record<string, string> }).errors['reason']).toMatch(/incident reference/);
    await h.driver.submitView(viewId, { 'f:job_ids': 'job-bbbb2222', reason: 'INC-7' }, ALICE);
    const msg = await approvalFor('C0INCIDENT', 'job-bbbb2222');
    expect(FakeSlack.textOf(msg)).toContain('Reason: INC-7');
  });

  it("in an alert's thread: prefilled with the captured incident reference and the alert's link, or its title", async () => {
    const { ts } = await h.driver.say(CH, {
      user: 'U0MONITOR',
      text: 'INC-314: Batch job job-cccc3333 failed at 03:00',
    });
    const reply = await eventually(() => h.slack.messagesIn(CH).find((m) => m.thread_ts === ts));
    const before = h.slack.views.size;
    await h.driver.click(reply, 'rerun_alert', ALICE);
    const viewId = await newestForm(before);
    const link = `https://fake.slack.test/archives/${CH}/p${ts.replace('.', '')}`;
    await eventually(() => JSON.stringify(h.driver.view(viewId)).includes(`"initial_value":"INC-314 ${link}"`));
    // The alert itself meets the pattern: nothing to type.
    await h.driver.submitView(viewId, {}, ALICE);
    const msg = await eventually(() =>
      h.slack.messagesIn(CH).find((m) => m.thread_ts === ts && FakeSlack.textOf(m).includes('Rerun request')),
    );
    expect(FakeSlack.textOf(msg)).toContain(`Reason: INC-314 ${link}`);

    // A rule without the group: the alert's title and link, to be completed by the person.
    const other = await h.driver.say(CH, {
      user: 'U0MONITOR',
      text: 'Batch job job-dddd4444 failed at 04:00\nrunbook: none',
    });
    const second = await eventually(() => h.slack.messagesIn(CH).find((m) => m.thread_ts === other.ts));
    const at = h.slack.views.size;
    await h.driver.click(second, 'rerun_alert', ALICE);
    const form = await newestForm(at);
    await eventually(() =>
      JSON.stringify(h.driver.view(form)).includes('"initial_value":"Batch job job-dddd4444 failed at 04:00 https://'),
    );
    const refused = await h.driver.submitView(form, {}, ALICE);
    expect((refused.json as { errors: Record<string, string> }).errors['reason']).toMatch(/incident reference/);
  });
});
