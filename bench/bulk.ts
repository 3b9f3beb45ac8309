/**
 * Bulk reruns through the adapters with their production pace and timing (docs/SPEC.md §7):
 *
 * - Tencent: 1,000 job ids previewed and retried against an emulator enforcing Batch's documented
 *   2 requests/s (it answers RequestLimitExceeded past it). The achieved call rate (first call →
 *   last, every call of the preview and the rerun) against the allowance, and the throttling
 *   answers seen. Bar: ≥ 95% of the allowance, 0 throttling errors.
 * - E-HPC: 1,000 jobs previewed and rerun. RerunJobs takes 100 jobs per call. Bar: 10 calls.
 *
 * Every HTTP call is counted at the client (the emulators record only what they let through).
 * Run on its own: `npx tsx bench/bulk.ts` (about 35 s).
 */
import { createLogger } from '../src/logging.ts';
import { alibabaEhpc } from '../src/providers/alibaba-ehpc/index.ts';
import { startEhpcEmulator } from '../src/providers/alibaba-ehpc/emulator.ts';
import { ehpcTargetSchema } from '../src/providers/alibaba-ehpc/schema.ts';
import { createHttpClient } from '../src/providers/_shared/http.ts';
import { createPacers } from '../src/providers/_shared/pacing.ts';
import { DEFAULT_TIMING } from '../src/providers/_shared/timing.ts';
import { startTencentEmulator } from '../src/providers/tencent-batch/emulator.ts';
import { tencentBatch } from '../src/providers/tencent-batch/index.ts';
import { REQUESTS_PER_SECOND } from '../src/providers/tencent-batch/limits.ts';
import type { HttpClient, ProviderDeps } from '../src/providers/types.ts';

interface SentCall {
  at: number;
  action: string;
  throttled: boolean;
}

/** The production HttpClient, noting each call's start, action and whether it was throttled. */
function counted(): { http: HttpClient; calls: SentCall[] } {
  const inner = createHttpClient();
  const calls: SentCall[] = [];
  return {
    calls,
    http: {
      async send(req) {
        const at = performance.now();
        const h = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
        const action = h['x-tc-action'] ?? h['x-acs-action'] ?? /[?&]Action=([^&]+)/.exec(req.url)?.[1] ?? '?';
        const res = await inner.send(req);
        calls.push({ at, action, throttled: /RequestLimitExceeded|Throttling/.test(res.body) });
        return res;
      },
    },
  };
}

function deps(http: HttpClient): ProviderDeps {
  return {
    http,
    clock: { now: () => new Date() },
    logger: createLogger('silent'),
    timing: DEFAULT_TIMING,
    pacers: createPacers(),
  };
}

export interface TencentBulk {
  jobs: number;
  calls: number;
  byAction: Record<string, number>;
  /** (calls − 1) / (last call − first call), per second. */
  callsPerSecond: number;
  allowedPerSecond: number;
  throttled: number;
  outcome: string;
  accepted: number;
  seconds: number;
}

export interface EhpcBulk {
  jobs: number;
  rerunCalls: number;
  /** Every call: ListJobs pages of the preview and the check before sending, and RerunJobs. */
  calls: number;
  byAction: Record<string, number>;
  throttled: number;
  outcome: string;
  accepted: number;
  seconds: number;
}

const tally = (calls: SentCall[]) =>
  calls.reduce<Record<string, number>>((m, c) => ({ ...m, [c.action]: (m[c.action] ?? 0) + 1 }), {});

