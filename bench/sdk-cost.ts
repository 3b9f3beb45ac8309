/**
 * CPU cost per call of our signed adapters against the official SDKs making the same call to
 * the same emulator (docs/SPEC.md §7): Tencent Batch RetryJobs and DescribeJobs through
 * `TencentClient.call` and through tencentcloud-sdk-nodejs-common's CommonClient; E-HPC RerunJobs
 * and ListJobs through `EhpcClient.call` and through @alicloud/openapi-client (ACS3-HMAC-SHA256,
 * the SDK's default signature, as ours). The emulators verify every signature, in a process of
 * their own so only the client's work is counted here: process.cpuUsage() (user + system) over
 * `calls` sequential calls, in alternating rounds (ours, SDK, ours, SDK…), after every call of
 * both clients has been warmed up.
 *
 * Pointing the SDKs at the emulator: the Tencent SDK derives the signing service from the first
 * label of its endpoint ("127" for 127.0.0.1:port, which the emulator, like the real gateway,
 * refuses) and signs the host without its port, so it keeps its real endpoint
 * batch.tencentcloudapi.com over http, with an agent whose connections go to the emulator. The
 * Alibaba SDK signs the host header it sends, port included, so it takes the emulator's host
 * as its endpoint with protocol http.
 *
 * Our adapters run with no pace (the pacer is injected): the SDKs have none either.
 *
 * Run on its own: `npx tsx bench/sdk-cost.ts`.
 */
import { Agent } from 'node:http';
import { connect } from 'node:net';
import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import tencentSdk from 'tencentcloud-sdk-nodejs-common';
import { createLogger } from '../src/logging.ts';
import { EhpcClient, type EhpcCall } from '../src/providers/alibaba-ehpc/client.ts';
import { ehpcTargetSchema } from '../src/providers/alibaba-ehpc/schema.ts';
import { createHttpClient } from '../src/providers/_shared/http.ts';
import { DEFAULT_TIMING } from '../src/providers/_shared/timing.ts';
import { TencentClient } from '../src/providers/tencent-batch/client.ts';
import { tencentTargetSchema } from '../src/providers/tencent-batch/schema.ts';
import type { Pacers, ProviderDeps } from '../src/providers/types.ts';
import { EHPC_CLUSTER, EHPC_JOBS, startEmulatorProcess, TENCENT_JOBS } from './emulator-process.ts';

export interface CostRow {
  /** e.g. "tencent RetryJobs". */
  call: string;
  calls: number;
  /** CPU time of this process per call, µs (user + system). */
  oursUs: number;
  sdkUs: number;
  /** SDK / ours: above 1, our adapter costs less. */
  ratio: number;
  /** Wall time per call, µs (sequential calls, emulator included). */
  oursWallUs: number;
  sdkWallUs: number;
  /** Calls that failed (a refused signature, a transport error): none expected. */
  oursErrors: number;
  sdkErrors: number;
}

type Call = () => Promise<unknown>;

interface Sample {
  cpuUs: number;
  wallUs: number;
  errors: number;
}

async function measure(fn: Call, n: number): Promise<Sample> {
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn().catch(() => (errors += 1));
  const wallUs = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  return { cpuUs: cpu.user + cpu.system, wallUs, errors };
}

interface Pair {
  name: string;
  ours: Call;
  sdk: Call;
}

/**
 * Every call of both clients first runs `warm` times (the JIT, the connections), so the first pair
 * measured is not the one that pays for it; then each pair in `rounds` alternating rounds of
 * `calls / rounds` calls.
 */
async function compareAll(pairs: Pair[], calls: number, rounds: number, warm = 100): Promise<CostRow[]> {
  for (const p of pairs) {
    await measure(p.ours, warm);
    await measure(p.sdk, warm);
  }
  const rows: CostRow[] = [];
  for (const p of pairs) rows.push(await compare(p, calls, rounds));
  return rows;
}

async function compare({ name, ours, sdk }: Pair, calls: number, rounds: number): Promise<CostRow> {
  const per = Math.max(1, Math.floor(calls / rounds));
  const o: Sample[] = [];
  const s: Sample[] = [];
  for (let r = 0; r < rounds; r++) {
    o.push(await measure(ours, per));
    s.push(await measure(sdk, per));
  }
  const sum = (xs: Sample[], k: keyof Sample) => xs.reduce((a, x) => a + x[k], 0);
  const total = per * rounds;
  const oursUs = sum(o, 'cpuUs') / total;
  const sdkUs = sum(s, 'cpuUs') / total;
  return {
    call: name,
    calls: total,
    oursUs,
    sdkUs,
    ratio: sdkUs / oursUs,
    oursWallUs: sum(o, 'wallUs') / total,
    sdkWallUs: sum(s, 'wallUs') / total,
    oursErrors: sum(o, 'errors'),
    sdkErrors: sum(s, 'errors'),
  };
}

/**
 * The SDK's client class. Node hands a CommonJS module's exports to a default import (the class
 * is then its `default`); vitest's interop hands the class itself.
 */
