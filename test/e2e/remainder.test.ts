/**
 * The refused remainder over real HTTP (docs/SPEC.md §4, Bulk: "a partial failure offers a rerun of
 * just the refused remainder"): a bulk Tencent request some of whose jobs are refused at sending
 * shows "Rerun the N remaining…"; the click opens the form filled in with exactly those jobs, and
 * its approval request goes in the thread of the original. An unknown outcome offers nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { formContext } from '../support/form-context.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
const CH = 'C0INCIDENT';
const JOBS = ['job-rybewp57', 'job-97zcl3wt', 'job-4kq8d2mn'];

describe('Rerun the N remaining…', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s' } }],
      rest: PEER_POLICIES,
      jobs: JOBS.map((id) => [id, 'FAILED']),
    }));
  });
  afterEach(() => close());

  const offersRemainder = (m: Message | undefined) => !!m && JSON.stringify(m.blocks).includes('rerun_remainder');
  const setState = (id: string, state: string) => {
    const job = emu.jobs.get(id);
    if (!job) throw new Error(`no job ${id}`);
    job.JobState = state;
  };

  /** Asks for every job as Alice; returns the approval message. */
  async function askAll(): Promise<Message> {
    await h.driver.command(`batch-gz job_ids=${JOBS.join(',')}`, ALICE);
    return eventually(() => h.slack.messagesIn(CH).find((m) => m.text.includes('Rerun request')));
  }

  it('offers exactly the refused jobs, prefilled in the form, and asks for them in the same thread', async () => {
    const approval = await askAll();
    // Two jobs left FAILED between the preview and the approval: the check before sending refuses them.
    setState('job-97zcl3wt', 'RUNNING');
    setState('job-4kq8d2mn', 'SUCCEED');
    await h.driver.click(approval, 'rerun_approve', BOB);
    const partial = await messageSaying(h.slack, approval.ts, 'Partly accepted');
    expect(emu.retryCalls).toEqual([['job-rybewp57']]);
    expect(offersRemainder(partial)).toBe(true);
    expect(JSON.stringify(partial.blocks)).toContain('Rerun the 2 remaining…');

    // The jobs are FAILED again by the time someone (not the requester) takes the offer.
    setState('job-97zcl3wt', 'FAILED');
    setState('job-4kq8d2mn', 'FAILED');
    const opened = h.slack.views.size;
    expect((await h.driver.click(partial, 'rerun_remainder', CAROL)).status).toBe(200);
    const viewId = await eventually(
      () =>
        h.slack.views.size > opened &&
        [...h.slack.views.entries()].reverse().find(([, v]) => JSON.stringify(v).includes('f:job_ids'))?.[0],
    );
    const view = h.driver.view(viewId);
    expect(JSON.stringify(view['blocks'])).toContain('"initial_value":"job-97zcl3wt,job-4kq8d2mn"');
    expect(formContext(view, CAROL.user)).toMatchObject({
      channel: CH,
      threadTs: approval.ts,
      targetId: 'batch-gz',
    });

    expect((await h.driver.submitView(viewId, {}, CAROL)).status).toBe(200);
    const second = await eventually(() =>
      h.slack.messagesIn(CH).find((m) => m.ts !== approval.ts && m.text.includes('Rerun request')),
    );
    expect(second.thread_ts).toBe(approval.ts);
    expect(second.text).toContain('U0CAROL');
    expect(FakeSlack.textOf(second)).toContain('{\\"JobIds\\":[\\"job-97zcl3wt\\",\\"job-4kq8d2mn\\"]}');

    await h.driver.click(second, 'rerun_approve', BOB);
    await messageSaying(h.slack, second.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-rybewp57'], ['job-97zcl3wt', 'job-4kq8d2mn']]);
    expect(offersRemainder(h.slack.messages.get(second.ts))).toBe(false);
  });

  it('offers nothing after an unknown outcome, even for a job the check refused', async () => {
    const approval = await askAll();
    setState('job-4kq8d2mn', 'RUNNING');
    // The connection drops once RetryJobs has been sent: whether Batch took it is unknown.
    emu.inject({ fault: { kind: 'reset' }, match: (r) => r.headers['x-tc-action'] === 'RetryJobs', times: 1 });
    await h.driver.click(approval, 'rerun_approve', BOB);
    const unknown = await messageSaying(h.slack, approval.ts, 'Outcome unknown');
    expect(offersRemainder(unknown)).toBe(false);
    expect(JSON.stringify(unknown.blocks)).not.toContain('remaining');
  });

  it('answers a remainder click from another channel as a stale button and opens no form', async () => {
    const approval = await askAll();
    setState('job-97zcl3wt', 'RUNNING');
    await h.driver.click(approval, 'rerun_approve', BOB);
    const partial = await eventually(() => {
      const m = h.slack.messages.get(approval.ts);
      return offersRemainder(m) && m;
    });
    const opened = h.slack.callsOf('views.open').length;
    await h.driver.click({ ...partial, channel: 'C0ELSEWHERE' }, 'rerun_remainder', CAROL);
    const eph = await eventually(() => h.slack.callsOf('chat.postEphemeral')[0]);
    expect(String(eph.args['text'])).toMatch(/does not belong to this message/);
    expect(h.slack.callsOf('views.open')).toHaveLength(opened);
  });
});
