/**
 * One provider emulator in its own process, so a benchmark that measures the CPU time of a
 * client (process.cpuUsage) does not count the emulator's own work. Started by
 * `startEmulatorProcess`; prints its URL as the first line of its output and runs until killed.
 *
 *   node --import tsx bench/emulator-process.ts tencent|ehpc <json credentials>
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startEhpcEmulator } from '../src/providers/alibaba-ehpc/emulator.ts';
import { startTencentEmulator } from '../src/providers/tencent-batch/emulator.ts';

export type EmulatorKind = 'tencent' | 'ehpc';

/** Jobs seeded in each emulator: enough distinct ids for any call the benchmark makes. */
export const EHPC_CLUSTER = 'ehpc-hz-BenchCl01';
export const TENCENT_JOBS = Array.from({ length: 10 }, (_, i) => `job-bench${String(i).padStart(4, '0')}`);
export const EHPC_JOBS = Array.from({ length: 10 }, (_, i) => `${i + 1}.scheduler`);

async function serve(kind: EmulatorKind, creds: Record<string, string>): Promise<string> {
  if (kind === 'tencent') {
    const emu = await startTencentEmulator(creds as { secretId: string; secretKey: string });
    emu.ratePerSecond = 1_000_000;
    // Retried jobs stay FAILED, so the same RetryJobs call can be made again and again.
    emu.lagAfterRetry = true;
    for (const id of TENCENT_JOBS) emu.addJob(id, 'FAILED');
    // The emulator records every request; the benchmark makes many, so forget them as they come.
    setInterval(() => emu.requests.splice(0), 1_000).unref();
    return emu.url;
  }
  const emu = await startEhpcEmulator(creds as { accessKeyId: string; accessKeySecret: string });
  emu.ratePerSecond = 1_000_000;
  emu.addCluster(EHPC_CLUSTER);
  // RerunJobs moves a job to QUEUED, which RerunJobs takes again.
  for (const id of EHPC_JOBS) emu.addJob(EHPC_CLUSTER, id, 'RUNNING');
  setInterval(() => {
    emu.requests.splice(0);
    emu.rerunCalls.splice(0);
  }, 1_000).unref();
  return emu.url;
}

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  close(): Promise<void>;
}

export async function startEmulatorProcess(
  kind: EmulatorKind,
  creds: Record<string, string>,
): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, kind, JSON.stringify(creds)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`emulator process exited (${String(code)})`)));
  });
  return {
    url,
    child,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [kind, creds] = process.argv.slice(2);
  console.log(await serve(kind as EmulatorKind, JSON.parse(creds ?? '{}')));
}
