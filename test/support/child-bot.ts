/**
 * A bot as its own process (`node --import tsx src/main.ts`, what `npm start` runs), in its own
 * process group so a test can SIGKILL it like a crash or SIGTERM it like an orchestrator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './driver.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ChildBot {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnBot(env: Record<string, string>): ChildBot {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env['PORT']}`, output: () => out, exited };
}

/** Starts a bot and waits until it answers /healthz. */
export async function startBotProcess(env: Record<string, string>): Promise<ChildBot> {
  const bot = spawnBot(env);
  await eventually(async () => {
    try {
      return (await fetch(`${bot.url}/healthz`)).status === 200;
    } catch {
      return false;
    }
  }, 30_000).catch(() => {
    throw new Error(`bot did not start:\n${bot.output()}`);
  });
  return bot;
}

export function killBot(bot: ChildBot, signal: NodeJS.Signals): Promise<number | null> {
  try {
    process.kill(-(bot.child.pid as number), signal);
  } catch {
    // already gone
  }
  return bot.exited;
}
