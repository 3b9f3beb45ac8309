/**
 * Start-up time and idle memory of the built bot (`node dist/main.js`, as in the image):
 * time from spawn to the first 200 from /healthz, then RSS after a few idle seconds. Optionally
 * on a data directory prepared beforehand (a store with a long history).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { childBotEnv } from '../test/support/harness.ts';
import { imageNodeFlags } from '../test/support/image.ts';
import { freePort } from '../test/support/ports.ts';

const ROOT = new URL('../', import.meta.url).pathname;

export interface Footprint {
  startupMs: number;
  idleRssMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** Builds the bot as the image does (tsc, then the migrations beside the code); returns dist/. */
export function buildDist(): string {
  const out = join(ROOT, '.build-test', 'dist');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out],
    { cwd: ROOT },
  );
  cpSync(join(ROOT, 'src/store/migrations'), join(out, 'store/migrations'), { recursive: true });
  return out;
}

export async function footprint(idleSeconds = 3, dataDir?: string, out = buildDist()): Promise<Footprint> {
  const slack = await new FakeSlack().start();
  const dir = mkdtempSync(join(tmpdir(), 'rerun-bench-'));
  writeFileSync(
    join(dir, 'rerun.yml'),
    'targets:\n  t1:\n    provider: tencent-batch\n    region: ap-guangzhou\n    auth: { secretId: fake-id, secretKey: fake-key }\n',
  );
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...imageNodeFlags(), join(out, 'main.js')], {
    env: {
      ...process.env,
      ...childBotEnv(slack.apiUrl, port, dir),
      ...(dataDir ? { RERUN_DATA_DIR: dataDir } : {}),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  let startupMs = NaN;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
        startupMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    if (performance.now() - t0 > 20_000) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const idleRssMb = rssMb(child.pid as number);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
  return { startupMs, idleRssMb };
}
