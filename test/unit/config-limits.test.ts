/**
 * A target's own quotas, `limits: { DescribeJobs: 5/s }`: read from the targets file (at start and
 * at reload, one schema), refused with the operations the provider knows when a name or a rate is
 * wrong, and applied by the provider's pacers (on injected time, against the Tencent emulator
 * counting each action's window on the same clock).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { reloadConfig } from '../../src/config/reload.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { spacingMs } from '../../src/providers/_shared/allowances.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { providers } from '../../src/providers/index.ts';
import { startTencentEmulator, tencentTargetYaml } from '../../src/providers/tencent-batch/emulator.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';
import { StoppedClock } from '../support/clock.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { captureLogger } from '../support/logs.ts';

const tencent = (limits: string) =>
  `targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n    auth: { secretId: a, secretKey: b }\n    limits: ${limits}\n`;

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, 'rerun.yml', {}, providers);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('limits: a target’s own quotas', () => {
  it('reads rates per second or per minute, by operation, for each provider', () => {
    const c = parseConfig(tencent('{ DescribeJobs: 5/s, RetryJobs: 120/m }'), 'rerun.yml', {}, providers);
    expect(c.targets.get('batch-gz')?.config.limits).toEqual({ DescribeJobs: 5, RetryJobs: 2 });
    const others = parseConfig(
      `targets:
  dlf:
    provider: huawei-dataarts
    region: cn-north-4
    projectId: 62099355b894428e8916573ae635f1f9
    workspace: 62fbba734e634c5087656fc3ff7adf34
    auth: { token: t }
    limits: { user: 20/s, RetryFactoryJobInstance: 50/s }
  ehpc:
    provider: alibaba-ehpc
    region: cn-hangzhou
    auth: { accessKeyId: a, accessKeySecret: b }
    limits: { ListJobs: 10/s, RerunJobs: 0.5/s }
  ocp:
    provider: oceanbase-ocp
    endpoint: http://ocp.internal:8080
    auth: { username: u, password: p }
    limits: { GetTaskInstance: 20/s }
`,
      'rerun.yml',
      {},
      providers,
    );
    expect(others.targets.get('dlf')?.config.limits).toEqual({ user: 20, RetryFactoryJobInstance: 50 });
    expect(others.targets.get('ehpc')?.config.limits).toEqual({ ListJobs: 10, RerunJobs: 0.5 });
    expect(others.targets.get('ocp')?.config.limits).toEqual({ GetTaskInstance: 20 });
    // Without `limits:` the provider's own allowances apply.
    const plain = parseConfig(
      'targets:\n  t: { provider: tencent-batch, region: ap-guangzhou, auth: { secretId: a, secretKey: b } }\n',
      'rerun.yml',
      {},
      providers,
    );
    expect(plain.targets.get('t')?.config.limits).toBeUndefined();
  });

  it('refuses an operation the provider does not have, naming the ones it has, and a rate it cannot read', () => {
    expect(problems(tencent('{ DescribeJob: 5/s, RetryJobs: fast, DescribeJobs: 0/s }'))).toEqual([
      'targets.batch-gz.limits.DescribeJob: unknown operation; known: RetryJobs, DescribeJobs',
      'targets.batch-gz.limits.RetryJobs: must be a rate such as 5/s or 120/m',
      'targets.batch-gz.limits.DescribeJobs: must be a rate such as 5/s or 120/m',
    ]);
    expect(problems(tencent('5/s'))).toEqual(['targets.batch-gz.limits: must be a record']);
  });

  it('refuses the same mistakes at reload, and keeps the config in force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-limits-'));
    const file = join(dir, 'rerun.yml');
    const logs = captureLogger();
    writeFileSync(file, tencent('{ ListJobs: 5/s }'));
    expect(reloadConfig({ file, env: {}, providers }, logs.logger, 'test')).toBeUndefined();
    expect(logs.lines.join('\n')).toContain(
      'config reload refused: targets.batch-gz.limits.ListJobs: unknown operation; known: RetryJobs, DescribeJobs',
    );
    writeFileSync(file, tencent('{ DescribeJobs: 5/s }'));
    expect(
      reloadConfig({ file, env: {}, providers }, logs.logger, 'test')?.targets.get('batch-gz')?.config.limits,
    ).toEqual({
      DescribeJobs: 5,
    });
  });

  it("paces the operation at the target's quota, and the others at the provider's allowance", async () => {
    const clock = new StoppedClock();
    const emu = await startTencentEmulator(TENCENT_CREDS, { now: () => clock.now().getTime() });
    try {
      emu.rates['DescribeJobs'] = 5;
      emu.addJob('job-quota001', 'RUNNING');
      /** Test time taken by `n` reads one after another on a target with `limits`. */
      const elapsed = async (limits: string | undefined, n: number) => {
        const yaml = `targets:\n${tencentTargetYaml(emu.url, TENCENT_CREDS)}${limits ? `    limits: ${limits}\n` : ''}`;
        const target = parseConfig(yaml, 'rerun.yml', {}, providers).targets.get('batch-gz')?.config;
        const session = tencentBatch.connect(target as Parameters<typeof tencentBatch.connect>[0], {
          http: createHttpClient(),
          clock,
          logger: captureLogger().logger,
          timing: FAST_TIMING,
          pacers: createPacers({ now: () => clock.now().getTime(), sleep: clock.sleep }),
        });
        const start = clock.now().getTime();
        for (let i = 0; i < n; i++) await session.preview({ job_ids: ['job-quota001'] });
        const took = clock.now().getTime() - start;
        clock.advance(10_000); // the next round starts on a quiet pace
        return took;
      };
      expect(await elapsed('{ DescribeJobs: 5/s }', 6)).toBe(5 * spacingMs(5));
      expect(await elapsed(undefined, 6)).toBe(5 * spacingMs(2));
      // Six reads at 5/s fit the emulator's window of 5 a second; none was refused.
      expect(emu.throttled).toEqual([]);
      expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'DescribeJobs')).toHaveLength(12);
    } finally {
      await emu.close();
    }
  });
});
