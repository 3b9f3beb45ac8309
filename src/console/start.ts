/**
 * The local console (docs/SPEC.md §3): the same core as Slack, on a terminal, reading lines from
 * standard input (typed or piped). Targets without credentials run against their provider's
 * built-in emulator on 127.0.0.1; with no config file at all, the demo configuration names each
 * provider's example target, under the peer policy, with a throwaway store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { loadConfig, parseConfig, type Config, type EmulatorLookup } from '../config/load.ts';
import { createCore, type Core } from '../core/compose.ts';
import { connectTargets } from '../core/model/target.ts';
import type { Directory, Store } from '../core/ports.ts';
import type { FollowTiming } from '../core/timings.ts';
import { DEMO_RUN_MS, type RunningDemo } from '../emulators/demo.ts';
import { createI18n } from '../i18n/index.ts';
import { uiMsg } from '../i18n/surface.ts';
import type { Locale, Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { createPacers } from '../providers/_shared/pacing.ts';
import { providerMessages, providers } from '../providers/index.ts';
import type { HttpClient, ProviderTiming } from '../providers/types.ts';
import { openStore } from '../store/open.ts';
import { ConsoleNotifier, type Printer } from './notifier.ts';
import { ConsoleSession, DEFAULT_USER } from './session.ts';
import { consoleStyle } from './style.ts';

/** How long the end of input waits for calls under way before leaving. */
export const CONSOLE_DRAIN_MS = 30_000;
/** How long `quit` (or the end of input) waits for followed reruns to reach their final state. */
export const QUIT_WAIT_MS = 60_000;
/** How often `quit` looks whether the followed reruns have ended. */
const QUIT_LOOK_MS = 200;

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The config file, or undefined for the demo configuration. */
  configFile: string | undefined;
  /** For `${VAR}` in the config file. */
  env: Record<string, string | undefined>;
  /** Where a real config keeps its state; the demo always uses a throwaway directory. */
  dataDir: string;
  locale: Locale;
  clock: Clock;
  logger: Logger;
  http: HttpClient;
  timing: ProviderTiming;
  /** Aborted by SIGTERM or SIGINT: the console stops reading and leaves as at the end of input. */
  stop?: AbortSignal;
  /** Where the logs go when not to the terminal, said in the welcome line. */
  logFile?: string | undefined;
  /** How long a demo job runs before it ends (DEMO_RUN_MS by default; tests shorten it). */
  demoRunMs?: number;
  /** The follow-up schedule (the core's default; tests shorten it). */
  follow?: Partial<FollowTiming>;
  /** How long leaving waits for followed reruns' final states (QUIT_WAIT_MS by default). */
  quitWaitMs?: number;
}

/** The console has no user groups: a principal matches only a person's own name. */
const noGroups: Directory = { isMember: async () => false };

/** The demo configuration: each provider's example target, credentials left to its emulator. */
function demoYaml(running: ReadonlyMap<string, { targetId: string; demo: RunningDemo }>): string {
  const targets: Record<string, unknown> = {};
  for (const { targetId, demo } of running.values()) {
    const { auth: _auth, endpoint: _endpoint, ...target } = demo.target;
    targets[targetId] = target;
  }
  return stringify({ targets, policies: { default: { approval: 'peer', expiresAfter: '30m' } } });
}

/**
 * Leaving with reruns still followed: says so and waits a bounded time for their final states
 * (the follow timer keeps running meanwhile). What has not ended by then is named: with a real
 * config the next start follows it (its schedule is in the store); the demo's store is thrown away.
 */
async function awaitFollowed(
  core: Core,
  o: ConsoleOptions,
  say: (m: Message) => void,
  asked: ReadonlySet<string>,
): Promise<void> {
  // Only what was asked here: a rerun followed since an earlier start is not this session's to wait for.
  const followed = async () => (await core.followed()).filter((id) => asked.has(id));
  const demo = !o.configFile;
  let ids = await followed();
  if (!ids.length) return;
  const waitMs = o.quitWaitMs ?? QUIT_WAIT_MS;
  say(uiMsg('ui.console.quitWaiting', { ids, waitMs }));
  // Counted in looks rather than read from the clock: a test's clock may stand still.
  for (let looks = Math.ceil(waitMs / QUIT_LOOK_MS); ids.length && looks > 0 && !o.stop?.aborted; looks--) {
    await new Promise((resolve) => setTimeout(resolve, QUIT_LOOK_MS));
    ids = await followed();
  }
  if (ids.length) say(uiMsg('ui.console.quitUnfinished', { ids, later: !demo }));
}

