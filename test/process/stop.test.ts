/**
 * `npm start` stopped as a supervisor stops it: SIGTERM (or SIGINT) sent to the process that was
 * started, npm's, and to nothing else. The bot under npm must stop gracefully: the port closes,
 * no process is left, and the data directory can be opened again at once. A second bot on a
 * directory in use is refused in one line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { groupAlive, killBot, signalAlone, spawnBot, startBotProcess, type ChildBot } from '../support/child-bot.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { childBotEnv } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';

/** Longer than a stop with nothing under way takes on a loaded machine, shorter than the grace for calls in flight. */
const DRAIN_MS = 15_000;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

async function portClosed(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/healthz`);
    return false;
  } catch {
    return true;
  }
}

/** The store opens at once (no other process holds it) and closes again. */
async function reopens(dataDir: string): Promise<boolean> {
  await SqliteStore.open(dataDir).close();
  return true;
}

/** Stops `bot` by signalling its own process alone; a leftover is killed so no test leaks it. */
async function stopAlone(bot: ChildBot, signal: NodeJS.Signals): Promise<void> {
  try {
    const exited = await Promise.race([
      signalAlone(bot, signal),
      new Promise<'late'>((r) => setTimeout(() => r('late'), DRAIN_MS)),
    ]);
    expect(exited, `still running ${DRAIN_MS} ms after ${signal}:\n${bot.output()}`).not.toBe('late');
    // A helper of the bot's (tsx's esbuild service) may take a moment after npm to see its pipe close.
    const gone = await eventually(() => !groupAlive(bot), DRAIN_MS).catch(() => false);
    expect(gone, 'a process of the group outlived npm').toBe(true);
  } finally {
    if (groupAlive(bot)) await killBot(bot, 'SIGKILL');
  }
}

describe('npm start stops like a service', () => {
  let slack: FakeSlack;
  let dir: string;

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    dir = mkdtempSync(join(tmpdir(), 'rerun-stop-'));
    // No auth: on the console this target runs against the Tencent emulator; in Slack mode it
    // is never used (the bot is only started and stopped).
    writeFileSync(
      join(dir, 'rerun.yml'),
      'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n',
    );
    writeFileSync(
      join(dir, 'slack.yml'),
      'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n' +
        '    auth: { secretId: AKIDFAKEFAKEFAKE, secretKey: fake-tencent-secret-key }\n',
    );
  });
  afterAll(async () => {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of SIGNALS) {
    it(`HTTP mode: ${signal} to npm alone closes the port, leaves no process and frees the data directory`, async () => {
      const port = await freePort();
      const env = { ...childBotEnv(slack.apiUrl, port, dir), RERUN_CONFIG: join(dir, 'slack.yml'), LOG_LEVEL: 'info' };
      const bot = await startBotProcess(env, { npm: true });
      await stopAlone(bot, signal);
      expect(await portClosed(bot.url)).toBe(true);
      expect(await reopens(join(dir, 'data'))).toBe(true);
      expect(bot.output()).toContain('"msg":"stopped"');
    }, 60_000);

    it(`console mode, input still open: ${signal} to npm alone ends it and frees the data directory`, async () => {
      const dataDir = join(dir, `console-${signal}`);
      const bot = spawnBot(
        { RERUN_CONFIG: join(dir, 'rerun.yml'), RERUN_DATA_DIR: dataDir, LANG: 'en_US.UTF-8', PORT: '0' },
        { npm: true, stdin: true },
      );
      try {
        await eventually(() => bot.output().includes('rerun-bot console.'), 30_000);
      } catch {
        throw new Error(`the console did not start:\n${bot.output()}`);
      }
      await stopAlone(bot, signal);
      expect(bot.output().trimEnd().endsWith('Bye.'), bot.output()).toBe(true);
      expect(await reopens(dataDir)).toBe(true);
    }, 60_000);
  }

  it('refuses a second bot on a data directory in use, in one line without a stack', async () => {
    const dataDir = join(dir, 'held');
    const held = SqliteStore.open(dataDir);
    try {
      const port = await freePort();
      const env = { ...childBotEnv(slack.apiUrl, port, dir), RERUN_CONFIG: join(dir, 'slack.yml') };
      const bot = spawnBot({ ...env, RERUN_DATA_DIR: dataDir }, { npm: true });
      expect(await bot.exited).not.toBe(0);
      const problem = bot
        .output()
        .split('\n')
        .filter((l) => l.startsWith('rerun-bot:'));
      expect(problem).toHaveLength(1);
      expect(problem[0]).toMatch(/rerun\.db is in use by another rerun-bot process/);
      expect(bot.output()).not.toMatch(/\n\s+at /);
    } finally {
      await held.close();
    }
  }, 60_000);
});
