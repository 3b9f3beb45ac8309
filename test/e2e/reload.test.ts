/**
 * Config reload, in-process (config/reload.ts, then bot.reconfigure, as main.ts wires them on
 * SIGHUP): what a new file changes for new requests and what it leaves alone, against the fake
 * Slack and two Tencent emulators with different credentials. The signal and the watcher of a
 * real process are in reload-process.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { reloadConfig } from '../../src/config/reload.ts';
import { redactSecrets, REDACTED } from '../../src/lib/secrets.ts';
import {
  startTencentEmulator,
  tencentTargetYaml,
  type TencentEmulator,
} from '../../src/providers/tencent-batch/emulator.ts';
import { providers } from '../../src/providers/index.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const gz = TENCENT_CREDS;
const sh = { secretId: 'AKIDSECONDSECOND', secretKey: 'second-tencent-secret-key-reloaded' };
const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const ALERTS = { id: 'C0ALERTS', name: 'alerts-batch' };

let emu: TencentEmulator;
let emu2: TencentEmulator;
let h: Harness;

const fileOf = (targets: string, policy: string, alerts = '') =>
  `targets:\n${targets}policies:\n  default: { approval: ${policy} }\n${alerts}`;
const gzTarget = () => tencentTargetYaml(emu.url, gz);
const shTarget = () => tencentTargetYaml(emu2.url, sh, 'batch-sh', 'ap-shanghai');
const alertRule = `alerts:\n  - channel: "#alerts-batch"\n    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'\n    target: batch-sh\n`;

/** Starts both emulators, then the bot with the file `yaml()` writes (it names their URLs). */
async function start(yaml: () => string): Promise<void> {
  emu = await startTencentEmulator(gz);
  emu2 = await startTencentEmulator(sh);
  for (const e of [emu, emu2]) e.ratePerSecond = 1000;
  h = await startHarness(yaml());
}

/** What main.ts does on SIGHUP: read the file again, and put it in force when it is valid. */
function reload(yaml: string) {
  writeFileSync(h.configPath, yaml);
  const next = reloadConfig({ file: h.configPath, env: h.env, providers }, h.logs.logger, 'test');
  if (next) h.bot.reconfigure(next);
  return next;
}

const messageAbout = (job: string) =>
  eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)));
const lastEphemeralTo = (user: string) =>
  eventually(() =>
    h.slack
      .callsOf('chat.postEphemeral')
      .filter((c) => c.args['user'] === user)
      .at(-1),
  );

afterEach(async () => {
  await h.close();
  await emu.close();
  await emu2.close();
});

