/**
 * The end-to-end fixture most Slack tests share: a Tencent Batch emulator, a fake Slack, and the
 * whole bot (startHarness) with one or more tencent-batch targets on that emulator. A test says
 * only what its setup does differently: its policies and alerts, its targets, its jobs.
 */
import {
  startTencentEmulator,
  tencentTargetYaml,
  type TencentEmulator,
} from '../../src/providers/tencent-batch/emulator.ts';
import { MovableClock } from './clock.ts';
import { TENCENT_CREDS } from './core.ts';
import { FakeSlack } from './fake-slack.ts';
import { startHarness, type Harness, type HarnessOptions } from './harness.ts';

/** One tencent-batch target on the emulator. */
export interface TencentTarget {
  /** Default: batch-gz. */
  id?: string;
  /** Default: ap-guangzhou. */
  region?: string;
  /** More keys of the target, each written `key: value` (timeout, announce, locale…). */
  with?: Record<string, string>;
}

export interface TencentBotOptions extends Omit<HarnessOptions, 'slack' | 'clock' | 'sleep'> {
  /**
   * The one clock the bot and the emulator share (default: a new one). A test moves it to pass an
   * expiry; the provider pace waits on it (see `pace`).
   */
  clock?: MovableClock;
  /**
   * `test-time` (the default): a paced call moves the shared clock instead of waiting, so the
   * real pacing logic runs, and the emulator still checks its allowance, without the suite
   * waiting. `real`: the pace waits on the wall clock. A function: the pace's sleep itself (a
   * test that holds each wait, see SteppedPace in clock.ts).
   */
  pace?: 'test-time' | 'real' | ((ms: number) => Promise<void>);
  /** The targets, all on the one emulator (default: batch-gz alone). */
  targets?: TencentTarget[];
  /** The file after its `targets:`: the `policies:` and `alerts:` sections. */
  rest?: string;
  /**
   * Where the targets' secrets are: in the file, or (`env`) as `${TC_SECRET_ID}` and
   * `${TC_SECRET_KEY}` placeholders the bot fills from its environment, as a deployment keeps them.
   */
  secrets?: 'inline' | 'env';
  /** Calls a second the emulator admits before RequestLimitExceeded (default: Tencent's 2). */
  ratePerSecond?: number;
  /** Jobs the emulator knows from the start, as addJob takes them. */
  jobs?: Parameters<TencentEmulator['addJob']>[];
  /** More of the bot's environment (Socket Mode's app token, a fixed PORT…). */
  env?: Record<string, string>;
  /** Sets the fake Slack up (user groups, locales, a post pace) before the bot first calls it. */
  slack?: (slack: FakeSlack) => void;
}

export interface TencentBot {
  emu: TencentEmulator;
  h: Harness;
  /** The clock the bot and the emulator share. */
  clock: MovableClock;
  /** Stops the bot, then closes the fake Slack and the emulator. */
  close(): Promise<void>;
}

/** The policies most end-to-end tests run under: a peer approves, within 30 minutes. */
export const PEER_POLICIES = 'policies:\n  default:\n    approval: peer\n    expiresAfter: 30m\n';

// tencentTargetYaml writes the secrets as given, so these put the placeholders in the file.
const SECRET_PLACEHOLDERS = { secretId: `"\${TC_SECRET_ID}"`, secretKey: `"\${TC_SECRET_KEY}"` };
const SECRET_ENV = { TC_SECRET_ID: TENCENT_CREDS.secretId, TC_SECRET_KEY: TENCENT_CREDS.secretKey };

/** The config file: the targets on the emulator at `url`, then `rest`. */
export function tencentBotYaml(url: string, o: Pick<TencentBotOptions, 'targets' | 'rest' | 'secrets'> = {}): string {
  const auth = o.secrets === 'env' ? SECRET_PLACEHOLDERS : TENCENT_CREDS;
  const targets = (o.targets ?? [{}]).map(
    (t) =>
      tencentTargetYaml(url, auth, t.id, t.region) +
      Object.entries(t.with ?? {})
        .map(([key, value]) => `    ${key}: ${value}\n`)
        .join(''),
  );
  return `targets:\n${targets.join('')}${o.rest ?? ''}`;
}

export async function startTencentBot(o: TencentBotOptions = {}): Promise<TencentBot> {
  const { targets, rest, secrets, ratePerSecond, jobs, env, slack: setUpSlack, pace, ...harness } = o;
  const clock = o.clock ?? new MovableClock();
  const emu = await startTencentEmulator(TENCENT_CREDS, { now: () => clock.now().getTime() });
  if (ratePerSecond !== undefined) emu.ratePerSecond = ratePerSecond;
  for (const job of jobs ?? []) emu.addJob(...job);
  const slack = await new FakeSlack().start();
  try {
    setUpSlack?.(slack);
    const h = await startHarness(
      tencentBotYaml(emu.url, { targets, rest, secrets }),
      { ...(secrets === 'env' ? SECRET_ENV : {}), ...env },
      {
        ...harness,
        slack,
        clock,
        ...(pace === 'real' ? {} : { sleep: typeof pace === 'function' ? pace : clock.sleep }),
      },
    );
    return {
      emu,
      h,
      clock,
      async close() {
        await h.close();
        await slack.close();
        await emu.close();
      },
    };
  } catch (e) {
    // A bot that did not start leaves no server behind to hold the test run open.
    await slack.close();
    await emu.close();
    throw e;
  }
}
