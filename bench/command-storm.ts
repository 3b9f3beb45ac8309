/**
 * 1,000 signed `/rerun` commands at once (issue 17, item 4): 700 `help`, 200 invalid requests and
 * 100 valid ones, each valid one naming its own FAILED Tencent job, every command from a person
 * the bot has not seen (so every locale look-up is cold). Against rerun-bot as its own process on
 * SQLite, and against two replicas on one PostgreSQL database (commands alternating between them).
 *
 * Prints the ack-time distribution (p50/p90/p99/max and how many acks came later than Slack's
 * 3 s) and how many of the valid requests were posted, and when the last one was. The emulator
 * keeps Batch's documented 2 requests/s, so the previews cost what they would in production.
 *
 * Run on its own: `npx tsx bench/command-storm.ts` (about a minute; BENCH_STORM_* knobs below).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { killBot, startBotProcess, type ChildBot } from '../test/support/child-bot.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { childBotEnv, SIGNING_SECRET } from '../test/support/harness.ts';
import { freePort } from '../test/support/ports.ts';
import { createTestDatabase } from '../test/support/postgres.ts';
import { startBare } from './ack-latency.ts';
import { at } from './stats.ts';

/** Slack's deadline for an ack. */
const SLACK_ACK_MS = 3_000;

export interface StormMix {
  help: number;
  invalid: number;
  valid: number;
}

export const STORM_MIX: StormMix = { help: 700, invalid: 200, valid: 100 };

/** The storm's commands, in the order they are sent: the valid ones spread through the rest. */
export function stormTexts(mix: StormMix = STORM_MIX, job = (i: number) => `job-storm${String(i).padStart(4, '0')}`) {
  const total = mix.help + mix.invalid + mix.valid;
  const texts: string[] = [];
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < total; i++) {
    // Every (total/valid)-th command is a valid one, so they arrive among the others.
    if (valid < mix.valid && i % Math.floor(total / mix.valid) === 0) texts.push(`batch-gz job_ids=${job(valid++)}`);
    else if (invalid < mix.invalid && i % 4 === 1) {
      // Two kinds of invalid: a bad value, and a key the provider does not take.
      texts.push(invalid++ % 2 ? 'batch-gz job_ids=not!a!job' : 'batch-gz nope=1');
    } else texts.push('help');
  }
  return texts;
}

/** The ack times' quantiles, and how many came later than Slack's 3 s. */
function distribution(samples: readonly number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: at(s, 0.5),
    p90: at(s, 0.9),
    p99: at(s, 0.99),
    max: s.at(-1) ?? NaN,
    late: s.filter((x) => x > SLACK_ACK_MS).length,
  };
}

export interface StormResult {
  label: string;
  n: number;
  /** Commands not answered 200. */
  failed: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Acks later than Slack's 3 s. */
  late: number;
  /** Valid requests whose approval message was posted, and the time the last one came (ms after the storm began). */
  posted: number;
  lastPostedMs: number;
}

/**
 * Sends every text at once, each from its own user, from a process of its own (storm-driver.ts);
 * the ack time of each, in ms.
 */
