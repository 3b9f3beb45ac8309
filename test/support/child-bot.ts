/**
 * A bot as its own process (the sources bundled as one file, see bot-bundle.ts, or `npm start`
 * itself), in its own process group so a test can SIGKILL it like a crash or SIGTERM it like an
 * orchestrator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BOT_BUNDLE } from './bot-bundle.ts';
import { eventually } from './driver.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface ChildBot {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Through `npm start`, exactly as the README says to run it. */
  npm?: boolean;
  /** Keep standard input open as a pipe (the console reads it), instead of none at all. */
  stdin?: boolean;
  /** Node's own options before the script (`--cpu-prof`: a bench profiles the bot). */
  execArgv?: string[];
}

export function spawnBot(env: Record<string, string>, o: SpawnOptions = {}): ChildBot {
  let out = '';
  const [command, args] = o.npm
    ? ['npm', ['start', '--silent']]
    : [process.execPath, [...(o.execArgv ?? []), BOT_BUNDLE]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: [o.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': npm exits on SIGTERM before the bot under it has written its last
  // lines; the pipes close only when every process holding them (npm, tsx, the bot) is gone.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${env['PORT']}`, output: () => out, exited };
}

/** Starts a bot and waits until it answers /healthz. */
export async function startBotProcess(env: Record<string, string>, o: SpawnOptions = {}): Promise<ChildBot> {
  const bot = spawnBot(env, o);
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

/**
 * Sends `signal` to the started process alone (npm's, for `npm start`), as a supervisor does:
 * not to its process group, so whatever runs under it must be stopped by it.
 */
export function signalAlone(bot: ChildBot, signal: NodeJS.Signals): Promise<number | null> {
  bot.child.kill(signal);
  return bot.exited;
}

/** Whether any process of the bot's process group (npm, a shell, node) is still alive. */
export function groupAlive(bot: ChildBot): boolean {
  try {
    process.kill(-(bot.child.pid as number), 0);
    return true;
  } catch {
    return false;
  }
}
