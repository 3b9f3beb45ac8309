/**
 * The whole Tencent Batch flow over real HTTP: signed /rerun → approval message with the
 * DescribeJobs preview → Approve → one TC3-signed RetryJobs → the same message updated.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };

describe('Tencent Batch end to end', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s' } }],
      rest: PEER_POLICIES,
      jobs: [
        ['job-rybewp57', 'FAILED', 'nightly-etl'],
        ['job-97zcl3wt', 'FAILED', 'hourly-agg'],
        ['job-running1', 'RUNNING', 'still-going'],
      ],
      // Follow-up polls come quickly here (the schedule itself is tested in test/core/follow.test.ts).
      follow: { tickMs: 100, firstMs: [200, 300], everyMs: 500 },
    }));
  });
  afterEach(() => close());

  const approvalMessage = () =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));

  it('carries /rerun text to one signed RetryJobs call and updates the same message', async () => {
    const ack = await h.driver.command('batch-gz job_ids=job-rybewp57,job-97zcl3wt', ALICE);
    expect(ack.status).toBe(200);
    expect((await h.driver.answerTo(ack))['response_type']).toBe('ephemeral');

    const msg = await approvalMessage();
    const text = FakeSlack.textOf(msg);
    expect(text).toContain('<@U0ALICE>');
    expect(text).toContain('batch-gz');
    expect(text).toContain('job-rybewp57');
    expect(text).toMatch(/FAILED/);
    expect(text).toContain('X-TC-Action: RetryJobs');
    expect(text).toContain('{\\"JobIds\\":[\\"job-rybewp57\\",\\"job-97zcl3wt\\"]}');
    expect(text).not.toContain(TENCENT_CREDS.secretKey);
    expect(text).toMatch(/Policy \*peer\*/);
    expect(JSON.stringify(msg.blocks)).toContain('rerun_approve');

    const click = await h.driver.click(msg, 'rerun_approve', BOB);
    expect(click.status).toBe(200);
    await eventually(() => emu.retryCalls.length === 1);
    const final = await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-rybewp57', 'job-97zcl3wt']]);
    expect(emu.authFailures).toBe(0);
    const finalText = FakeSlack.textOf(final);
    expect(finalText).toContain('Approved by <@U0BOB>');
    expect(finalText).toMatch(/request id/);
    expect(finalText).not.toContain('rerun_approve');
    // Every update went to the same message: one post, then updates (sending, outcome).
    // (besides the one direct message telling the requester that a peer approved and how it went).
    await eventually(() => h.slack.callsOf('chat.postMessage').some((c) => c.args['channel'] === ALICE.user));
    const posts = h.slack.callsOf('chat.postMessage');
    expect(posts.filter((c) => c.args['channel'] !== ALICE.user)).toHaveLength(1);
    expect(posts.filter((c) => c.args['channel'] === ALICE.user)).toHaveLength(1);
    const updates = h.slack.callsOf('chat.update').map((c) => String(c.args['text']));
    expect(updates.some((t) => t.includes('sending'))).toBe(true);
    expect(emu.jobs.get('job-rybewp57')?.JobState).toBe('RUNNABLE');

    const status = await h.driver.command(`status ${final.text.match(/rr-[0-9a-f]+/)?.[0]}`, ALICE);
    const answer = await eventually(() => h.driver.responsesTo(status.responseId)[0]);
    // The call was accepted; the job still runs: nothing here may call it succeeded.
    expect(JSON.stringify(answer)).toContain('accepted by the provider');
    expect(JSON.stringify(answer)).not.toContain('succeeded');
    expect(JSON.stringify(answer)).toContain('RUNNABLE');
  });

  it('follows the accepted retry to its final state: one reply in the approval message thread', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    emu.finish('job-rybewp57', 'SUCCEED');
    // The first poll is a few seconds after acceptance; the reply goes under the approval message.
    const reply = await eventually(
      () => h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts && m.text.includes('succeeded')),
      15_000,
    );
    expect(reply.text).toContain('job-rybewp57');
    expect(reply.text).toContain('SUCCEED');
    // The approval message itself shows the final state in place.
    await eventually(() => {
      const m = h.slack.messages.get(msg.ts);
      return m && FakeSlack.textOf(m).includes('the job succeeded');
    });
    // Exactly one reply, however many polls and sweeps follow: the bot idle (every due poll,
    // sweep and reply done) three times over.
    for (let round = 0; round < 3; round++) await h.bot.idle();
    expect(h.slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === msg.ts)).toHaveLength(1);
  }, 30_000);

  it('refuses self-approval under peer and changes nothing', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    await h.driver.click(msg, 'rerun_approve', ALICE);
    const eph = await eventually(() => h.slack.callsOf('chat.postEphemeral')[0]);
    expect(eph.args['user']).toBe('U0ALICE');
    expect(String(eph.args['text'])).toMatch(/needs someone else/);
    expect(emu.retryCalls).toHaveLength(0);
    expect(h.slack.callsOf('chat.update')).toHaveLength(0);
  });

  it('sends one call for a double Approve', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    const clicks = await Promise.all([
      h.driver.click(msg, 'rerun_approve', BOB),
      h.driver.click(msg, 'rerun_approve', BOB),
      h.driver.click(msg, 'rerun_approve', { user: 'U0CAROL' }),
    ]);
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu.retryCalls).toHaveLength(1);
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(1);
    const refusals = await eventually(() =>
      h.slack.callsOf('chat.postEphemeral').length >= 2 ? h.slack.callsOf('chat.postEphemeral') : undefined,
    );
    expect(refusals.map((c) => String(c.args['text'])).join(' ')).toMatch(/already|once/);
  });

  it('refuses a job that is not FAILED before anything is sent, and lists it', async () => {
    const ack = await h.driver.command('batch-gz job_ids=job-running1', ALICE);
    const reply = await eventually(() => h.driver.responsesTo(ack.responseId)[0]);
    expect(String(reply['text']).replace(/`/g, '')).toMatch(/job-running1: RUNNING/);
    expect(String(reply['text']).replace(/`/g, '')).toMatch(/only FAILED jobs/);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(0);
  });

  it('sends only the FAILED jobs of a mixed request and shows the refused one', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57,job-running1', ALICE);
    const msg = await approvalMessage();
    expect(FakeSlack.wordsOf(msg)).toMatch(/job-running1.*refused: only FAILED/);
    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(() => emu.retryCalls.length === 1);
    expect(emu.retryCalls[0]).toEqual(['job-rybewp57']);
  });

  it('reports a provider error code with its request id as a sentence', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    emu.failNextRetry('UnauthorizedOperation.UserNotAllowedToUseBatch', 'not allowed');
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, 'Refused');
    const text = FakeSlack.textOf(final);
    expect(text).toContain('UnauthorizedOperation.UserNotAllowedToUseBatch');
    expect(FakeSlack.wordsOf(final)).toMatch(/grant it batch:RetryJobs/);
    expect(text).toMatch(/request id `[0-9a-f-]{36}`/);
  });

  it('reports a provider timeout as outcome unknown and never resends', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    emu.inject({ fault: { kind: 'hang' }, match: (r) => r.headers['x-tc-action'] === 'RetryJobs' });
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, 'Outcome unknown', 10_000);
    expect(FakeSlack.textOf(final)).toMatch(/will not be sent again/);
    expect(FakeSlack.wordsOf(final)).toMatch(/State read just now: job-rybewp57: FAILED/);
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(1);
  });

  it('lets the requester cancel, and Reject by a peer closes the request', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const first = await approvalMessage();
    await h.driver.click(first, 'rerun_cancel', BOB);
    const eph = await eventually(() => h.slack.callsOf('chat.postEphemeral')[0]);
    expect(String(eph.args['text'])).toMatch(/Only the person who asked can cancel/);
    await h.driver.click(first, 'rerun_cancel', ALICE);
    await messageSaying(h.slack, first.ts, 'Cancelled');

    await h.driver.command('batch-gz job_ids=job-97zcl3wt', ALICE);
    const second = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.ts !== first.ts));
    await h.driver.click(second, 'rerun_reject', BOB);
    await messageSaying(h.slack, second.ts, 'Rejected');
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('splits a bulk request into calls of 100, paced at 2 per second, within Block Kit limits', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `job-bulk${String(i).padStart(4, '0')}`);
    for (const id of ids) emu.addJob(id, 'FAILED');
    await h.driver.command(`batch-gz job_ids=${ids.join(',')}`, ALICE);
    const msg = await approvalMessage();
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    // As many item lines as fit in one section, then the count of the rest: all 250 are accounted for.
    const words = FakeSlack.wordsOf(msg);
    const shown = words.match(/• job-bulk\d{4} /g)?.length ?? 0;
    const more = Number(/…and (\d+) more/.exec(words)?.[1]);
    expect(shown).toBeGreaterThanOrEqual(10);
    expect(shown + more).toBe(250);
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted', 15_000);
    expect(emu.retryCalls.map((c) => c.length)).toEqual([100, 100, 50]);
    // The emulator enforces the documented 2 requests/s: the adapter's pacing earned no throttling answer.
    const retries = emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs');
    expect(retries).toHaveLength(3);
  });

  it('reads the state again before sending, and sends nothing when the job is no longer FAILED', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    (emu.jobs.get('job-rybewp57') as { JobState: string }).JobState = 'RUNNING';
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, 'Not sent');
    // The reason is one line, the item that changed another: each says its own part.
    expect(FakeSlack.wordsOf(final)).toMatch(/state changed since the request was made, so nothing was sent/);
    expect(FakeSlack.wordsOf(final)).toMatch(
      /job-rybewp57 refused: only FAILED jobs can be retried; this one is RUNNING/,
    );
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs')).toHaveLength(0);
  });

  it('refuses a second open request for the same job', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const first = await approvalMessage();
    const again = await h.driver.command('batch-gz job_ids=job-rybewp57,job-97zcl3wt', BOB);
    const reply = await eventually(() =>
      h.driver.responsesTo(again.responseId).find((r) => String(r['text']).includes('already in request')),
    );
    expect(String(reply['text'])).toContain(first.text.match(/rr-[0-9a-f]+/)?.[0] as string);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('escapes mentions and links in what a provider answers', async () => {
    await h.driver.command('batch-gz job_ids=job-rybewp57', ALICE);
    const msg = await approvalMessage();
    emu.failNextRetry('InvalidParameter', '<!channel> see <https://evil.example|the fix> & <@U0BOSS>');
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, 'Refused');
    const text = FakeSlack.textOf(final);
    expect(text).toContain('&lt;!channel&gt; see &lt;https://evil.example|the fix&gt; &amp; &lt;@U0BOSS&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
  });
});
