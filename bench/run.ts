/**
 * Runs every benchmark, printing each one's figures as it goes, then one table (name, value,
 * bar, within/OVER) and the same as JSON in bench/results.json. `npm run bench`, about 9 minutes.
 *
 * Knobs (environment):
 * - BENCH_RATE (100) requests/s, BENCH_SECONDS (10) per round, BENCH_ROUNDS (3): ack latency;
 *   BENCH_ACK_TEXTS: its `/rerun` texts, separated by `|` (default in ack-latency.ts);
 * - BENCH_CLICKS (15): Approve clicks timed to "approved — sending";
 * - BENCH_ASKS (10): `/rerun`s timed to the approval request, per provider;
 * - BENCH_BULK_JOBS (1000): jobs in each bulk rerun;
 * - BENCH_ALERTS (500): alerts in the storm, BENCH_STEADY (10) replies timed in one channel;
 * - BENCH_FOLLOW (20) reruns followed, BENCH_FOLLOW_SPREAD_MS (30000) over which their jobs end;
 * - BENCH_RERUN_WAIT (40,100): followed reruns while an approved rerun's call is timed;
 * - BENCH_SDK_CALLS (600): calls per client in the CPU-cost comparison;
 * - BENCH_STORE_SIZES (0,100000): stored requests for the footprint;
 * - BENCH_JOURNAL_REQUESTS (100000), BENCH_JOURNAL_BYTES_PER_REQUEST (7100): the older journal
 *   imported at start (about 670 MB);
 * - BENCH_STORM_HELP (700), BENCH_STORM_INVALID (200), BENCH_STORM_VALID (100): the commands sent at
 *   once; BENCH_STORM_WAIT_MS (240000): how long the valid ones may take to be posted;
 * - BENCH_ONLY: a comma-separated subset of signers, sdk, ack, storm, running, approval, bulk, burst,
 *   follow, rerun-wait, footprint, journal;
 * - BENCH_JSON (bench/results.json): where the JSON goes.
 */
import { cpus, loadavg } from 'node:os';
import { ackBar, ackLatency, printAck } from './ack-latency.ts';
import { alertStorm, printBurst, steadyRate } from './alert-burst.ts';
import { approvalLatency, printApproval } from './approval-latency.ts';
import { ehpcBulk, printBulk, tencentBulk } from './bulk.ts';
import { followLag } from './follow-lag.ts';
import { printRerunWait, rerunWait } from './rerun-wait.ts';
import { journalImport, printJournalImport } from './journal-import.ts';
import { Report } from './report.ts';
import { runningLatency } from './running-latency.ts';
import { commandStorm, printStorm, STORM_MIX } from './command-storm.ts';
import { printCost, sdkCost } from './sdk-cost.ts';
import { signers } from './signers.ts';
import { openCheck, storeGrowth } from './store-growth.ts';

const env = (k: string, d: number) => Number(process.env[`BENCH_${k}`] ?? d);
const only = process.env['BENCH_ONLY']?.split(',').map((s) => s.trim());
const jsonPath = process.env['BENCH_JSON'] ?? new URL('./results.json', import.meta.url).pathname;
const report = new Report();
const ms = (n: number) => `${n.toFixed(1)} ms`;
const started = Date.now();

