/**
 * Config reload in a real process (src/main.ts): SIGHUP re-reads RERUN_CONFIG, and with
 * RERUN_CONFIG_WATCH=1 a replaced file is reloaded with no signal at all (a Kubernetes ConfigMap
 * update). Against the fake Slack and the Tencent emulator; what is asserted is what people see.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { killBot, startBotProcess, type ChildBot } from '../support/child-bot.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying, SlackDriver } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { SIGNING_SECRET, childBotEnv } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };

const target = (id: string, url: string) =>
  `  ${id}:\n    provider: tencent-batch\n    region: ap-guangzhou\n    endpoint: ${url}\n    timeout: 2s\n` +
  `    auth: { secretId: "\${TC_SECRET_ID}", secretKey: "\${TC_SECRET_KEY}" }\n`;
const fileOf = (targets: string, approval: string) =>
  `targets:\n${targets}policies:\n  default: { approval: ${approval} }\n`;

describe('config reload of a running process', () => {
  let slack: FakeSlack;
  let emu: TencentEmulator;
  let dir: string;
  let config: string;
  let env: Record<string, string>;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 100;
    for (const id of ['job-hupold01', 'job-hupnew01', 'job-hupbad01', 'job-watch001']) emu.addJob(id, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-reload-'));
    const port = await freePort();
    env = {
      ...childBotEnv(slack.apiUrl, port, dir),
      TC_SECRET_ID: TENCENT_CREDS.secretId,
      TC_SECRET_KEY: TENCENT_CREDS.secretKey,
      LOG_LEVEL: 'info',
    };
    config = env['RERUN_CONFIG'] as string;
    driver = new SlackDriver(`http://127.0.0.1:${port}`, SIGNING_SECRET, slack);
  });
  afterAll(async () => {
    await slack.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const messageAbout = (job: string) =>
    eventually(() => slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)));
  const ephemeralsTo = (user: string) =>
    slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === user).length;
  const hangUp = (bot: ChildBot) => process.kill(-(bot.child.pid as number), 'SIGHUP');
  const count = (bot: ChildBot, text: string) => bot.output().split(text).length - 1;

  it('on SIGHUP puts a valid file in force for new requests, keeps the old policy of a request asked before, and refuses an invalid file', async () => {
    writeFileSync(config, fileOf(target('batch-gz', emu.url), 'peer'));
    const bot = await startBotProcess(env);
    try {
      await driver.command('batch-gz job_ids=job-hupold01', ALICE);
      const old = await messageAbout('job-hupold01');

      // A new target, and confirm instead of peer.
      writeFileSync(config, fileOf(target('batch-gz', emu.url) + target('batch-sz', emu.url), 'confirm'));
      hangUp(bot);
      await eventually(() => bot.output().includes('config reloaded'));
      expect(bot.output()).toMatch(/"added":\["batch-sz"\]/);

      await driver.command('batch-sz job_ids=job-hupnew01', ALICE);
      const fresh = await messageAbout('job-hupnew01');
      await driver.click(fresh, 'rerun_approve', ALICE);
      await messageSaying(slack, fresh.ts, 'Accepted');

      // Asked under peer, still under peer: Alice's own approval is refused, Bob's counts.
      const told = ephemeralsTo('U0ALICE');
      await driver.click(old, 'rerun_approve', ALICE);
      await eventually(() => ephemeralsTo('U0ALICE') > told);
      const refusal = slack
        .callsOf('chat.postEphemeral')
        .filter((c) => c.args['user'] === 'U0ALICE')
        .at(-1);
      expect(String(refusal?.args['text'])).toMatch(/peer policy needs someone else/);
      expect(emu.retryCalls).toEqual([['job-hupnew01']]);
      await driver.click(old, 'rerun_approve', BOB);
      await messageSaying(slack, old.ts, 'Accepted');

      // An invalid file: every problem logged by its path; the config in force stays.
      writeFileSync(
        config,
        'targets:\n  batch-gz:\n    provider: tencent-batch\n    auth: { secretId: x }\npolicies:\n  default: { approval: sometimes }\n',
      );
      hangUp(bot);
      await eventually(() => bot.output().includes('config reload refused ('));
      expect(bot.output()).toContain('config reload refused: targets.batch-gz.auth.secretKey: required');
      expect(bot.output()).toContain('config reload refused: policies.default.approval: must be one of');
      expect(bot.output()).toContain('the config in force is kept');
      expect(count(bot, 'config reloaded')).toBe(1);

      await driver.command('batch-sz job_ids=job-hupbad01', ALICE);
      const still = await messageAbout('job-hupbad01');
      await driver.click(still, 'rerun_approve', ALICE);
      await messageSaying(slack, still.ts, 'Accepted');
      expect(bot.child.exitCode).toBeNull();
    } finally {
      await killBot(bot, 'SIGTERM');
    }
    expect(bot.output()).not.toContain(TENCENT_CREDS.secretKey);
  });

  it('with RERUN_CONFIG_WATCH=1 reloads a replaced file without a signal', async () => {
    writeFileSync(config, fileOf(target('batch-gz', emu.url), 'peer'));
    const bot = await startBotProcess({ ...env, RERUN_CONFIG_WATCH: '1' });
    try {
      await eventually(() => bot.output().includes('watching the config file'));
      // Replaced whole, as an editor, `mv` or the kubelet's symlink swap does.
      writeFileSync(`${config}.new`, fileOf(target('batch-gz', emu.url), 'confirm'));
      renameSync(`${config}.new`, config);
      await eventually(() => bot.output().includes('config reloaded'));
      expect(bot.output()).toContain('"reason":"file changed"');

      await driver.command('batch-gz job_ids=job-watch001', ALICE);
      const msg = await messageAbout('job-watch001');
      await driver.click(msg, 'rerun_approve', ALICE);
      await messageSaying(slack, msg.ts, 'Accepted');
    } finally {
      await killBot(bot, 'SIGTERM');
    }
  });
});
