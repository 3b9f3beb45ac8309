/**
 * The store's health as the operator meets it. At start, the bot (its own process, as `npm start`
 * runs it) refuses a damaged file, a read-only data directory and a full one, each in one line
 * naming the path, with no stack. At run time, a file damaged under the running bot turns /readyz
 * not ready, logged once with what to do.
 *
 * Read-only and full are real, also when the tests run as root (root ignores permission bits, so
 * chmod proves nothing): the bot runs in its own mount namespace (`unshare`, as an unprivileged user
 * namespace where needed), where the data directory is bind-mounted read-only (EROFS, as a
 * read-only volume in Kubernetes), or is a 256 KiB tmpfs filled to the last byte (ENOSPC).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_BUNDLE } from '../support/bot-bundle.ts';
import { spawnBot } from '../support/child-bot.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { childBotEnv, startHarness } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';
import { overwrite, seedStore } from '../store/damage.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CONFIG =
  'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n' +
  '    auth: { secretId: fake-secret-id, secretKey: fake-secret-key }\n';

/** Runs the bot under `unshare` after `setup` (shell, as root of its namespace) prepared its data directory. */
function botInNamespace(env: Record<string, string>, setup: string) {
  const child = spawn(
    'unshare',
    ['--user', '--map-root-user', '--mount', 'sh', '-c', `set -e; ${setup}; exec "$NODE" "$BOT"`],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, NODE: process.execPath, BOT: BOT_BUNDLE },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { exited, output: () => out };
}

/** The process said one line (the refusal) and no stack. */
function oneLine(output: string): string {
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(output).not.toMatch(/^\s+at /m);
  return lines[0] as string;
}

// Each refusal is its own process on its own data directory, so they run at once.
describe.concurrent('the bot refuses to start on a store it cannot use', { timeout: 120_000 }, () => {
  let slack: FakeSlack;
  let dir: string;
  let base: Record<string, string>;
  let dirs = 0;
  /** The bot's environment with a data directory of the test's own (not created). */
  const own = (): { env: Record<string, string>; dataDir: string } => {
    const dataDir = join(dir, `data-${++dirs}`);
    return { env: { ...base, RERUN_DATA_DIR: dataDir }, dataDir };
  };

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    dir = mkdtempSync(join(tmpdir(), 'rerun-health-proc-'));
    writeFileSync(join(dir, 'rerun.yml'), CONFIG);
    base = childBotEnv(slack.apiUrl, await freePort(), dir);
  });
  afterAll(async () => {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a damaged file: names it, what quick_check found and what to do', async () => {
    const { env, dataDir } = own();
    const file = await seedStore(dataDir, 2000);
    overwrite(file, Math.floor(statSync(file).size / 2 / 4096) * 4096, 8 * 4096);
    const bot = spawnBot(env);
    expect(await bot.exited).toBe(1);
    const line = oneLine(bot.output());
    expect(line).toMatch(new RegExp(`^rerun-bot: ${file} is damaged \\(PRAGMA quick_check: .*page \\d+`));
    expect(line).toContain(`restore the last backup of ${file}`);
    expect(line).toContain('"A damaged store" in docs/operations.md');
    rmSync(dataDir, { recursive: true });
  });

  it('a read-only data directory (a read-only bind mount over a store that was fine): names it and EROFS', async () => {
    const { env, dataDir } = own();
    await seedStore(dataDir, 10);
    const bot = botInNamespace(env, 'mount --bind -o ro "$RERUN_DATA_DIR" "$RERUN_DATA_DIR"');
    expect(await bot.exited).toBe(1);
    expect(oneLine(bot.output())).toBe(
      `rerun-bot: the data directory ${dataDir} is on a read-only file system (EROFS): rerun-bot keeps its ` +
        'store there and must write to it. Mount it read-write, or set RERUN_DATA_DIR to another directory; ' +
        'see "The data directory" in docs/operations.md',
    );
    rmSync(dataDir, { recursive: true });
  });

  it('a data directory to be created on a read-only file system: names it and EROFS', async () => {
    const parent = join(dir, 'ro-parent');
    mkdirSync(parent);
    const bot = botInNamespace(
      { ...base, RERUN_DATA_DIR: join(parent, 'data') },
      `mount --bind -o ro "${parent}" "${parent}"`,
    );
    expect(await bot.exited).toBe(1);
    expect(oneLine(bot.output())).toMatch(
      new RegExp(`^rerun-bot: the data directory ${join(parent, 'data')} is on a read-only file system \\(EROFS\\)`),
    );
  });

  it('a full data directory: names it and ENOSPC', async () => {
    const { env, dataDir } = own();
    mkdirSync(dataDir);
    const bot = botInNamespace(
      env,
      'mount -t tmpfs -o size=256k tmpfs "$RERUN_DATA_DIR"; ' +
        'dd if=/dev/zero of="$RERUN_DATA_DIR/filler" bs=4k 2>/dev/null || true',
    );
    expect(await bot.exited).toBe(1);
    expect(oneLine(bot.output())).toBe(
      `rerun-bot: the data directory ${dataDir} is full (ENOSPC): rerun-bot cannot record requests there. ` +
        'Free space or grow the volume, or set RERUN_DATA_DIR to another directory; see "The data directory" in ' +
        'docs/operations.md',
    );
    rmSync(dataDir, { recursive: true });
  });
});

describe('a file damaged under the running bot', () => {
  it('turns /readyz not ready at the first request that meets it, logged once with what to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rerun-health-run-'));
    // Far more pages than SQLite's page cache (2 MB) keeps, so requests read them from the file.
    const file = await seedStore(dataDir, 15_000);
    const h = await startHarness(CONFIG, {}, { dataDir });
    try {
      expect((await fetch(`${h.driver.botUrl}/readyz`)).status).toBe(200);
      // Every page but the first (the schema, read at open) overwritten, as a failing disk would.
      overwrite(file, 4096, statSync(file).size - 4096);
      for (const id of ['rr-00000010', 'rr-00001000', 'rr-00002000']) {
        await h.driver.command(`status ${id}`, { user: 'U0ALICE' });
      }
      const ready = await eventually(async () => {
        const res = await fetch(`${h.driver.botUrl}/readyz`);
        return res.status === 503 ? res : undefined;
      });
      const why = await ready.text();
      expect(why).toMatch(new RegExp(`^not ready: store: ${file} is damaged \\(SQLITE_(CORRUPT|NOTADB)[A-Z_]*: `));
      expect(why).toContain(`restore the last backup of ${file}`);
      const damaged = h.logs.lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => String(l['msg']).includes(`${file} is damaged`));
      expect(damaged).toHaveLength(1);
      expect(damaged[0]).toMatchObject({ level: 50, file, code: expect.stringMatching(/^SQLITE_(CORRUPT|NOTADB)/) });
      expect(String(damaged[0]?.['msg'])).toContain('/readyz answers 503 from now on');
      expect(String(damaged[0]?.['msg'])).toContain('docs/operations.md');
      // Still not ready later: the damage does not heal by itself.
      expect((await fetch(`${h.driver.botUrl}/readyz`)).status).toBe(503);
    } finally {
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}, 120_000);
