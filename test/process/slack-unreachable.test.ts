/**
 * Slack that cannot be reached is an operating condition: in HTTP mode and in Socket Mode the
 * bot starts anyway, stays up through failed attempts on its own (injected, fast) backoff, says
 * why it is not ready at /readyz, logs one line when Slack goes away and one when it is back
 * (no stack per attempt), never has an unhandled rejection or an uncaught exception, and serves
 * normally once the fake Slack answers again, without a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startTencentEmulator,
  tencentTargetYaml,
  type TencentEmulator,
} from '../../src/providers/tencent-batch/emulator.ts';
import { groupAlive, killBot, startBotProcess } from '../support/child-bot.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { watchCrashes, type CrashWatch } from '../support/crashes.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { childBotEnv, startHarness, type Harness } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';

/** Attempts the bot must survive before Slack comes back. */
const SEVERAL = 3;

async function readyz(h: Harness): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.driver.botUrl}/readyz`);
  return { status: res.status, text: await res.text() };
}

/** Log lines at warn or worse. */
const complaints = (h: Harness) => h.logs.lines.filter((l) => /"level":(40|50|60)/.test(l));
const saying = (h: Harness, words: string) => h.logs.lines.filter((l) => l.includes(words));

function command(slack: FakeSlack, text: string, responseId: string): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0FAKE',
    channel_id: 'C0INCIDENT',
    channel_name: 'inc-9',
    user_id: 'U0ALICE',
    command: '/rerun',
    text,
    api_app_id: 'A0FAKE',
    response_url: `${slack.url}/response/${responseId}`,
    trigger_id: 'trig-unreachable',
  };
}

describe('Slack unreachable', () => {
  let emu: TencentEmulator;
  let slack: FakeSlack;
  let h: Harness | undefined;
  let crashes: CrashWatch;

  beforeAll(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 100;
    for (const id of ['job-unreach1', 'job-unreach2', 'job-unreach3']) emu.addJob(id, 'FAILED');
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    slack = await new FakeSlack().start();
    slack.down = true;
    crashes = watchCrashes();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await slack.close();
    crashes.stop();
  });

  const asked = (job: string) =>
    eventually(() => slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)));

  it('HTTP mode: alive and not ready through failed auth.test attempts, then serves once Slack answers', async () => {
    h = await startHarness(`targets:\n${tencentTargetYaml(emu.url, TENCENT_CREDS)}`, {}, { slack });
    await eventually(() => slack.unanswered.filter((m) => m === 'auth.test').length >= SEVERAL);

    expect((await fetch(`${h.driver.botUrl}/healthz`)).status).toBe(200);
    const down = await readyz(h);
    expect(down.status).toBe(503);
    expect(down.text).toMatch(/^not ready: slack: the bot token is not verified yet: Slack cannot be reached/);
    // One line for the whole outage, not one per attempt, and no stack.
    expect(complaints(h)).toHaveLength(1);
    expect(complaints(h)[0]).toContain('Slack cannot be reached');
    expect(h.logs.text()).not.toContain('"stack"');

    // A command that arrives meanwhile is acknowledged and dropped, with one line saying why.
    const early = await h.driver.command('batch-gz job_ids=job-unreach1', { user: 'U0ALICE' });
    expect(early.status).toBe(200);
    await eventually(() => saying(h as Harness, 'an event arrived before the bot token was verified').length === 1);
    expect(slack.messagesIn('C0INCIDENT')).toEqual([]);

    slack.down = false;
    await eventually(async () => (await readyz(h as Harness)).status === 200);
    expect((await readyz(h)).text).toBe('ready');
    expect(saying(h, 'Slack is reachable again')).toHaveLength(1);
    expect(saying(h, 'the bot token is verified')).toHaveLength(1);

    await h.driver.command('batch-gz job_ids=job-unreach1', { user: 'U0ALICE' });
    expect(FakeSlack.textOf(await asked('job-unreach1'))).toContain('Rerun request');
    expect(crashes.seen).toEqual([]);
    expect(h.logs.text()).not.toMatch(/unhandled|uncaught/i);
  });

  it('Socket Mode: alive and not ready while Slack is away, connects once it answers, reconnects after a drop', async () => {
    h = await startHarness(
      `targets:\n${tencentTargetYaml(emu.url, TENCENT_CREDS)}`,
      { SLACK_APP_TOKEN: 'xapp-fake-app-token', SLACK_SIGNING_SECRET: '' },
      { slack },
    );
    await eventually(
      () =>
        slack.unanswered.filter((m) => m === 'auth.test').length >= SEVERAL &&
        slack.unanswered.filter((m) => m === 'apps.connections.open').length >= SEVERAL,
    );
    const down = await readyz(h);
    expect(down.status).toBe(503);
    expect(down.text).toMatch(/slack: the bot token is not verified yet: Slack cannot be reached/);
    expect(down.text).toMatch(/socket: the Socket Mode connection is not open yet/);
    expect(complaints(h)).toHaveLength(1);
    expect(complaints(h)[0]).toContain('Slack cannot be reached');

    slack.down = false;
    await eventually(() => slack.socketConnected);
    await eventually(async () => (await readyz(h as Harness)).status === 200);
    await slack.sendEnvelope('slash_commands', command(slack, 'batch-gz job_ids=job-unreach2', 'unreach2'));
    await asked('job-unreach2');
    // Everything the command sends has landed before Slack goes away again.
    await eventually(() => slack.responses.some((r) => r.id === 'unreach2'));

    // The connection is cut while Slack is away again: the bot reopens it by itself once it can.
    const opens = () => slack.unanswered.filter((m) => m === 'apps.connections.open').length;
    const before = opens();
    slack.down = true;
    slack.dropSocket();
    await eventually(() => opens() >= before + SEVERAL);
    const dropped = await readyz(h);
    expect(dropped.status).toBe(503);
    expect(dropped.text).toMatch(/socket: the Socket Mode connection closed and is being reopened/);

    slack.down = false;
    await eventually(() => slack.socketConnected);
    await eventually(async () => (await readyz(h as Harness)).status === 200);
    await slack.sendEnvelope('slash_commands', command(slack, 'batch-gz job_ids=job-unreach3', 'unreach3'));
    await asked('job-unreach3');
    await eventually(() => slack.responses.some((r) => r.id === 'unreach3'));

    // Two outages, one line each way for each; nothing else complained.
    expect(saying(h, 'Slack cannot be reached')).toHaveLength(2);
    expect(saying(h, 'Slack is reachable again')).toHaveLength(2);
    expect(complaints(h).filter((l) => !l.includes('Slack cannot be reached'))).toEqual([]);
    expect(crashes.seen).toEqual([]);
    expect(h.logs.text()).not.toMatch(/unhandled|uncaught/i);
  });

  it('Socket Mode as a process, on the real backoff: no crash in its output, ready once Slack answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-unreachable-'));
    writeFileSync(join(dir, 'rerun.yml'), `targets:\n${tencentTargetYaml(emu.url, TENCENT_CREDS)}`);
    const env = {
      ...childBotEnv(slack.apiUrl, await freePort(), dir),
      SLACK_APP_TOKEN: 'xapp-fake-app-token',
      LOG_LEVEL: 'info',
    };
    const bot = await startBotProcess(env);
    try {
      await eventually(() => slack.unanswered.includes('apps.connections.open'));
      const down = await fetch(`${bot.url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.text()).toMatch(/socket: the Socket Mode connection is not open yet/);
      slack.down = false;
      await eventually(async () => (await fetch(`${bot.url}/readyz`)).status === 200);
      expect(slack.socketConnected).toBe(true);
    } finally {
      await killBot(bot, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
    expect(groupAlive(bot)).toBe(false);
    const out = bot.output();
    expect(out.match(/Slack cannot be reached/g)).toHaveLength(1);
    expect(out).toContain('Slack is reachable again');
    expect(out).not.toMatch(/unhandled|uncaught|\n\s+at /i);
  }, 60_000);
});
