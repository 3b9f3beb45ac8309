/**
 * Runs the benchmarks and prints numbers and ratios. `npm run bench`; BENCH_RATE (requests/s,
 * default 100) and BENCH_SECONDS (default 30) set the ack-latency load.
 */
import { ackLatency } from './ack-latency.ts';
import { alertStorm, printBurst, steadyRate } from './alert-burst.ts';
import { followLag } from './follow-lag.ts';
import { footprint } from './footprint.ts';
import { runningLatency } from './running-latency.ts';
import { signers } from './signers.ts';
import { openCheck, storeGrowth } from './store-growth.ts';

const rate = Number(process.env['BENCH_RATE'] ?? 100);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 30);

const fmt = (n: number) => n.toFixed(2).padStart(8);

console.log('# signers (ops/s)');
for (const s of signers()) console.log(`${s.name.padEnd(32)} ${String(s.opsPerSecond).padStart(10)}`);

console.log(`\n# Slack ack latency, ${rate} req/s for ${seconds} s (ms)`);
const [bare, bot] = await ackLatency(rate, seconds);
for (const r of [bare, bot])
  if (r)
    console.log(
      `${r.label.padEnd(12)} n=${String(r.n).padStart(5)} p50=${fmt(r.p50)} p99=${fmt(r.p99)} max=${fmt(r.max)}`,
    );
if (bare && bot) {
  const allowed = Math.max(bare.p99 * 1.3, bare.p99 + 5);
  console.log(
    `p99 ratio rerun-bot/bare = ${(bot.p99 / bare.p99).toFixed(2)}; bar (max of 1.3x, +5 ms) = ${allowed.toFixed(2)} ms -> ${bot.p99 <= allowed ? 'within' : 'OVER'}`,
  );
}

const running = await runningLatency();
console.log(`\n# Approve click -> message shows "Running…" (ms), ${running.n} clicks, provider answering after 1.5 s`);
console.log(`p50=${fmt(running.p50)} max=${fmt(running.max)}; bar 300 ms -> ${running.max <= 300 ? 'within' : 'OVER'}`);

console.log('\n# alert storm against a fake Slack enforcing 1 chat.postMessage per channel per second');
printBurst(await alertStorm(), await steadyRate());

const lag = await followLag();
const sec = (ms: number) => (ms / 1000).toFixed(1);
console.log(`\n# follow-up lag: provider final state -> final thread reply (s), ${lag.n} reruns`);
console.log(
  `p50=${sec(lag.p50)} p99=${sec(lag.p99)} max=${sec(lag.max)}; bar 30 s -> ${lag.max <= 30_000 ? 'within' : 'OVER'}`,
);

const fp = await footprint();
console.log('\n# footprint of node dist/main.js');
console.log(
  `start-up to first /healthz: ${fp.startupMs.toFixed(0)} ms (bar 2000) -> ${fp.startupMs <= 2000 ? 'within' : 'OVER'}`,
);
console.log(`idle RSS: ${fp.idleRssMb.toFixed(1)} MB (bar 150) -> ${fp.idleRssMb <= 150 ? 'within' : 'OVER'}`);

console.log('\n# embedded SQLite store as history grows: node dist/main.js');
for (const g of await storeGrowth()) {
  const ok = g.startupMs <= 2000 && g.idleRssMb <= 150;
  console.log(
    `${String(g.stored).padStart(7)} stored: start-up ${g.startupMs.toFixed(0).padStart(5)} ms, idle RSS ${g.idleRssMb.toFixed(1).padStart(6)} MB (bars 2000 ms, 150 MB) -> ${ok ? 'within' : 'OVER'}`,
  );
}
const oc = await openCheck();
console.log(
  `open-request check on ${oc.stored} stored requests, one target: n=${oc.n} p50=${oc.p50Us.toFixed(0)} µs p99=${oc.p99Us.toFixed(0)} µs max=${oc.maxUs.toFixed(0)} µs (${oc.found} found open)`,
);
process.exit(0);
