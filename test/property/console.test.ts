/**
 * Properties of the console's input (console/session.ts): a session driven with arbitrary lines
 * against the four providers' emulators, a temporary store and the console notifier never throws,
 * answers every line, and no rerun call reaches an emulator unless an `approve` line, typed by
 * someone other than the requester after the request was asked, allowed it. The emulators' own
 * call logs (RunningDemo.rerunCalls) are the witness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { ConsoleNotifier, type Printer } from '../../src/console/notifier.ts';
import { ConsoleSession } from '../../src/console/session.ts';
import { createCore } from '../../src/core/compose.ts';
import type { PostRecord } from '../../src/core/model/post.ts';
import type { RerunRequest } from '../../src/core/model/request.ts';
import { connectTargets, type Targets } from '../../src/core/model/target.ts';
import type { Store } from '../../src/core/ports.ts';
import type { RunningDemo } from '../../src/emulators/demo.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { providers } from '../../src/providers/index.ts';
import { openStore } from '../../src/store/open.ts';
import { captureLogger } from '../support/logs.ts';
import { hostile, keyValueSoup, renderer } from './arbitraries.ts';

const ASKS = [
  'batch-gz job_ids=job-rybewp57,job-97zcl3wt',
  'batch-gz job_ids=job-rybewp57',
  'dlf-prod job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
  'ehpc-hz jobs=1.scheduler,2.scheduler async=true',
  'ocp-main task=100 subtask=1000',
];
const KEYS = [...new Set(providers.flatMap((p) => p.fields.map((f) => f.key)))];

/** One step: a line typed, or time passing (31 minutes: pending requests expire). */
type Step = { line: string } | { tick: true };

const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ASKS).chain((a) => fc.constantFrom(a, `/rerun ${a}`, `  ${a}  `)) },
  { weight: 4, arbitrary: fc.constantFrom('as alice', 'as bob', 'as carol', 'as Bob', 'as alice bob', 'as') },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom('approve', 'reject', 'cancel', 'again', 'status', 'APPROVE', '/rerun approve', 'approve  '),
        fc.constantFrom('', ' rr-00000000', ' rr-', ' <@U0ADMIN>', ' rr-1 rr-2'),
      )
      .map(([w, id]) => w + id),
  },
  { weight: 2, arbitrary: fc.constantFrom('history', 'history batch-gz 3', 'help', '?', '', '   ', '/rerun') },
  { weight: 3, arbitrary: hostile },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('batch-gz', 'dlf-prod', 'ehpc-hz', 'ocp-main', 'nope'), keyValueSoup(KEYS))
      .map(([t, s]) => `${t} ${s}`),
  },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: line.map((l) => ({ line: l })) },
  { weight: 1, arbitrary: fc.constant({ tick: true as const }) },
);

/** A request then a peer's approval, with arbitrary steps in between now and then. */
const peerApproval: fc.Arbitrary<Step[]> = fc
  .tuple(fc.constantFrom(...ASKS), fc.array(step, { maxLength: 2 }), fc.constantFrom('as bob', 'as carol'))
  .map(([ask, between, as]) => [{ line: 'as alice' }, { line: ask }, ...between, { line: as }, { line: 'approve' }]);