async function section(id: string, title: string, fn: () => Promise<void>): Promise<void> {
  if (only && !only.includes(id)) return;
  console.log(`\n# ${title}`);
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    console.log(`FAILED: ${(err as Error).stack ?? String(err)}`);
    report.error(id, err);
  }
  console.log(`(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

await section('signers', 'signers (ops/s)', async () => {
  const rows = signers();
  report.details['signers'] = rows;
  for (const s of rows) {
    console.log(`${s.name.padEnd(32)} ${String(s.opsPerSecond).padStart(10)}`);
    report.add(`sign ${s.name}`, `${s.opsPerSecond} ops/s`);
  }
});

await section('sdk', 'CPU per call: our signed adapter vs the official SDK, same call, same emulator', async () => {
  const rows = await sdkCost(env('SDK_CALLS', 600));
  report.details['sdkCost'] = rows;
  printCost(rows);
  for (const r of rows)
    report.add(
      `cpu/call ${r.call} ours vs SDK`,
      `${r.oursUs.toFixed(0)} vs ${r.sdkUs.toFixed(0)} µs (SDK/ours ${r.ratio.toFixed(2)}x)`,
      'both signatures accepted',
      r.oursErrors === 0 && r.sdkErrors === 0,
    );
});

await section(
  'ack',
  'Slack ack latency (ms): bare Bolt vs rerun-bot on SQLite vs two replicas on PostgreSQL',
  async () => {
    const texts = process.env['BENCH_ACK_TEXTS']?.split('|');
    const r = await ackLatency(env('RATE', 100), env('SECONDS', 10), env('ROUNDS', 3), texts);
    report.details['ack'] = r;
    printAck(r);
    const bare = r.pooled.find((p) => p.label === 'bare Bolt');
    if (!bare) return;
    report.add(`ack p99 bare Bolt (${r.rate}/s)`, ms(bare.p99));
    report.add(
      'ack noise floor: bare p99 spread over rounds',
      `${ms(r.noise.spread)} (${ms(r.noise.min)}–${ms(r.noise.max)})`,
    );
    for (const p of r.pooled.filter((x) => x !== bare))
      report.add(
        `ack p99 ${p.label}`,
        `${ms(p.p99)} (${(p.p99 / bare.p99).toFixed(2)}x bare${p.failed ? `, ${p.failed} failed` : ''})`,
        `≤ ${ms(ackBar(bare.p99))}`,
        p.p99 <= ackBar(bare.p99) && p.failed === 0,
      );
    for (const s of r.skipped) report.add('ack skipped', s, '', false);
  },
);

await section('storm', '1,000 /rerun commands at once: ack times and approval requests posted', async () => {
  const mix = {
    help: env('STORM_HELP', STORM_MIX.help),
    invalid: env('STORM_INVALID', STORM_MIX.invalid),
    valid: env('STORM_VALID', STORM_MIX.valid),
  };
  const r = await commandStorm({ mix, postWaitMs: env('STORM_WAIT_MS', 240_000) });
  report.details['storm'] = r;
  printStorm(r, mix);
  for (const x of r.results) {
    report.add(
      `storm ${x.label}: acks over 3 s`,
      `${x.late} of ${x.n + x.failed} (p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, max ${ms(x.max)})`,
      '0',
      x.late === 0 && x.failed === 0,
    );
    if (!Number.isNaN(x.posted))
      report.add(
        `storm ${x.label}: valid requests posted`,
        `${x.posted} of ${mix.valid}`,
        `${mix.valid}`,
        x.posted === mix.valid,
      );
  }
  for (const s of r.skipped) report.add('storm skipped', s, '', false);
});

await section(
  'running',
  'Approve click -> message shows "approved — sending" (ms), provider answering after 1.5 s',
  async () => {
    const r = await runningLatency(env('CLICKS', 15));
    report.details['running'] = r;
    console.log(`n=${r.n} p50=${ms(r.p50)} p99=${ms(r.p99)} max=${ms(r.max)}; bar p99 300 ms`);
    report.add('click -> "sending" p99', `${ms(r.p99)} (p50 ${ms(r.p50)})`, '≤ 300 ms', r.p99 <= 300);
  },
);

await section('approval', '/rerun -> approval request posted, per provider (ms)', async () => {
  const rows = await approvalLatency(env('ASKS', 10));
  report.details['approval'] = rows;
  printApproval(rows);
  for (const r of rows) report.add(`/rerun -> approval p99 ${r.provider}`, `${ms(r.p99)} (p50 ${ms(r.p50)})`);
});

await section('bulk', 'bulk: 1,000 jobs through the adapters at their production pace', async () => {
  const jobs = env('BULK_JOBS', 1000);
  const tc = await tencentBulk(jobs);
  const eh = await ehpcBulk(jobs);
  report.details['bulk'] = { tencent: tc, ehpc: eh };
  printBulk(tc, eh);
  const share = tc.callsPerSecond / tc.allowedPerSecond;
  report.add(
    `bulk tencent ${tc.jobs} ids: rate of 2/s`,
    `${tc.callsPerSecond.toFixed(3)}/s = ${(100 * share).toFixed(1)}% (${tc.calls} calls, ${tc.outcome})`,
    '≥ 95%',
    share >= 0.95 && tc.outcome === 'accepted',
  );
  report.add(`bulk tencent throttling errors`, String(tc.throttled), '0', tc.throttled === 0);
  const calls = Math.ceil(eh.jobs / 100);
  report.add(
    `bulk e-hpc ${eh.jobs} jobs: RerunJobs calls`,
    `${eh.rerunCalls} (${eh.outcome}, ${eh.seconds.toFixed(1)} s)`,
    `${calls}`,
    eh.rerunCalls <= calls && eh.outcome === 'accepted',
  );
});

await section(
  'burst',
  'alert storm against a fake Slack enforcing 1 chat.postMessage per channel per second',
  async () => {
    const storm = await alertStorm(env('ALERTS', 500));
    const steady = await steadyRate(env('STEADY', 10));
    report.details['burst'] = { storm, steady };
    printBurst(storm, steady);
    // alertStorm waits until every alert is answered (a reply or a digest line) and throws otherwise.
    report.add(
      `burst ${storm.alerts} alerts: lost / Retry-After violations`,
      `0 / ${storm.violations} (${storm.rateLimited} x 429)`,
      '0 / 0',
      storm.violations === 0,
    );
    report.add('burst drain time', `${(storm.drainMs / 1000).toFixed(1)} s (${storm.posts} messages)`);
    report.add(
      'burst steady posts/s in one channel',
      `${steady.postsPerSecond.toFixed(2)} of ${steady.allowedPerSecond} (${steady.violations} violations)`,
      'no violation',
      steady.violations === 0,
    );
  },
);

await section('follow', 'follow-up lag: provider final state -> final thread reply (s)', async () => {
  const r = await followLag(env('FOLLOW', 20), env('FOLLOW_SPREAD_MS', 30_000));
  report.details['follow'] = r;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  console.log(`n=${r.n} p50=${s(r.p50)} p99=${s(r.p99)} max=${s(r.max)}; bar 30 s`);
  console.log(`DescribeJobs calls while the jobs ended: ${r.describeCalls} (at most ${r.mostIds} ids in one)`);
  report.add('follow-up lag p50', s(r.p50), '≤ 30 s', r.p50 <= 30_000);
  report.add('follow-up lag p99', s(r.p99), '≤ 30 s', r.p99 <= 30_000);
});

await section('rerun-wait', "an approved rerun's call waits behind status reads (s)", async () => {
  const counts = (process.env['BENCH_RERUN_WAIT'] ?? '40,100').split(',').map(Number);
  const rows = [];
  for (const n of counts) {
    const r = await rerunWait(n);
    rows.push(r);
    console.log(printRerunWait(r));
    report.add(
      `rerun waits behind reads, ${n} followed (max)`,
      `${(r.max / 1000).toFixed(1)} s`,
      '≤ 1 s',
      r.max <= 1_000,
    );
  }
  report.details['rerun-wait'] = rows;
});

await section('footprint', 'footprint of node dist/main.js on its SQLite store', async () => {
  const sizes = (process.env['BENCH_STORE_SIZES'] ?? '0,100000').split(',').map(Number);
  const rows = await storeGrowth(sizes);
  const oc = await openCheck(Math.max(...sizes, 1));
  report.details['footprint'] = { rows, openCheck: oc };
  for (const g of rows) {
    console.log(
      `${String(g.stored).padStart(7)} stored: start-up ${g.startupMs.toFixed(0).padStart(5)} ms, idle RSS ${g.idleRssMb.toFixed(1).padStart(6)} MB`,
    );
    report.add(`start-up, ${g.stored} stored`, `${g.startupMs.toFixed(0)} ms`, '< 2000 ms', g.startupMs < 2000);
    report.add(`idle RSS, ${g.stored} stored`, `${g.idleRssMb.toFixed(1)} MB`, '< 150 MB', g.idleRssMb < 150);
  }
  console.log(
    `open-request check on ${oc.stored} stored requests: n=${oc.n} p50=${oc.p50Us.toFixed(0)} µs p99=${oc.p99Us.toFixed(0)} µs (${oc.found} found open)`,
  );
  report.add(`open-request check p99, ${oc.stored} stored`, `${oc.p99Us.toFixed(0)} µs`);
});

await section('journal', 'upgrading a large old install: the older journal imported at start', async () => {
  const r = await journalImport(env('JOURNAL_REQUESTS', 100_000), env('JOURNAL_BYTES_PER_REQUEST', 7_100));
  report.details['journalImport'] = r;
  printJournalImport(r);
  const size = `${r.requests} requests, ${r.journalMb.toFixed(0)} MB`;
  report.add(
    `journal import, ${size}`,
    `${r.startupS.toFixed(1)} s`,
    'every request',
    r.stored.requests === r.requests,
  );
  report.add(`journal import peak RSS, ${size}`, `${r.peakRssMb.toFixed(1)} MB`);
  report.add(`idle RSS after the import`, `${r.idleRssMb.toFixed(1)} MB`, '< 150 MB', r.idleRssMb < 150);
});

const meta = {
  at: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadavg: loadavg(),
  seconds: Math.round((Date.now() - started) / 1000),
};
console.log(
  `\n# summary (${meta.seconds} s; ${meta.cpus} CPUs, load ${meta.loadavg.map((l) => l.toFixed(1)).join(' ')})`,
);
console.log(report.table());
report.write(jsonPath, meta);
console.log(`\nJSON: ${jsonPath}`);
process.exit(0);
