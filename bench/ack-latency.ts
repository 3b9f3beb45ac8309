/**
 * Slack ack latency of rerun-bot against a bare Bolt app, measured side by side in one run
 * (docs/SPEC.md §7): the same schedule of signed `/rerun` requests (a mix of help, invalid and
 * valid requests) at a fixed rate, all on 127.0.0.1, to three servers, each a process of its own:
 *
 * - bare: a Bolt app with the same receiver and a listener that only acks (bench/bare-bolt.ts);
 * - bot-sqlite: rerun-bot on its embedded SQLite store;
 * - bot-pg: two rerun-bot replicas on one PostgreSQL database, requests alternating between them
 *   as a load balancer would spread them.
 *
 * In alternating rounds (bare, bot-sqlite, bot-pg, bare, …) so drift on a shared machine hits all
 * alike; the spread of the bare app's own per-round p99 is the noise floor. The bar compares the
 * p99 of every ack of a variant with the bare app's: at most 1.3× or +5 ms, whichever is larger.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startTencentEmulator, tencentTargetYaml } from '../src/providers/tencent-batch/emulator.ts';
import { buildBotBundle } from '../test/support/bot-bundle.ts';
import { killBot, startBotProcess, type ChildBot } from '../test/support/child-bot.ts';
import { SlackDriver } from '../test/support/driver.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { childBotEnv, SIGNING_SECRET } from '../test/support/harness.ts';
import { freePort } from '../test/support/ports.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/postgres.ts';
import { quantiles, type Quantiles } from './stats.ts';

export interface LatencyResult extends Quantiles {
  label: string;
  /** Requests not answered 200. */
  failed: number;
  /**
   * CPU time the server's processes spent per request (user + system, from /proc), in ms: what
   * the latency becomes on a machine with no core to spare.
   */
  cpuMsPerRequest?: number;
}

export interface AckRound extends LatencyResult {
  round: number;
}

export interface AckLatency {
  rate: number;
  seconds: number;
  rounds: AckRound[];
  /** Every ack of a variant, all rounds together. */
  pooled: LatencyResult[];
  /** The bare app's per-round p99: lowest, highest, and highest − lowest. */
  noise: { min: number; max: number; spread: number };
  /** Why a variant is missing (PostgreSQL not reachable), when one is. */
  skipped: string[];
}

/** The default mix: help, an invalid value, an unknown target, a valid request (its preview runs after the ack). */
export const TEXTS = ['help', 'batch-gz job_ids=bad', 'help', 'nope x=1', 'batch-gz job_ids=job-bench001'];

/** Sends `rate` requests/s for `seconds` s, spread over `drivers` in turn; latencies of the 200s. */
export async function drive(
  label: string,
  drivers: SlackDriver[],
  rate: number,
  seconds: number,
  texts: readonly string[] = TEXTS,
): Promise<LatencyResult & { samples: number[] }> {
  const total = Math.max(1, Math.round(rate * seconds));
  const samples: number[] = [];
  let failed = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const driver = drivers[i % drivers.length] as SlackDriver;
    const { body } = driver.commandBody(texts[i % texts.length] as string, { user: `U0B${i % 7}` });
    inflight.push(
      (async () => {
        const t0 = performance.now();
        const res = await driver.post(body).catch(() => ({ status: 0 }));
        if (res.status === 200) samples.push(performance.now() - t0);
        else failed += 1;
      })(),
    );
  }
  await Promise.all(inflight);
  return { label, failed, samples, ...quantiles(samples) };
}

/** CPU time (user + system) of the processes `pids` so far, in ms; 0 where /proc has none. */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // not on Linux, or gone
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