const steps: fc.Arbitrary<Step[]> = fc
  .array(fc.oneof({ weight: 4, arbitrary: step.map((s) => [s]) }, { weight: 1, arbitrary: peerApproval }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((chunks) => chunks.flat());

const running: RunningDemo[] = [];
let targets: Targets;
let config: ReturnType<typeof parseConfig>;
let store: Store;
let dir: string;
const logger = captureLogger().logger;

beforeAll(async () => {
  const entries: Record<string, unknown> = {};
  for (const p of providers) {
    if (!p.demo) continue;
    const demo = await p.demo.start();
    running.push(demo);
    entries[p.demo.targetId] = demo.target;
  }
  config = parseConfig(
    stringify({ targets: entries, policies: { default: { approval: 'peer', expiresAfter: '30m' } } }),
    'property.yml',
    {},
    providers,
  );
  // Providers sign with the real time (the emulators check it); the core's time is the test's.
  targets = connectTargets(config.targets.values(), {
    http: createHttpClient(),
    clock: { now: () => new Date() },
    logger,
    timing: FAST_TIMING,
    pacers: createPacers(),
  });
  dir = mkdtempSync(join(tmpdir(), 'rerun-prop-console-'));
  store = await openStore({ dataDir: dir, logger });
}, 30_000);
afterAll(async () => {
  await store?.close();
  for (const r of running) await r.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rerunCalls = () => running.reduce((n, r) => n + r.rerunCalls(), 0);

/** A notifier that also records which step each request was published at. */
class WatchedNotifier extends ConsoleNotifier {
  readonly published: { id: string; requester: string; at: number }[] = [];
  at = 0;
  override async post(post: PostRecord, r: RerunRequest): Promise<string> {
    if (post.kind === 'request') this.published.push({ id: r.id, requester: r.requester, at: this.at });
    return super.post(post, r);
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

describe("the console's input (properties)", () => {
  it('arbitrary lines: no throw, every line answered, no rerun call without a peer approve line after the ask (30 runs)', async () => {
    let executedInAll = 0;
    await fc.assert(
      fc.asyncProperty(steps, async (steps) => {
        let offset = 0;
        const clock = { now: () => new Date(Date.now() + offset) };
        const printed: string[] = [];
        const out: Printer = { print: (t) => printed.push(t) };
        const notifier = new WatchedNotifier(renderer, clock, out);
        const core = createCore({
          targets,
          policies: config.policies,
          store,
          clock,
          logger,
          notifier,
          directory: { isMember: async () => false },
        });
        const session = new ConsoleSession({ core, renderer, clock, out, locale: 'en' });
        const before = rerunCalls();
        /** Who typed an approve line, at which step. */
        const approvals: { user: string; at: number }[] = [];
        try {
          for (const [i, s] of steps.entries()) {
            notifier.at = i;
            if ('tick' in s) {
              offset += 31 * 60_000;
              continue;
            }
            const word = s.line
              .trim()
              .replace(/^\/rerun\b\s*/, '')
              .split(/\s+/)[0]
              ?.toLowerCase();
            if (word === 'approve') approvals.push({ user: session.user, at: i });
            const n = printed.length;
            const goOn = await session.line(s.line);
            if (!goOn) break;
            // A blank line is the terminal's own: it asks nothing, so nothing answers it.
            if (s.line.trim() === '') continue;
            // An allowed click answers through the request's update, which follows the call's start.
            expect(await until(() => printed.length > n, 2_000), `no answer to ${JSON.stringify(s.line)}`).toBe(true);
          }
        } finally {
          await core.stop(10_000);
        }
        const calls = rerunCalls() - before;
        let executed = 0;
        for (const p of notifier.published) {
          const r = await store.get(p.id);
          expect(r).toBeDefined();
          if (!r?.execution) continue;
          executed += 1;
          const by = r.decisions.flatMap((d) => (d.kind === 'approve' && 'userId' in d ? [d.userId] : []));
          expect(
            by.some((u) => u !== r.requester && approvals.some((a) => a.user === u && a.at >= p.at)),
            `${r.id} executed without a peer approve line: ${JSON.stringify(r.decisions)}`,
          ).toBe(true);
        }
        executedInAll += executed;
        if (executed === 0) expect(calls, 'rerun calls without an executed request').toBe(0);
        // Nothing printed carries a raw terminal escape from the input.
        for (const t of printed) expect(t).not.toContain('\u001b');
      }),
      { numRuns: 30 },
    );
    // The sessions reached real approvals too, not only refusals.
    expect(executedInAll).toBeGreaterThan(0);
  }, 120_000);
});
