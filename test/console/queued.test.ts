/**
 * The console says what Slack says when a preview waits its turn at the provider's pace (issue
 * 18, item 6): "Still checking… N requests ahead", then the request. Thirty people's previews on
 * the Tencent emulator keep the DescribeJobs pace busy; the test holds each pace wait
 * (SteppedPace), so the console's own read joins the queue behind theirs, in both languages.
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
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import type { RecordedRequest } from '../../src/emulators/server.ts';
import { openStore } from '../../src/store/open.ts';
import { StoppedClock, SteppedPace } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import { TENCENT_CREDS, tencentConfig } from '../support/core.ts';
import { captureLogger } from '../support/logs.ts';

const OTHERS = 30;
const jobsOf = (n: number) =>
  Array.from({ length: 10 }, (_, j) => `job-q${String(n).padStart(4, '0')}${String(j).padStart(3, '0')}`);

const NOTICE = {
  en: /Still checking… (\d+) requests ahead of yours at the cloud's rate limit\. The answer follows\./,
  'zh-CN': /仍在读取…受云服务速率限制，前面还有 (\d+) 个请求在排队，结果随后发送。/,
} as const;
const REQUEST = { en: 'Rerun request rr-', 'zh-CN': '重跑请求 rr-' } as const;

describe.each(['en', 'zh-CN'] as const)('the console, when a preview waits its turn (%s)', (lang) => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let core: Core;
  let session: ConsoleSession;
  let pace: SteppedPace;
  let printed: string;

  beforeEach(async () => {
    printed = '';
    // The pace waits on a clock the test moves; the emulator admits freely (its rate is not what is asserted).
    const clock = new StoppedClock();
    pace = new SteppedPace(clock);
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    for (let n = 0; n <= OTHERS; n++) for (const id of jobsOf(n)) emu.addJob(id, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-console-queued-'));
    const logger = captureLogger().logger;
    store = await openStore({ dataDir: dir, logger, clock });
    const config = parseConfig(tencentConfig(emu.url), 'test.yml', {}, providers);
    const targets = connectTargets(config.targets.values(), {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger,
      timing: FAST_TIMING,
      pacers: createPacers({ now: () => clock.now().getTime(), sleep: pace.sleep }),
    });
    const renderer = createI18n(providerMessages, () => clock.now());
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
    session = new ConsoleSession({ core, renderer, clock, out, locale: lang, noticeAfterMs: 0 });
  });
  afterEach(async () => {
    await core.stop(5_000);
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints how many requests are ahead, then the request', async () => {
    const reads = () => emu.requests.filter((r: RecordedRequest) => r.headers['x-tc-action'] === 'DescribeJobs');
    const place = { id: 'console', name: 'console' };
    // The others' previews first, each told its place. Once the first call has gone and one of
    // them is told it waits behind another call, the next call's batch is full: the console's
    // read waits behind it.
    const latest = new Map<number, number>();
    const others = Array.from({ length: OTHERS }, (_, n) =>
      core.ask(
        'batch-gz',
        { job_ids: jobsOf(n) },
        { userId: `other${n}`, locale: 'en', place, surface: { kind: 'console' } },
        { queued: (ahead) => latest.set(n, ahead) },
      ),
    );
    await eventually(() => reads()[0]);
    await eventually(() => Math.max(0, ...latest.values()) >= 1);
    const typed = session.line(`batch-gz job_ids=${jobsOf(OTHERS).join(',')}`);
    const notice = await eventually(() => NOTICE[lang].exec(printed) ?? undefined);
    // Its own request is not there yet: it waits for its turn.
    const mine = jobsOf(OTHERS)[0]!;
    expect(printed).not.toContain(mine);

    // Slot after slot until the console and every other asker have their answer.
    let done = false;
    void Promise.all([typed, ...others]).then(() => (done = true));
    while (!done) {
      const before = reads().length;
      if ((await eventually(() => pace.step() || (done && 'done'))) === true)
        await eventually(() => reads().length > before || done);
    }
    // The number was right: the call carrying its jobs came that many after the next slot's.
    const carried = reads().findIndex((r) => r.body.includes(jobsOf(OTHERS)[0]!));
    expect(Number(notice[1])).toBe(carried - 1);
    expect(Number(notice[1])).toBeGreaterThanOrEqual(1);
    // Said once, before the request.
    expect(printed.match(new RegExp(NOTICE[lang].source, 'g'))).toHaveLength(1);
    const request = printed.indexOf(mine);
    expect(printed.lastIndexOf(REQUEST[lang], request)).toBeGreaterThan(printed.indexOf(notice[0]));
  });
});
