/**
 * `npm start` with a config file and no Slack token: the file's targets on emulators, the
 * variables each still needs, RERUN_DEMO, and a missing or broken file said in one message.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmStart, ROOT } from '../support/npm-start.ts';

describe('npm start without Slack: the console', () => {
  // Each test is its own `npm start` with its own data directory, so they run at once: most of their
  // time is the process starting and stopping.
  describe.concurrent('with a config file and no Slack token', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-console-config-'));
    const example = join(dir, 'rerun.yml');
    // What a newcomer does: copy the example, set none of its variables.
    copyFileSync(join(ROOT, 'rerun.example.yml'), example);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    let runs = 0;
    const withFile = () => ({
      RERUN_CONFIG: example,
      RERUN_DATA_DIR: join(dir, `data-${++runs}`),
      LANG: 'en_US.UTF-8',
    });
    const waiting = /runs against its emulator until/g;

    it("serves the file's targets on emulators, naming the variables each still needs", async () => {
      const env = withFile();
      const run = await npmStart('batch-gz job_ids=job-rybewp57\nas bob\napprove\n', env);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('batch-gz runs against its emulator until TC_SECRET_ID and TC_SECRET_KEY are set.');
      expect(run.out).toContain('dlf-prod runs against its emulator until HW_AK and HW_SK are set.');
      expect(run.out.match(waiting)).toHaveLength(4);
      expect(run.out).toContain('Accepted by the provider');
      // Logs never mix with the conversation: they go to a file under the data directory, named at the start.
      const logFile = join(env.RERUN_DATA_DIR, 'console.log');
      expect(run.out).toContain(`Logs go to ${logFile}.`);
      expect(readFileSync(logFile, 'utf8')).toMatch(/"app":"rerun-bot"/);
      expect(run.err).toBe('');
    }, 60_000);

    it('says so in Chinese on a Chinese terminal', async () => {
      const run = await npmStart('quit\n', { ...withFile(), LANG: 'zh_CN.UTF-8' });
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('设置 TC_SECRET_ID、TC_SECRET_KEY 之前，batch-gz 连接内置模拟器。');
    }, 60_000);

    it('RERUN_DEMO=1 runs the demo whatever file is present', async () => {
      const run = await npmStart('quit\n', { ...withFile(), RERUN_DEMO: '1' });
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain('rerun-bot console. You are alice.');
      expect(run.out.match(waiting)).toBeNull();
    }, 60_000);

    it('says, in one message, that a file RERUN_CONFIG names does not exist', async () => {
      const missing = join(dir, 'missing.yml');
      const run = await npmStart('', { ...withFile(), RERUN_CONFIG: missing });
      expect(run.code).toBe(1);
      expect(run.err).toBe(`rerun-bot: ${missing} is not valid:\n  - (file): the file does not exist\n`);
    }, 60_000);

    it('reports a YAML syntax error once, with its line and column', async () => {
      const broken = join(dir, 'broken.yml');
      writeFileSync(broken, 'targets:\n  batch-gz:\n   provider: tencent-batch\n    region: ap-guangzhou\n');
      const run = await npmStart('', { ...withFile(), RERUN_CONFIG: broken });
      expect(run.code).toBe(1);
      expect(run.err).toBe(
        `rerun-bot: ${broken} is not valid:\n  - line 3, column 14: Nested mappings are not allowed in compact mappings\n`,
      );
    }, 60_000);
  });
});
