/**
 * The local console, in-process: lines on standard input, the approval request and its updates
 * as text on standard output, against the built-in emulators started by the console itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/console/start.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { captureLogger } from '../support/logs.ts';

const CJK = /[\u4e00-\u9fff]/;

/** The demo's jobs run about a second and are polled often, so a session sees their end quickly. */
const DEMO_PACE = {
  demoRunMs: 1_000,
  follow: { tickMs: 50, firstMs: [100, 300], everyMs: 300 },
  quitWaitMs: 20_000,
};

/** Feeds `lines` to a console (the demo configuration unless a file is given) and returns what it printed. */
async function session(lines: string[], locale: 'en' | 'zh-CN' = 'en', configFile?: string): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString()));
  // The demo keeps its state in a throwaway store of its own; a config file's is kept in a directory
  // of this session's (never one an earlier run left behind).
  const dataDir = configFile
    ? mkdtempSync(join(tmpdir(), 'rerun-console-data-'))
    : '/nonexistent-because-the-demo-uses-a-throwaway-store';
  const done = runConsole({
    input,
    output,
    configFile,
    env: {},
    dataDir,
    locale,
    clock: { now: () => new Date() },
    logger: captureLogger().logger,
    http: createHttpClient(),
    timing: FAST_TIMING,
    ...DEMO_PACE,
  });
  for (const line of lines) input.write(line + '\n');
  input.end();
  await done;
  if (configFile) rmSync(dataDir, { recursive: true, force: true });
  return printed;
}

const requestId = (out: string) => /Rerun request (rr-[0-9a-f]+)/.exec(out)?.[1];

describe('the local console', () => {
  it('takes a request to a peer approval and the outcome, against the emulators, under peer', async () => {
    const out = await session([
      '/rerun batch-gz job_ids=job-rybewp57,job-97zcl3wt',
      'approve',
      'as bob',
      'approve',
      'status',
    ]);
    expect(out).toMatch(/Targets: .*batch-gz.*dlf-prod|Targets: .*dlf-prod.*batch-gz/);
    const id = requestId(out);
    expect(id).toBeDefined();
    expect(out).toContain('alice asks to rerun on batch-gz');
    expect(out).toContain('This target runs against a built-in emulator');
    expect(out).toMatch(/job-rybewp57 .*FAILED.* → will be sent/);
    // alice approving her own request is refused, with the same words as in Slack
    expect(out).toContain('You asked for this rerun, and the peer policy needs someone else to approve it');
    expect(out).toContain('You are now bob.');
    expect(out).toMatch(/Approved by bob/);
    expect(out).toContain('Accepted by the provider');
    expect(out).toMatch(/request id [0-9a-f-]{8,}/);
    // `status` without an id reads the latest request, with the job's live state from the emulator
    expect(out).toMatch(new RegExp(`${id} on batch-gz: (approved by bob — sending|accepted by the provider)`));
    expect(out).toContain('Current state');
    // the end of input waited for the call under way, then left
    expect(out.indexOf('Accepted by the provider')).toBeLessThan(out.indexOf('Bye.'));
  });

  it('runs every README example of the demo targets as typed', async () => {
    const out = await session([
      'dlf-prod job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
      'ehpc-hz jobs=1.scheduler,2.scheduler async=true',
      'ocp-main task=100 subtask=1000',
      'history',
    ]);
    expect(out).toContain('alice asks to rerun on dlf-prod');
    expect(out).toContain('alice asks to rerun on ehpc-hz');
    expect(out).toContain('alice asks to rerun on ocp-main');
    expect(out).not.toMatch(/Nothing to rerun|problems|Could not read/);
    expect(out).toContain('The last 3 rerun requests');
  });

  it('answers bad lines with what to type instead, and rejects and cancels by id', async () => {
    const out = await session([
      'dance',
      'batch-gz jobz=job-rybewp57',
      'batch-gz',
      'nope job_ids=x',
      'approve',
      'batch-gz job_ids=job-rybewp57',
      'as carol',
      'cancel',
      'reject',
      'status rr-00000000',
    ]);
    expect(out).toContain('No target named dance');
    expect(out).toContain('jobz is not a parameter of Tencent Cloud Batch');
    expect(out).toContain('job_ids is missing; the console has no form');
    expect(out).toContain('No target named nope');
    expect(out).toContain('There is no request yet');
    expect(out).toContain('Only the person who asked can cancel this request.');
    expect(out).toMatch(/Rejected by carol/);
    expect(out).toContain('No request rr-00000000');
  });

  it('runs a configured target that has no credentials against its emulator, under its own policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-console-'));
    const file = join(dir, 'rerun.yml');
    writeFileSync(
      file,
      'targets:\n  team-batch:\n    provider: tencent-batch\n    region: ap-guangzhou\npolicies:\n  default:\n    approval: confirm\n',
    );
    try {
      const out = await session(['team-batch job_ids=job-97zcl3wt', 'approve'], 'en', file);
      expect(out).toContain('Targets: team-batch.');
      expect(out).toContain('Built-in emulators serve team-batch');
      expect(out).toContain('This target runs against a built-in emulator');
      // under confirm, the requester's own click counts
      expect(out).toMatch(/Approved by alice/);
      expect(out).toContain('Accepted by the provider');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('speaks Simplified Chinese when the terminal does', async () => {
    const out = await session(['batch-gz job_ids=job-rybewp57', 'approve'], 'zh-CN');
    expect(out).toContain('申请在 batch-gz');
    expect(out).toContain('失败 (FAILED)');
    expect(out).toContain('这是您自己发起的重跑请求');
    expect(out).toContain('此目标连接的是内置模拟器');
    expect(out).not.toMatch(/asks to rerun|Waiting for approval|You asked/);
    expect(CJK.test(out)).toBe(true);
  });
});