export async function startBare(slackApiUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./bare-bolt.ts', import.meta.url).pathname], {
    env: {
      ...process.env,
      PORT: String(port),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-fake',
      SLACK_API_URL: slackApiUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare Bolt app exited (${String(code)})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export async function ackLatency(
  rate = 100,
  seconds = 10,
  rounds = 3,
  texts: readonly string[] = TEXTS,
): Promise<AckLatency> {
  // The bots start from one bundle of the sources, as the process tests' do.
  await buildBotBundle();
  const slack = await new FakeSlack().start();
  // Its own SecretId: Tencent calls are paced per credential.
  const creds = { secretId: 'AKIDBENCHACK', secretKey: 'fake-bench-key' };
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = 100_000;
  emu.addJob('job-bench001', 'FAILED');
  const dir = mkdtempSync(join(tmpdir(), 'rerun-bench-ack-'));
  writeFileSync(join(dir, 'rerun.yml'), `targets:\n${tencentTargetYaml(emu.url, creds)}`);
  const skipped: string[] = [];
  const bots: ChildBot[] = [];
  let bare: { url: string; child: ChildProcess } | undefined;
  let db: TestDatabase | undefined;
  const bot = async (name: string, extra: Record<string, string> = {}) => {
    const env = {
      ...childBotEnv(slack.apiUrl, await freePort(), dir),
      RERUN_DATA_DIR: join(dir, `data-${name}`),
      LOG_LEVEL: 'warn',
      ...extra,
    };
    const b = await startBotProcess(env);
    bots.push(b);
    return { driver: new SlackDriver(b.url, SIGNING_SECRET, slack), pid: b.child.pid! };
  };
  try {
    bare = await startBare(slack.apiUrl);
    db = await createTestDatabase('rerun_bench').catch((err: Error) => {
      skipped.push(`bot-pg: ${err.message}`);
      return undefined;
    });
    // The first PostgreSQL replica starts with the SQLite bot; the second after it, so it finds the
    // migrations the first applied.
    const [sqlite, pgA] = await Promise.all([bot('sqlite'), db ? bot('pg-a', { DATABASE_URL: db.url }) : undefined]);
    const pgB = db ? await bot('pg-b', { DATABASE_URL: db.url }) : undefined;
    const variants: { label: string; drivers: SlackDriver[]; pids: number[] }[] = [
      { label: 'bare Bolt', drivers: [new SlackDriver(bare.url, SIGNING_SECRET, slack)], pids: [bare.child.pid!] },
      { label: 'bot-sqlite', drivers: [sqlite.driver], pids: [sqlite.pid] },
    ];
    if (pgA && pgB) variants.push({ label: 'bot-pg x2', drivers: [pgA.driver, pgB.driver], pids: [pgA.pid, pgB.pid] });

    for (const v of variants) await drive('warm-up', v.drivers, rate, 1, texts);
    const all: AckRound[] = [];
    const samples = new Map<string, number[]>();
    const cpu = new Map<string, number>();
    for (let round = 1; round <= rounds; round++)
      for (const v of variants) {
        const c0 = cpuMs(v.pids);
        const { samples: s, ...r } = await drive(v.label, v.drivers, rate, seconds, texts);
        // Work a request leaves behind (the ephemeral answer, a preview) ends within a moment.
        await new Promise((res) => setTimeout(res, 300));
        const used = cpuMs(v.pids) - c0;
        all.push({ round, ...r, cpuMsPerRequest: used / (r.n + r.failed) });
        samples.set(v.label, [...(samples.get(v.label) ?? []), ...s]);
        cpu.set(v.label, (cpu.get(v.label) ?? 0) + used);
      }
    const pooled = variants.map((v) => {
      const rs = all.filter((r) => r.label === v.label);
      const failed = rs.reduce((n, r) => n + r.failed, 0);
      const q = quantiles(samples.get(v.label) ?? []);
      return { label: v.label, failed, ...q, cpuMsPerRequest: (cpu.get(v.label) ?? 0) / (q.n + failed) };
    });
    const bareP99 = all.filter((r) => r.label === 'bare Bolt').map((r) => r.p99);
    const min = Math.min(...bareP99);
    const max = Math.max(...bareP99);
    return { rate, seconds, rounds: all, pooled, noise: { min, max, spread: max - min }, skipped };
  } finally {
    for (const b of bots) await killBot(b, 'SIGTERM');
    bare?.child.kill('SIGTERM');
    await db?.drop().catch(() => undefined);
    await slack.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The most a variant's p99 may be: 1.3× the bare app's or 5 ms more, whichever is larger. */
export function ackBar(bareP99: number): number {
  return Math.max(bareP99 * 1.3, bareP99 + 5);
}

export function printAck(r: AckLatency): void {
  const fmt = (n: number) => n.toFixed(2).padStart(7);
  for (const x of r.rounds)
    console.log(
      `round ${x.round} ${x.label.padEnd(11)} n=${String(x.n).padStart(5)} p50=${fmt(x.p50)} p99=${fmt(x.p99)} max=${fmt(x.max)} cpu=${(x.cpuMsPerRequest ?? NaN).toFixed(2)} ms/req${x.failed ? ` failed=${x.failed}` : ''}`,
    );
  const bare = r.pooled.find((p) => p.label === 'bare Bolt');
  for (const x of r.pooled)
    console.log(
      `all     ${x.label.padEnd(11)} n=${String(x.n).padStart(5)} p50=${fmt(x.p50)} p99=${fmt(x.p99)} max=${fmt(x.max)} cpu=${(x.cpuMsPerRequest ?? NaN).toFixed(2)} ms/req` +
        (bare && x !== bare
          ? ` p99/bare=${(x.p99 / bare.p99).toFixed(2)} bar ${ackBar(bare.p99).toFixed(2)} -> ${x.p99 <= ackBar(bare.p99) ? 'within' : 'OVER'}`
          : ''),
    );
  console.log(
    `noise floor: bare Bolt p99 per round ${r.noise.min.toFixed(2)}–${r.noise.max.toFixed(2)} ms (spread ${r.noise.spread.toFixed(2)} ms)`,
  );
  for (const s of r.skipped) console.log(`skipped ${s}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rate = Number(process.env['BENCH_RATE'] ?? 100);
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
  const texts = process.env['BENCH_ACK_TEXTS']?.split('|') ?? TEXTS;
  console.log(`# Slack ack latency, ${rate} req/s, ${rounds} rounds of ${seconds} s per variant (ms)`);
  printAck(await ackLatency(rate, seconds, rounds, texts));
  process.exit(0);
}
