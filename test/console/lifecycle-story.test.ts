/**
 * Issue 14's story on the console, in English and Chinese: the console's own session and
 * notifier (every line it prints), a core on a real SQLite store, and the Tencent Batch emulator
 * seeded as the demo seeds it, over HTTP. A rerun asked, approved by bob, accepted; its job
 * RUNNING while the core's clock moves 4 minutes on; then FAILED again (or SUCCEED). No line
 * calls it succeeded before the job did; afterwards `status` says it failed again and `again`
 * previews a new request. The follow-up is run by the test (core.followUps), not waited for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { ConsoleNotifier } from '../../src/console/notifier.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { createCore, type Core } from '../../src/core/compose.ts';
import { connectTargets } from '../../src/core/model/target.ts';
import type { Store } from '../../src/core/ports.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { providerMessages, providers } from '../../src/providers/index.ts';
import { seedDemo } from '../../src/providers/tencent-batch/demo.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { openStore } from '../../src/store/open.ts';
import { eventually } from '../support/driver.ts';
import { TENCENT_CREDS, tencentConfig } from '../support/core.ts';
import { captureLogger } from '../support/logs.ts';

const JOB = 'job-rybewp57';
const MINUTE = 60_000;

const WORDS = {
  en: {
    succeeded: /succeeded|success/i,
    asks: 'alice asks to rerun on batch-gz',
    accepted: 'Accepted by the provider',
    running4: 'running 4 minutes',
    failedAgain: 'failed again',
    jobSucceeded: 'succeeded after 4 minutes',
    approvedBy: 'approved by bob',
    historyOne: 'The last rerun request',
  },
  'zh-CN': {
    succeeded: /运行成功|执行成功|成功/,
    asks: 'alice 申请在 batch-gz',
    accepted: '云服务已受理',
    running4: '作业运行中（已 4 分钟）',
    failedAgain: '作业再次失败',
    jobSucceeded: '作业运行成功（受理 4 分钟',
    approvedBy: '批准人 bob',
    historyOne: '最近 1 个重跑请求',
  },
} as const;

describe.each(['en', 'zh-CN'] as const)('the lifecycle told truthfully on the console (%s)', (lang) => {
  const w = WORDS[lang];
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let core: Core;
  let session: ConsoleSession;
  let printed: string;
  /** How far the core's clock runs ahead of the wall clock (the providers sign with the real one). */
  let ahead: number;

  beforeEach(async () => {
    ahead = 0;
    printed = '';
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    seedDemo(emu);
    dir = mkdtempSync(join(tmpdir(), 'rerun-console-story-'));
    const logger = captureLogger().logger;
    const clock = { now: () => new Date(Date.now() + ahead) };
    // The store judges the follow-up schedule by the same clock the test moves.
    store = await openStore({ dataDir: dir, logger, clock });
    const config = parseConfig(tencentConfig(emu.url), 'test.yml', {}, providers);
    const targets = connectTargets(config.targets.values(), {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger,
      timing: FAST_TIMING,
      pacers: createPacers(),
    });
    const renderer = createI18n(providerMessages, clock.now);
    const out = { print: (text: string) => (printed += text + '\n') };
    core = createCore({
      targets,
      policies: config.policies,
      store,
      clock,
      logger,
      notifier: new ConsoleNotifier(renderer, clock, out),
      directory: { isMember: async () => false },
      replica: 'console',
    });
    session = new ConsoleSession({ core, renderer, clock, out, locale: lang });
  });
  afterEach(async () => {
    await core.stop(5_000);
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the console prints for `line`, once everything it started has printed `until`. */
  async function type(line: string, until?: string): Promise<string> {
    const from = printed.length;
    await session.line(line);
    if (until) await eventually(() => printed.slice(from).includes(until));
    return printed.slice(from);
  }

  /** Every line printed so far says nothing of success. */
  const noneSaysSucceeded = () => expect(printed.split('\n').filter((l) => w.succeeded.test(l))).toEqual([]);

  /** Asked by alice, approved by bob, accepted: the request's id. */
  async function accepted(): Promise<string> {
    const asked = await type(`batch-gz job_ids=${JOB}`);
    expect(asked).toContain(w.asks);
    const id = /rr-[0-9a-f]+/.exec(asked)?.[0] as string;
    await type('as bob');
    await type('approve', w.accepted);
    expect(emu.retryCalls).toEqual([[JOB]]);
    return id;
  }

  /** The job RUNNING, the core's clock 4 minutes on: the follow-up prints the update once. */
  async function runningFourMinutes(id: string): Promise<void> {
    (emu.jobs.get(JOB) as { JobState: string }).JobState = 'RUNNING';
    ahead = 4 * MINUTE + 10_000;
    const from = printed.length;
    await core.followUps();
    expect(printed.slice(from)).toContain(w.running4);
    // A poll that sees nothing new (the same state, the same minute) prints nothing.
    ahead += 20_000;
    const quiet = printed.length;
    expect((await core.followUps()).polled).toBe(1);
    expect(printed.slice(quiet)).toBe('');
    expect(await type(`status ${id}`)).toContain(w.running4);
    const history = await type('history');
    expect(history).toContain(w.historyOne);
    expect(history).toContain(w.running4);
  }

  it('never prints succeeded while the job runs and after it failed again; again previews a new request', async () => {
    const id = await accepted();
    expect(await type(`status ${id}`)).toContain(w.accepted.toLowerCase());
    expect(await type('history')).toContain(w.approvedBy);
    noneSaysSucceeded();

    await runningFourMinutes(id);
    noneSaysSucceeded();

    emu.finish(JOB, 'FAILED');
    ahead += 20_000;
    const from = printed.length;
    await core.followUps();
    expect(printed.slice(from)).toContain(w.failedAgain);
    expect(await type(`status ${id}`)).toContain(w.failedAgain);
    const history = await type('history');
    expect(history).toContain(w.failedAgain);
    expect(history).toContain(w.approvedBy);
    noneSaysSucceeded();

    // Anyone may ask again after a failure again: a new request, pending, previewed afresh.
    const again = await type(`again ${id}`);
    const newId = /rr-[0-9a-f]+/.exec(again)?.[0];
    expect(newId).toBeDefined();
    expect(newId).not.toBe(id);
    expect(again).toContain(JOB);
    expect(again).toContain(lang === 'en' ? 'Waiting for approval' : '等待审批');
    noneSaysSucceeded();
  });

  it('prints succeeded only once the job succeeded', async () => {
    const id = await accepted();
    await runningFourMinutes(id);
    noneSaysSucceeded();
    emu.finish(JOB, 'SUCCEED');
    ahead += 20_000;
    await core.followUps();
    expect(await type(`status ${id}`)).toContain(w.jobSucceeded);
    // A job that succeeded is not asked again: the answer says why, and no request is made.
    expect(await type(`again ${id}`)).toContain(
      lang === 'en' ? 'once it expired or its job failed again' : '只有已过期或作业再次失败的重跑请求才能重新申请',
    );
    expect(await store.list({ limit: 10 })).toHaveLength(1);
  });

  it('answers history 0 and an unknown target plainly', async () => {
    await type(`batch-gz job_ids=${JOB}`);
    expect(await type('history 0')).toContain(lang === 'en' ? 'must be at least 1' : '至少为 1');
    expect(await type('history nope')).toContain(lang === 'en' ? 'No target named nope' : '没有名为 nope 的目标');
    expect(await type('history batch-gz')).toContain(w.historyOne);
  });
});