/** Runs the console until the input ends or `quit`; resolves when everything under way has finished. */
export async function runConsole(o: ConsoleOptions): Promise<void> {
  const out: Printer = { print: (text) => o.output.write(text + '\n') };
  const running = new Map<string, { targetId: string; demo: RunningDemo }>();
  const throwaway = o.configFile ? undefined : mkdtempSync(join(tmpdir(), 'rerun-bot-demo-'));
  let store: Store | undefined;
  try {
    for (const p of providers) {
      const runMs = o.demoRunMs ?? DEMO_RUN_MS;
      if (p.demo) running.set(p.id, { targetId: p.demo.targetId, demo: await p.demo.start({ runMs }) });
    }
    const emulators: EmulatorLookup = (id) => {
      const r = running.get(id);
      return r ? { endpoint: r.demo.url, auth: r.demo.auth } : undefined;
    };
    const config: Config = o.configFile
      ? loadConfig(o.configFile, o.env, providers, { emulators })
      : parseConfig(demoYaml(running), '(demo configuration)', o.env, providers, { emulators });

    // The console keeps its state in the embedded SQLite store (a throwaway one for the demo).
    // The console's one process is the only replica: the store's clock is the console's own.
    store = await openStore({ dataDir: throwaway ?? o.dataDir, logger: o.logger, clock: o.clock });
    const renderer = createI18n(providerMessages, () => o.clock.now());
    const targets = connectTargets(config.targets.values(), {
      http: o.http,
      clock: o.clock,
      logger: o.logger,
      timing: o.timing,
      pacers: createPacers(),
    });
    const notifier = new ConsoleNotifier(renderer, o.clock, out);
    const core = createCore({
      targets,
      policies: config.policies,
      store,
      clock: o.clock,
      logger: o.logger,
      notifier,
      directory: noGroups,
      ...(o.follow ? { follow: o.follow } : {}),
      // A terminal takes every update at once: Slack's pace of updates is no limit here.
      updates: { paceMs: 0, coalesceMs: 0 },
    });
    await core.start();
    const session = new ConsoleSession({ core, renderer, clock: o.clock, out, locale: o.locale });
    const say = (m: Parameters<typeof renderer.render>[0]) => out.print(renderer.render(m, o.locale, consoleStyle));
    const emulated = [...targets.values()].filter((t) => t.emulated).map((t) => t.id);
    say(
      uiMsg('ui.console.welcome', {
        user: DEFAULT_USER,
        targets: [...targets.keys()],
        emulated: emulated.length > 0,
        logs: o.logFile,
      }),
    );
    if (emulated.length) say(uiMsg('ui.console.emulators', { targets: emulated }));
    for (const w of config.waiting ?? []) say(uiMsg('ui.console.waiting', w));

    const lines = createInterface({ input: o.input, terminal: false, crlfDelay: Infinity });
    // Closing the reader ends the loop below after the line under way, like the end of input.
    const stopReading = () => lines.close();
    o.stop?.addEventListener('abort', stopReading, { once: true });
    // A typed line is echoed by the terminal; a piped one is shown after the prompt, as if typed.
    const typed = (o.input as { isTTY?: boolean }).isTTY === true;
    const prompt = () => `${session.user}> `;
    if (!o.stop?.aborted) {
      if (typed) o.output.write(prompt());
      for await (const line of lines) {
        if (!typed) out.print(prompt() + line);
        if (!(await session.line(line))) break;
        if (typed) o.output.write(prompt());
      }
    }
    o.stop?.removeEventListener('abort', stopReading);
    lines.close();
    await awaitFollowed(core, o, say, notifier.asked);
    // The end of input: calls under way finish and are shown before the console leaves.
    await core.stop(CONSOLE_DRAIN_MS);
    say(uiMsg('ui.console.bye', {}));
  } finally {
    await store?.close();
    for (const r of running.values()) await r.demo.close();
    if (throwaway) rmSync(throwaway, { recursive: true, force: true });
  }
}
