/**
 * The bot as a black box: `npm start` with only environment variables, against the fake
 * Slack and the Tencent emulator; then restarts, with a pending request and with a call in
 * flight when the process died.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { killBot, spawnBot, startBotProcess } from '../support/child-bot.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying, SlackDriver } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { SIGNING_SECRET, childBotEnv } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';

describe('npm start as a black box', () => {
  let slack: FakeSlack;
  let emu: TencentEmulator;
  let dir: string;
  let env: Record<string, string>;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 100;
    for (const id of ['job-blackbx1', 'job-restart1', 'job-inflight']) emu.addJob(id, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-proc-'));
    writeFileSync(
      join(dir, 'rerun.yml'),
      `targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n    endpoint: ${emu.url}\n    timeout: 2s\n    auth: { secretId: "\${TC_SECRET_ID}", secretKey: "\${TC_SECRET_KEY}" }\n`,
    );
    const port = await freePort();
    env = {
      ...childBotEnv(slack.apiUrl, port, dir),
      TC_SECRET_ID: TENCENT_CREDS.secretId,
      TC_SECRET_KEY: TENCENT_CREDS.secretKey,
      LOG_LEVEL: 'info',
      // A killed process's call is taken over when its lease runs out: short here.
      RERUN_LEASE_MS: '1000',
      RERUN_SWEEP_MS: '200',
    };
    driver = new SlackDriver(`http://127.0.0.1:${port}`, SIGNING_SECRET, slack);
  });
  afterAll(async () => {
    await slack.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const started = () => startBotProcess(env, { npm: true });

  const messageAbout = (job: string) =>
    eventually(() => slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)));

  it('carries /rerun to one signed RetryJobs call and an updated message, and never logs a secret', async () => {
    const bot = await started();
    try {
      await driver.command('batch-gz job_ids=job-blackbx1', { user: 'U0ALICE' });
      const msg = await messageAbout('job-blackbx1');
      await driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
      await messageSaying(slack, msg.ts, 'Accepted');
      expect(emu.retryCalls).toEqual([['job-blackbx1']]);
      expect(emu.authFailures).toBe(0);
    } finally {
      await killBot(bot, 'SIGTERM');
    }
    expect(bot.output()).toContain('"msg":"stopping"');
    expect(bot.output()).toContain('rerun-bot started');
    expect(bot.output()).not.toContain(TENCENT_CREDS.secretKey);
    expect(bot.output()).not.toContain(SIGNING_SECRET);
  });

  it('keeps a pending request across a restart, and it can still be approved', async () => {
    const first = await started();
    await driver.command('batch-gz job_ids=job-restart1', { user: 'U0ALICE' });
    const msg = await messageAbout('job-restart1');
    await killBot(first, 'SIGTERM');
    const second = await started();
    try {
      await driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
      await messageSaying(slack, msg.ts, 'Accepted');
      expect(emu.retryCalls.filter((c) => c.includes('job-restart1'))).toHaveLength(1);
    } finally {
      await killBot(second, 'SIGTERM');
    }
  });

  it('marks a call in flight when the process died as outcome unknown and never resends it', async () => {
    const first = await started();
    await driver.command('batch-gz job_ids=job-inflight', { user: 'U0ALICE' });
    const msg = await messageAbout('job-inflight');
    emu.inject({ fault: { kind: 'hang' }, match: (r) => r.headers['x-tc-action'] === 'RetryJobs' });
    await driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await eventually(() =>
      emu.requests.some((r) => r.headers['x-tc-action'] === 'RetryJobs' && r.body.includes('job-inflight')),
    );
    await killBot(first, 'SIGKILL');
    const second = await started();
    try {
      const final = await eventually(() => {
        const m = slack.messages.get(msg.ts);
        return m && m.text.includes('Outcome unknown') ? m : undefined;
      });
      expect(FakeSlack.textOf(final)).toMatch(/bot restarted while the call was in flight/);
      expect(
        emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs' && r.body.includes('job-inflight')),
      ).toHaveLength(1);
    } finally {
      await killBot(second, 'SIGTERM');
    }
  });

  it('refuses to start on a bad config file, listing every problem', async () => {
    writeFileSync(
      join(dir, 'bad.yml'),
      'targets:\n  batch-gz:\n    provider: tencent-batch\n    auth: { secretId: x }\n',
    );
    const bot = spawnBot({ ...env, RERUN_CONFIG: join(dir, 'bad.yml') }, { npm: true });
    expect(await bot.exited).not.toBe(0);
    expect(bot.output()).toContain('targets.batch-gz.region: required');
    expect(bot.output()).toContain('targets.batch-gz.auth.secretKey: required');
  });
}, 120_000);