const AlibabaClient =
  (OpenApi as unknown as { default?: typeof OpenApi.default }).default ??
  (OpenApi as unknown as typeof OpenApi.default);

const unpaced: Pacers = { get: () => (fn) => fn() };

function deps(): ProviderDeps {
  return {
    http: createHttpClient(),
    clock: { now: () => new Date() },
    logger: createLogger('silent'),
    timing: DEFAULT_TIMING,
    pacers: unpaced,
  };
}

/** An http.Agent whose every connection goes to 127.0.0.1:port, whatever host the URL names. */
function pinnedAgent(port: number): Agent {
  return Object.assign(new Agent({ keepAlive: true }), { createConnection: () => connect(port, '127.0.0.1') });
}

async function tencent(calls: number, rounds: number, warm: number): Promise<CostRow[]> {
  const creds = { secretId: 'AKIDBENCHSDK', secretKey: 'fake-bench-sdk-key' };
  const emu = await startEmulatorProcess('tencent', creds);
  try {
    const target = tencentTargetSchema.parse({
      provider: 'tencent-batch',
      region: 'ap-guangzhou',
      endpoint: emu.url,
      auth: creds,
    });
    const ours = new TencentClient(target, deps());
    const sdk = new tencentSdk.CommonClient('batch.tencentcloudapi.com', '2017-03-12', {
      credential: creds,
      region: 'ap-guangzhou',
      profile: { httpProfile: { protocol: 'http://', agent: pinnedAgent(Number(new URL(emu.url).port)) } },
    });
    const jobIds = TENCENT_JOBS.slice(0, 1);
    const params = { JobIds: jobIds };
    return await compareAll(
      (['RetryJobs', 'DescribeJobs'] as const).map((action) => ({
        name: `tencent ${action}`,
        ours: () => ours.call({ action, params, jobIds }),
        sdk: () => sdk.request(action, params),
      })),
      calls,
      rounds,
      warm,
    );
  } finally {
    await emu.close();
  }
}

async function alibaba(calls: number, rounds: number, warm: number): Promise<CostRow[]> {
  const creds = { accessKeyId: 'bench-sdk-access-key', accessKeySecret: 'fake-bench-sdk-secret' };
  const emu = await startEmulatorProcess('ehpc', creds);
  try {
    const target = ehpcTargetSchema.parse({
      provider: 'alibaba-ehpc',
      region: 'cn-hangzhou',
      clusterId: EHPC_CLUSTER,
      endpoint: emu.url,
      auth: creds,
    });
    const ours = new EhpcClient(target, deps());
    const sdk = new AlibabaClient(
      new Config({ ...creds, endpoint: new URL(emu.url).host, protocol: 'http', regionId: 'cn-hangzhou' }),
    );
    // As the generated E-HPC 2018-04-12 client calls them: RPC style, GET, parameters in the query.
    const params = (action: string) =>
      new Params({
        action,
        version: '2018-04-12',
        protocol: 'HTTPS',
        pathname: '/',
        method: 'GET',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
    const runtime = new RuntimeOptions({});
    const ids = EHPC_JOBS.slice(0, 1);
    const calls_: Record<string, EhpcCall> = {
      RerunJobs: {
        action: 'RerunJobs',
        params: { ClusterId: EHPC_CLUSTER, Jobs: JSON.stringify(ids.map((Id) => ({ Id }))) },
        cluster: EHPC_CLUSTER,
        jobIds: ids,
      },
      ListJobs: {
        action: 'ListJobs',
        params: { ClusterId: EHPC_CLUSTER, State: 'all', PageNumber: '1', PageSize: '50' },
        cluster: EHPC_CLUSTER,
        jobIds: [],
      },
    };
    return await compareAll(
      Object.entries(calls_).map(([action, call]) => {
        const p = params(action);
        return {
          name: `alibaba ${action}`,
          ours: () => ours.call(call),
          sdk: () => sdk.callApi(p, new OpenApiRequest({ query: call.params }), runtime),
        };
      }),
      calls,
      rounds,
      warm,
    );
  } finally {
    await emu.close();
  }
}

export async function sdkCost(calls = 600, rounds = 4, warm = 100): Promise<CostRow[]> {
  return [...(await tencent(calls, rounds, warm)), ...(await alibaba(calls, rounds, warm))];
}

export function printCost(rows: CostRow[]): void {
  for (const r of rows)
    console.log(
      `${r.call.padEnd(22)} ours ${r.oursUs.toFixed(0).padStart(5)} µs CPU/call, SDK ${r.sdkUs.toFixed(0).padStart(5)} µs ` +
        `-> SDK/ours ${r.ratio.toFixed(2)}x (wall ${(r.oursWallUs / 1000).toFixed(2)} vs ${(r.sdkWallUs / 1000).toFixed(2)} ms; ` +
        `${r.calls} calls each, errors ${r.oursErrors}/${r.sdkErrors})`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('# CPU per call: our signed adapter vs the official SDK, same call, same emulator');
  printCost(await sdkCost(Number(process.env['BENCH_SDK_CALLS'] ?? 600)));
  process.exit(0);
}