async function storm(
  urls: string[],
  texts: readonly string[],
  slackUrl: string,
): Promise<{ samples: number[]; failed: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./storm-driver.ts', import.meta.url).pathname], {
    env: { ...process.env, STORM_INPUT: JSON.stringify({ urls, texts, secret: SIGNING_SECRET, slackUrl }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !last) throw new Error(`the storm's driver failed (${String(code)}): ${out}`);
  return JSON.parse(last) as { samples: number[]; failed: number };
}

/**
 * One storm against a fresh fake Slack and emulator: `replicas` bot processes (SQLite when
 * `databaseUrl` is undefined). `postWaitMs`: how long to wait for every valid request to be posted.
 */
async function stormOnce(
  label: string,
  mix: StormMix,
  opts: { databaseUrl?: string; replicas: number; postWaitMs: number; slackDelayMs: number; execArgv?: string[] },
): Promise<StormResult> {
  const slack = await new FakeSlack().start();
  slack.answerDelayMs = opts.slackDelayMs;
  const creds = { secretId: `AKIDSTORM${label.replace(/\W/g, '')}`, secretKey: 'fake-storm-key' };
  const emu = await startTencentEmulator(creds);
  for (let i = 0; i < mix.valid; i++) emu.addJob(`job-storm${String(i).padStart(4, '0')}`, 'FAILED');
  const dir = mkdtempSync(join(tmpdir(), 'rerun-bench-storm-'));
  writeFileSync(join(dir, 'rerun.yml'), `targets:\n${tencentTargetYaml(emu.url, creds)}`);
  const bots: ChildBot[] = [];
  try {
    for (let r = 0; r < opts.replicas; r++) {
      const env = {
        ...childBotEnv(slack.apiUrl, await freePort(), dir),
        RERUN_DATA_DIR: join(dir, `data-${r}`),
        LOG_LEVEL: 'warn',
        ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      };
      // One after another: the second replica finds the migrations the first applied.
      bots.push(await startBotProcess(env, { execArgv: opts.execArgv ?? [] }));
    }
    const t0 = performance.now();
    const { samples, failed } = await storm(
      bots.map((b) => b.url),
      stormTexts(mix),
      slack.url,
    );
    const approvals = () =>
      slack.messagesIn('C0INCIDENT').filter((m) => FakeSlack.textOf(m).includes('job-storm')).length;
    let lastPostedMs = NaN;
    let seen = 0;
    const until = performance.now() + opts.postWaitMs;
    while (performance.now() < until) {
      const now = approvals();
      if (now > seen) {
        seen = now;
        lastPostedMs = performance.now() - t0;
      }
      if (seen >= mix.valid) break;
      await delay(50);
    }
    return { label, failed, ...distribution(samples), posted: seen, lastPostedMs };
  } finally {
    for (const b of bots) await killBot(b, 'SIGTERM');
    await slack.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StormOptions {
  mix?: StormMix;
  /** How long to wait for the valid requests to be posted (default 4 minutes, as the probe did). */
  postWaitMs?: number;
  /** How long the fake Slack takes to answer each Web API call. */
  slackDelayMs?: number;
  /** Node options for the bot processes (`--cpu-prof --cpu-prof-dir=…`: where the time goes). */
  execArgv?: string[];
  /** Only the SQLite variant (a quicker look, or a profile of one process). */
  sqliteOnly?: boolean;
}

/**
 * The same storm against a bare Bolt app that only acks (bench/bare-bolt.ts): what acking 1,000
 * requests at once costs on this machine, with nothing of the bot's own.
 */
async function bareStorm(mix: StormMix): Promise<StormResult> {
  const slack = await new FakeSlack().start();
  const bare = await startBare(slack.apiUrl);
  try {
    const { samples, failed } = await storm([bare.url], stormTexts(mix), slack.url);
    return { label: 'bare Bolt', failed, ...distribution(samples), posted: NaN, lastPostedMs: NaN };
  } finally {
    bare.child.kill('SIGTERM');
    await slack.close();
  }
}

/** The storm against a bare Bolt app, on SQLite, then on two PostgreSQL replicas (skipped, and said so, without a server). */
export async function commandStorm(o: StormOptions = {}): Promise<{ results: StormResult[]; skipped: string[] }> {
  const mix = o.mix ?? STORM_MIX;
  const common = { postWaitMs: o.postWaitMs ?? 240_000, slackDelayMs: o.slackDelayMs ?? 0, execArgv: o.execArgv ?? [] };
  const results = [await bareStorm(mix), await stormOnce('bot-sqlite', mix, { ...common, replicas: 1 })];
  const skipped: string[] = [];
  if (o.sqliteOnly) return { results, skipped };
  const db = await createTestDatabase('rerun_bench_storm').catch((err: Error) => {
    skipped.push(`bot-pg x2: ${err.message}`);
    return undefined;
  });
  if (db)
    try {
      results.push(await stormOnce('bot-pg x2', mix, { ...common, replicas: 2, databaseUrl: db.url }));
    } finally {
      await db.drop().catch(() => undefined);
    }
  return { results, skipped };
}

export function printStorm(r: { results: StormResult[]; skipped: string[] }, mix: StormMix = STORM_MIX): void {
  const f = (n: number) => n.toFixed(0).padStart(6);
  for (const x of r.results)
    console.log(
      `${x.label.padEnd(10)} n=${x.n}${x.failed ? ` failed=${x.failed}` : ''} p50=${f(x.p50)} p90=${f(x.p90)} p99=${f(x.p99)} max=${f(x.max)} ms, over 3 s: ${x.late}` +
        (Number.isNaN(x.posted)
          ? ''
          : `; posted ${x.posted} of ${mix.valid}, the last after ${(x.lastPostedMs / 1000).toFixed(1)} s`),
    );
  for (const s of r.skipped) console.log(`skipped ${s}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = (k: string, d: number) => Number(process.env[`BENCH_STORM_${k}`] ?? d);
  const mix = { help: env('HELP', 700), invalid: env('INVALID', 200), valid: env('VALID', 100) };
  console.log(
    `# ${mix.help + mix.invalid + mix.valid} /rerun commands at once (${mix.help} help, ${mix.invalid} invalid, ${mix.valid} valid): ack times (ms)`,
  );
  printStorm(
    await commandStorm({
      mix,
      postWaitMs: env('WAIT_MS', 240_000),
      slackDelayMs: env('SLACK_DELAY_MS', 0),
      sqliteOnly: process.env['BENCH_STORM_SQLITE_ONLY'] === '1',
      execArgv: process.env['BENCH_STORM_NODE_ARGS']?.split(' ').filter(Boolean) ?? [],
    }),
    mix,
  );
  process.exit(0);
}