describe('config reload', () => {
  it('puts a new file in force for new requests, while a request asked before keeps its policy', async () => {
    await start(() => fileOf(gzTarget(), 'peer'));
    for (const id of ['job-aaaa1111', 'job-bbbb2222']) emu.addJob(id, 'FAILED');
    emu2.addJob('job-dddd4444', 'FAILED');
    expect(h.bot.core.matchAlert(ALERTS, 'Batch job job-dddd4444 failed')).toBeUndefined();

    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const before = await messageAbout('job-aaaa1111');

    // confirm instead of peer, a second target with its own endpoint and credentials, an alert rule.
    expect(reload(fileOf(gzTarget() + shTarget(), 'confirm', alertRule))).toBeDefined();
    const line = h.logs.lines.find((l) => l.includes('config reloaded'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ added: ['batch-sh'], removed: [], changed: [] });

    // A new request is under confirm: the requester approves it herself.
    await h.driver.command('batch-gz job_ids=job-bbbb2222', ALICE);
    const after = await messageAbout('job-bbbb2222');
    expect(FakeSlack.textOf(before)).toContain('Policy *peer*');
    expect(FakeSlack.textOf(after)).toContain('Policy *confirm*');
    await h.driver.click(after, 'rerun_approve', ALICE);
    await messageSaying(h.slack, after.ts, 'Accepted');

    // The request asked before is still under peer: her own click is refused, Bob's counts.
    await h.driver.click(before, 'rerun_approve', ALICE);
    expect(String((await lastEphemeralTo('U0ALICE')).args['text'])).toMatch(/peer policy needs someone else/);
    expect(emu.retryCalls).toEqual([['job-bbbb2222']]);
    await h.driver.click(before, 'rerun_approve', BOB);
    await messageSaying(h.slack, before.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-bbbb2222'], ['job-aaaa1111']]);

    // The added target works, signed with its own credentials; its alert rule is read.
    await h.driver.command('batch-sh job_ids=job-dddd4444', ALICE);
    const added = await messageAbout('job-dddd4444');
    await h.driver.click(added, 'rerun_approve', ALICE);
    await messageSaying(h.slack, added.ts, 'Accepted');
    expect(emu2.retryCalls).toEqual([['job-dddd4444']]);
    expect(emu2.authFailures).toBe(0);
    expect(h.bot.core.matchAlert(ALERTS, 'Batch job job-dddd4444 failed')?.targetId).toBe('batch-sh');

    // The new credential is a secret from the reload on; the old one still is (calls under way).
    expect(redactSecrets(`key ${sh.secretKey}`)).toBe(`key ${REDACTED}`);
    expect(redactSecrets(`key ${gz.secretKey}`)).toBe(`key ${REDACTED}`);
    expect(h.logs.text()).not.toContain(sh.secretKey);
  });

  it('refuses an invalid file with every problem logged by its path, and the config in force stays', async () => {
    await start(() => fileOf(gzTarget(), 'peer'));
    emu.addJob('job-cccc3333', 'FAILED');
    const bad = [
      'targets:',
      '  batch-gz:',
      '    provider: tencent-batch',
      '    region: ap-guangzhou',
      '    auth: { secretId: x }',
      '  batch-xx:',
      '    provider: aws-batch',
      'policies:',
      '  default: { approval: sometimes }',
      'alerts:',
      '  - { channel: "#alerts", match: "x", target: nowhere }',
      '',
    ].join('\n');
    expect(reload(bad)).toBeUndefined();

    const refused = h.logs.lines.filter((l) => l.includes('config reload refused:'));
    const paths = refused.map((l) => (JSON.parse(l) as { path: string }).path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'targets.batch-gz.auth.secretKey',
        'targets.batch-xx.provider',
        'policies.default.approval',
        'alerts.0.target',
      ]),
    );
    expect(h.logs.text()).toMatch(/config reload refused \(\d+ problems\); the config in force is kept/);
    expect(h.logs.text()).not.toContain('config reloaded');
    expect(h.bot.core.target('batch-xx')).toBeUndefined();

    // The old config works as before: peer, and the target signs with its credentials.
    await h.driver.command('batch-gz job_ids=job-cccc3333', ALICE);
    const msg = await messageAbout('job-cccc3333');
    await h.driver.click(msg, 'rerun_approve', ALICE);
    expect(String((await lastEphemeralTo('U0ALICE')).args['text'])).toMatch(/needs someone else/);
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu.retryCalls).toEqual([['job-cccc3333']]);
  });

  it('refuses onTimeout: approve without its own expiresAfter; a valid one is in force for new requests only', async () => {
    await start(() => fileOf(gzTarget(), 'peer'));
    for (const id of ['job-aaaa1111', 'job-bbbb2222']) emu.addJob(id, 'FAILED');
    await h.driver.command('batch-gz job_ids=job-aaaa1111', ALICE);
    const before = await messageAbout('job-aaaa1111');

    expect(reload(fileOf(gzTarget(), 'peer, onTimeout: approve'))).toBeUndefined();
    const refused = h.logs.lines.filter((l) => l.includes('config reload refused:'));
    expect(refused.map((l) => (JSON.parse(l) as { path: string }).path)).toEqual(['policies.default.onTimeout']);

    expect(reload(fileOf(gzTarget(), 'peer, expiresAfter: 1h, onTimeout: approve, remind: 10m'))).toBeDefined();
    await h.driver.command('batch-gz job_ids=job-bbbb2222', ALICE);
    const after = await messageAbout('job-bbbb2222');
    const idOf = (m: { text: string }) => m.text.match(/rr-[0-9a-f]+/)?.[0] as string;
    // Each request keeps the rules it was asked under, with its policy's name.
    expect((await h.store.get(idOf(before)))?.policy).toEqual({
      name: 'default',
      approval: 'peer',
      approvers: [],
      minApprovals: 1,
      expiresAfterMs: 30 * 60_000,
    });
    expect((await h.store.get(idOf(after)))?.policy).toMatchObject({
      name: 'default',
      expiresAfterMs: 60 * 60_000,
      remindMs: 10 * 60_000,
      remindTimes: 3,
      onTimeout: 'approve',
    });
  });

  it('fails a request on a removed target at approval, sending nothing; a changed target is used as changed', async () => {
    await start(() => fileOf(gzTarget() + shTarget(), 'peer'));
    emu2.addJob('job-eeee5555', 'FAILED');
    emu2.addJob('job-ffff6666', 'FAILED');
    await h.driver.command('batch-sh job_ids=job-eeee5555', ALICE);
    const orphan = await messageAbout('job-eeee5555');

    // batch-sh removed; batch-gz now points at the second emulator with its credentials.
    const moved = tencentTargetYaml(emu2.url, sh);
    expect(reload(fileOf(moved, 'peer'))).toBeDefined();
    const line = h.logs.lines.find((l) => l.includes('config reloaded'));
    expect(JSON.parse(line ?? '{}')).toMatchObject({ added: [], removed: ['batch-sh'], changed: ['batch-gz'] });

    await h.driver.click(orphan, 'rerun_approve', BOB);
    const failed = await eventually(() => {
      const m = h.slack.messages.get(orphan.ts);
      return m && FakeSlack.textOf(m).includes('no longer configured') ? m : undefined;
    });
    expect(FakeSlack.textOf(failed)).toMatch(/Target `batch-sh` is no longer configured; nothing was sent/);
    expect(emu2.retryCalls).toEqual([]);

    await h.driver.command('batch-gz job_ids=job-ffff6666', ALICE);
    const msg = await messageAbout('job-ffff6666');
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu2.retryCalls).toEqual([['job-ffff6666']]);
    expect(emu.requests).toHaveLength(0);
  });
});