export async function tencentBulk(jobs = 1_000): Promise<TencentBulk> {
  const creds = { secretId: 'AKIDBENCHBULK', secretKey: 'fake-bench-bulk-key' };
  const emu = await startTencentEmulator(creds);
  emu.ratePerSecond = REQUESTS_PER_SECOND;
  const ids = Array.from({ length: jobs }, (_, i) => `job-bulk${String(i).padStart(5, '0')}`);
  for (const id of ids) emu.addJob(id, 'FAILED');
  const { http, calls } = counted();
  const target = tencentBatch.targetSchema.parse({
    provider: 'tencent-batch',
    region: 'ap-guangzhou',
    endpoint: emu.url,
    auth: creds,
  });
  const session = tencentBatch.connect(target, deps(http));
  const params = tencentBatch.paramsSchema({ target, now: new Date() }).parse({ job_ids: ids });
  const t0 = performance.now();
  const preview = await session.preview(params);
  const outcome = preview.send
    ? await session.rerun(preview.send)
    : { status: 'nothing to send', items: [] as { result: string }[] };
  const seconds = (performance.now() - t0) / 1000;
  await emu.close();
  const span = ((calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0)) / 1000;
  return {
    jobs,
    calls: calls.length,
    byAction: tally(calls),
    callsPerSecond: span > 0 ? (calls.length - 1) / span : NaN,
    allowedPerSecond: REQUESTS_PER_SECOND,
    throttled: calls.filter((c) => c.throttled).length,
    outcome: outcome.status,
    accepted: outcome.items.filter((i) => i.result === 'accepted').length,
    seconds,
  };
}

export async function ehpcBulk(jobs = 1_000): Promise<EhpcBulk> {
  const creds = { accessKeyId: 'bench-bulk-access-key', accessKeySecret: 'fake-bench-bulk-secret' };
  const cluster = 'ehpc-hz-BulkCl01';
  const emu = await startEhpcEmulator(creds);
  emu.addCluster(cluster);
  const ids = Array.from({ length: jobs }, (_, i) => `${i + 1}.scheduler`);
  for (const id of ids) emu.addJob(cluster, id, Number.parseInt(id, 10) % 2 ? 'RUNNING' : 'QUEUED');
  const { http, calls } = counted();
  const target = ehpcTargetSchema.parse({
    provider: 'alibaba-ehpc',
    region: 'cn-hangzhou',
    clusterId: cluster,
    endpoint: emu.url,
    auth: creds,
  });
  const session = alibabaEhpc.connect(target, deps(http));
  const params = alibabaEhpc.paramsSchema({ target, now: new Date() }).parse({ jobs: ids });
  const t0 = performance.now();
  const preview = await session.preview(params);
  const outcome = preview.send
    ? await session.rerun(preview.send)
    : { status: 'nothing to send', items: [] as { result: string }[] };
  const seconds = (performance.now() - t0) / 1000;
  const rerunCalls = emu.rerunCalls.length;
  await emu.close();
  return {
    jobs,
    rerunCalls,
    calls: calls.length,
    byAction: tally(calls),
    throttled: calls.filter((c) => c.throttled).length,
    outcome: outcome.status,
    accepted: outcome.items.filter((x) => x.result === 'accepted').length,
    seconds,
  };
}

export function printBulk(tc: TencentBulk, eh: EhpcBulk): void {
  const share = tc.callsPerSecond / tc.allowedPerSecond;
  console.log(
    `tencent: ${tc.jobs} job ids -> ${tc.outcome} (${tc.accepted} accepted) in ${tc.seconds.toFixed(1)} s, ${tc.calls} calls ` +
      `${JSON.stringify(tc.byAction)} at ${tc.callsPerSecond.toFixed(3)}/s of ${tc.allowedPerSecond}/s (${(100 * share).toFixed(1)}%), ` +
      `${tc.throttled} throttled; bars >= 95%, 0 -> ${share >= 0.95 && tc.throttled === 0 ? 'within' : 'OVER'}`,
  );
  console.log(
    `e-hpc: ${eh.jobs} jobs -> ${eh.outcome} (${eh.accepted} accepted) in ${eh.seconds.toFixed(1)} s, ${eh.rerunCalls} RerunJobs calls ` +
      `(all calls ${JSON.stringify(eh.byAction)}, ${eh.throttled} throttled); bar 10 -> ${eh.rerunCalls <= 10 ? 'within' : 'OVER'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('# bulk: 1,000 jobs through the adapters, production pace');
  printBulk(await tencentBulk(), await ehpcBulk());
  process.exit(0);
}
