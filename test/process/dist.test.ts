/**
 * The image's steps without a Docker engine: compile with tsconfig.build.json and copy the SQL
 * migrations beside the compiled store (as the Dockerfile's `npm run build` does), then start
 * `node dist/main.js`; it must serve /healthz and /readyz (the store migrated and answering).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { childBotEnv } from '../support/harness.ts';
import { imageNodeFlags } from '../support/image.ts';
import { freePort } from '../support/ports.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, '.build-test', 'dist');

describe('the built image contents', () => {
  let slack: FakeSlack;
  let dir: string;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', OUT],
      { cwd: ROOT },
    );
    // The build's second step, here into OUT (tsc copies no .sql file).
    const build = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } })
      .scripts.build;
    expect(build).toContain("cpSync('src/store/migrations', 'dist/store/migrations'");
    cpSync(join(ROOT, 'src/store/migrations'), join(OUT, 'store/migrations'), { recursive: true });
    slack = await new FakeSlack().start();
    dir = mkdtempSync(join(tmpdir(), 'rerun-dist-'));
    writeFileSync(
      join(dir, 'rerun.yml'),
      'targets:\n  t1:\n    provider: tencent-batch\n    region: ap-guangzhou\n    auth: { secretId: fake-id, secretKey: fake-key }\n',
    );
  }, 120_000);
  afterAll(async () => {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('compiles and serves /healthz and /readyz from node dist/main.js', async () => {
    const port = await freePort();
    let out = '';
    // As the image runs it: its CMD's node options, then the compiled entry point.
    const child = spawn(process.execPath, [...imageNodeFlags(), join(OUT, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, ...childBotEnv(slack.apiUrl, port, dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closed = new Promise((r) => child.on('close', r));
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          return false;
        }
      }, 15_000).catch(() => {
        throw new Error(`dist/main.js did not start:\n${out}`);
      });
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      // The line is written once the server listens; its write may reach us just after /readyz answers.
      await eventually(() => out.includes('rerun-bot started'), 15_000);
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
  });
});
