/**
 * /metrics on the bot's own port, read after real flows over HTTP (signed Slack requests, the
 * Tencent emulator, the fake Slack): the per-target counters, the provider latency histogram,
 * the Slack and store metrics move, and no secret, person, job or channel appears in the text.
 * In Socket Mode the same route answers on the port of /healthz.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { BOT_TOKEN, SIGNING_SECRET, type Harness } from '../support/harness.ts';
import { scrape } from '../support/metrics.ts';
import { freePort } from '../support/ports.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const TARGET = { target: 'batch-gz' };
const JOB = 'job-rybewp57';

/** Nothing secret or personal, nor anything typed, may be a label value or appear anywhere. */
const FORBIDDEN = [...Object.values(TENCENT_CREDS), SIGNING_SECRET, BOT_TOKEN, 'U0ALICE', 'U0BOB', JOB, 'C0INCIDENT'];

describe('/metrics in HTTP mode', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;
  const metrics = () => scrape(h.driver.botUrl);
  const approvalMessage = () =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));

  beforeEach(async () => {
    ({ emu, h, close } = await startTencentBot({
      secrets: 'env',
      targets: [{ id: 'batch-gz', with: { timeout: '2s' } }],
      rest: PEER_POLICIES,
      jobs: [[JOB, 'FAILED', 'nightly-etl']],
      follow: { tickMs: 100, firstMs: [300], everyMs: 300 },
    }));
  });
  afterEach(() => close());

  it('moves the per-target counters and the provider histogram through a flow, with no secret in it', async () => {
    const before = await metrics();
    expect(before.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(before.sum('rerun_requests_total', TARGET)).toBe(0);

    // Slack's own trouble on the way: an error on users.info, a 429 on chat.update.
    h.slack.failNext('users.info', { error: 'user_not_found' });
    h.slack.failNext('chat.update', { status: 429, retryAfter: 0 });
    await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalMessage();
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    const accepted = await eventually(async () => {
      const m = await metrics();
      return m.sum('rerun_followups_active') === 1 ? m : undefined;
    });
    emu.finish(JOB, 'SUCCEED');
    await eventually(
      () => h.slack.messagesIn('C0INCIDENT').find((m) => m.thread_ts === msg.ts && m.text.includes('succeeded')),
      10_000,
    );
    const after = await eventually(async () => {
      const m = await metrics();
      return m.sum('rerun_followups_active') === 0 ? m : undefined;
    });
    const moved = (name: string, labels: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);

    // Requests by target, state and outcome.
    expect(moved('rerun_requests_total', TARGET)).toBe(1);
    expect(moved('rerun_request_transitions_total', { ...TARGET, state: 'sending' })).toBe(1);
    expect(moved('rerun_request_transitions_total', { ...TARGET, state: 'accepted' })).toBe(1);
    expect(moved('rerun_job_ends_total', { ...TARGET, end: 'succeeded' })).toBe(1);
    expect(moved('rerun_call_outcomes_total', { ...TARGET, outcome: 'accepted' })).toBe(1);
    expect(moved('rerun_approval_latency_seconds_count', { ...TARGET, decision: 'approve' })).toBe(1);
    expect(after.sum('rerun_approval_latency_seconds_sum', TARGET)).toBeGreaterThan(0);

    // The provider's latency histogram, per operation and outcome.
    const tencent = { provider: 'tencent-batch', ...TARGET };
    // Two previews: one when asked, and the re-check just before sending (approval came later).
    expect(
      moved('rerun_provider_call_duration_seconds_count', { ...tencent, operation: 'preview', outcome: 'ok' }),
    ).toBe(2);
    expect(
      moved('rerun_provider_call_duration_seconds_count', { ...tencent, operation: 'rerun', outcome: 'accepted' }),
    ).toBe(1);
    // Follow-ups read their status together, one measure per batched read.
    expect(
      moved('rerun_provider_call_duration_seconds_count', { ...tencent, operation: 'status-many' }),
    ).toBeGreaterThan(0);
    expect(moved('rerun_provider_call_duration_seconds_bucket', { ...tencent, operation: 'rerun', le: '+Inf' })).toBe(
      1,
    );
    expect(after.sum('rerun_provider_call_duration_seconds_sum', { ...tencent, operation: 'preview' })).toBeGreaterThan(
      0,
    );
    expect(after.sum('rerun_provider_errors_total', tencent)).toBe(0);
    // The use of each allowance: slots taken per target and operation, and the pace they were taken at.
    const slots = (operation: string, priority: string) =>
      moved('rerun_provider_pace_slots_total', { ...TARGET, operation, priority });
    expect(slots('RetryJobs', 'rerun')).toBe(1);
    expect(slots('DescribeJobs', 'person')).toBe(1); // the preview when asked
    expect(slots('DescribeJobs', 'rerun')).toBe(1); // the re-check just before sending
    expect(slots('DescribeJobs', 'background')).toBeGreaterThan(0); // follow-up polls
    // Batch's 2 calls a second for each, less the 4% headroom.
    expect(after.sum('rerun_provider_pace_allowance_per_second', { ...TARGET, operation: 'DescribeJobs' })).toBeCloseTo(
      1000 / 520,
    );

    // Follow-ups: one was running after acceptance, none now, and each poll's lag was measured.
    expect(accepted.sum('rerun_followups_active')).toBe(1);
    expect(moved('rerun_followup_lag_seconds_count', TARGET)).toBeGreaterThan(0);

    // Slack calls, errors and 429s by method.
    expect(moved('rerun_slack_api_calls_total', { method: 'chat.postMessage' })).toBeGreaterThanOrEqual(2);
    expect(moved('rerun_slack_api_calls_total', { method: 'chat.update' })).toBeGreaterThan(0);
    expect(moved('rerun_slack_api_errors_total', { method: 'users.info', error: 'user_not_found' })).toBe(1);
    expect(moved('rerun_slack_api_rate_limited_total', { method: 'chat.update' })).toBe(1);
    expect(after.has('rerun_slack_api_call_duration_seconds_bucket')).toBe(true);

    // The store, the reply queue and the process.
    expect(
      moved('rerun_store_operation_duration_seconds_count', { operation: 'transition', outcome: 'ok' }),
    ).toBeGreaterThan(0);
    expect(after.sum('rerun_reply_queue_depth')).toBe(0);
    expect(after.has('process_cpu_user_seconds_total')).toBe(true);
    expect(after.has('nodejs_heap_size_used_bytes')).toBe(true);

    for (const word of FORBIDDEN) expect(after.text).not.toContain(word);
    expect(after.labelValues('target')).toEqual(new Set(['batch-gz']));
  }, 30_000);

  it("counts a refused rerun by the provider's code, and an untrusted code as `other`", async () => {
    const codes = ['UnauthorizedOperation.UserNotAllowedToUseBatch', 'Bad code <@U0BOSS> job-rybewp57'];
    for (const code of codes) {
      await h.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
      const msg = await eventually(() =>
        h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request') && !m.text.includes('Refused')),
      );
      emu.failNextRetry(code, 'not allowed');
      await h.driver.click(msg, 'rerun_approve', BOB);
      await messageSaying(h.slack, msg.ts, 'Refused');
    }
    const m = await metrics();
    const rerun = { provider: 'tencent-batch', ...TARGET, operation: 'rerun' };
    expect(m.sum('rerun_provider_errors_total', { ...rerun, code: codes[0] as string })).toBe(1);
    expect(m.sum('rerun_provider_errors_total', { ...rerun, code: 'other' })).toBe(1);
    expect(m.sum('rerun_provider_call_duration_seconds_count', { ...rerun, outcome: 'rejected' })).toBe(2);
    expect(m.sum('rerun_call_outcomes_total', { ...TARGET, outcome: 'refused' })).toBe(2);
    expect(m.sum('rerun_request_transitions_total', { ...TARGET, state: 'refused' })).toBe(2);
    expect(m.text).not.toContain('U0BOSS');
    for (const word of FORBIDDEN) expect(m.text).not.toContain(word);
  }, 30_000);
});

// Socket Mode's HTTP server (Bolt's, for custom routes) does not report the port it got: pick one.
describe('/metrics in Socket Mode', () => {
  let h: Harness;
  let close: () => Promise<void>;
  let port: number;

  beforeEach(async () => {
    port = await freePort();
    ({ h, close } = await startTencentBot({
      env: { SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_SIGNING_SECRET: '', PORT: String(port) },
    }));
    await eventually(() => h.slack.socketConnected);
  });
  afterEach(() => close());

  it('answers /metrics beside /healthz, with the app token nowhere in it', async () => {
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const m = await scrape(base);
    expect(m.contentType).toMatch(/^text\/plain/);
    expect(m.text).toContain('# TYPE rerun_requests_total counter');
    expect(m.text).toContain('# TYPE rerun_provider_call_duration_seconds histogram');
    expect(m.has('process_cpu_user_seconds_total')).toBe(true);
    expect(m.text).not.toContain('xapp-fake-app-token');
    expect(m.text).not.toContain(TENCENT_CREDS.secretKey);
  });
});
