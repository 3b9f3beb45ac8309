/**
 * Every example a newcomer is shown runs as typed against the demo and reaches an approval
 * request: the `/rerun` lines of README.md's code blocks (and the console lines of its quick
 * start), and the examples help prints — Slack's `/rerun help` and the console's `help`, in
 * English and Chinese — which are also what an answer about a missing key ends with. Each is
 * typed into a console session over the core, whose targets are the demo's, against the demo
 * emulators over HTTP. Help and validation agree on which keys each mode needs, and help lists
 * the values of every choice.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../src/console/session.ts';
import { parseCommand } from '../../src/core/command.ts';
import type { Core } from '../../src/core/compose.ts';
import { keyHelp } from '../../src/core/model/field.ts';
import type { Store } from '../../src/core/ports.ts';
import type { RunningDemo } from '../../src/emulators/demo.ts';
import { createI18n } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/lib/message.ts';
import { providerMessages, providers } from '../../src/providers/index.ts';
import type { AnyProvider, FieldSpec, RawParams } from '../../src/providers/types.ts';
import { openStore } from '../../src/store/open.ts';
import { testCore, type RecordingNotifier } from '../support/core.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { captureLogger } from '../support/logs.ts';

type DemoProvider = AnyProvider & { demo: NonNullable<AnyProvider['demo']> };
const withDemo = (providers as readonly AnyProvider[]).filter((p): p is DemoProvider => p.demo !== undefined);
const DEMO_TARGETS = withDemo.map((p) => p.demo.targetId);
const providerOf = (targetId: string) => withDemo.find((p) => p.demo.targetId === targetId) as DemoProvider;

/** A line that asks a demo target for a rerun (`/rerun` optional, as the console reads it). */
const ASKS = new RegExp(`^(?:/rerun )?(?:${DEMO_TARGETS.join('|')}) \\S+=`);

/** The lines of README.md's code blocks that ask a demo target for a rerun, as printed there. */
function readmeExamples(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  return blocks.flatMap((b) => b.split('\n').map((l) => l.trim())).filter((l) => ASKS.test(l));
}

/** Every help example, as help prints it after the target id. */
const HELP_EXAMPLES = withDemo.flatMap((p) => p.help.examples.map((e) => `${p.demo.targetId} ${e}`));
const README_EXAMPLES = readmeExamples();
const ALL_EXAMPLES = [...new Set([...README_EXAMPLES, ...HELP_EXAMPLES])];

const targetOf = (line: string) => line.replace(/^\/rerun /, '').split(' ')[0] as string;

/** The pairs of a typed request, the way the console reads them. */
function rawOf(line: string): { provider: AnyProvider; targetId: string; raw: RawParams } {
  const cmd = parseCommand(line.replace(/^\/rerun /, ''));
  if (cmd.kind !== 'request') throw new Error(`not a request: ${line}`);
  const provider = providerOf(cmd.targetId);
  const raw: RawParams = {};
  for (const [k, v] of cmd.pairs) raw[provider.fields.find((f) => f.key === k || f.aliases?.includes(k))?.key ?? k] = v;
  return { provider, targetId: cmd.targetId, raw };
}

/** Every provider's demo emulator, and the console's demo configuration naming them (under `peer`). */
async function startDemos(): Promise<{ yaml: string; close(): Promise<void> }> {
  const running: RunningDemo[] = [];
  const targets: Record<string, unknown> = {};
  for (const p of withDemo) {
    const demo = await p.demo.start();
    running.push(demo);
    targets[p.demo.targetId] = demo.target;
  }
  return {
    yaml: stringify({ targets, policies: { default: { approval: 'peer', expiresAfter: '30m' } } }),
    async close() {
      for (const r of running) await r.close();
    },
  };
}

/** The demos the examples are asked of: asking only reads them, so they are shared. */
let demos: Awaited<ReturnType<typeof startDemos>>;
beforeAll(async () => {
  demos = await startDemos();
});
afterAll(async () => {
  await demos.close();
});

interface Console {
  /** Types one line as alice; returns what the console printed for it. */
  type(line: string): Promise<string>;
  core: Core;
  notifier: RecordingNotifier;
  close(): Promise<void>;
}

/** A console session over a fresh core and store, on the demo targets, speaking `locale`. */
async function openConsole(locale: Locale, yaml = demos.yaml): Promise<Console> {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-examples-'));
  const store: Store = await openStore({ dataDir: dir, logger: captureLogger().logger });
  const clock = { now: () => new Date() };
  const { core, notifier } = testCore({ yaml, store, clock, replica: 'examples' });
  let printed = '';
  const session = new ConsoleSession({
    core,
    renderer: createI18n(providerMessages, clock.now),
    clock,
    out: { print: (text) => (printed += text + '\n') },
    locale,
  });
  return {
    core,
    notifier,
    async type(line) {
      printed = '';
      await session.line(line);
      return printed;
    },
    async close() {
      await core.stop(5_000);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the examples a newcomer is shown', () => {
  it('README.md shows a rerun of every demo target in its code blocks', () => {
    expect(README_EXAMPLES.length).toBeGreaterThanOrEqual(DEMO_TARGETS.length);
    expect(new Set(README_EXAMPLES.map(targetOf))).toEqual(new Set(DEMO_TARGETS));
    // the quick start's console line is one of them, without `/rerun`
    expect(README_EXAMPLES.some((l) => !l.startsWith('/rerun'))).toBe(true);
  });

  for (const example of ALL_EXAMPLES) {
    it(`\`${example}\` runs as typed to a pending approval request with every item found`, async () => {
      const c = await openConsole('en');
      try {
        const out = await c.type(example);
        const posted = c.notifier.published;
        expect(posted, out).toHaveLength(1);
        const request = posted[0];
        expect(request?.targetId).toBe(targetOf(example));
        expect(request?.state).toBe('pending');
        expect(request?.requester).toBe('alice');
        // the demo holds what the example names: nothing is refused, and approval would send it
        expect(request?.preview.items.length).toBeGreaterThan(0);
        expect(request?.preview.items.filter((i) => !i.eligible)).toEqual([]);
        expect(request?.calls.length).toBeGreaterThan(0);
      } finally {
        await c.close();
      }
    });
  }

  it('the README quick start goes from alice asking to bob approving', async () => {
    // Approval reruns the job, which changes the emulator: this test has demos of its own.
    const own = await startDemos();
    const c = await openConsole('en', own.yaml);
    try {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      const start = readme.indexOf('In the console, type');
      const block = /```\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
      const lines = block.trim().split('\n');
      expect(lines).toEqual([expect.stringMatching(ASKS), 'as bob', 'approve']);
      for (const line of lines) await c.type(line);
      const id = c.notifier.published[0]?.id as string;
      const stored = await c.core.request(id);
      expect(stored?.decisions.map((d) => [d.kind, 'userId' in d ? d.userId : undefined])).toEqual([
        ['approve', 'bob'],
      ]);
    } finally {
      await c.close();
      await own.close();
    }
  });
});

/** The examples in a help text: the lines (console) or `/rerun …` code spans (Slack) that ask. */
const consoleHelpExamples = (text: string) => text.split('\n').filter((l) => ASKS.test(l));
const slackHelpExamples = (text: string) =>
  [...text.matchAll(/`\/rerun ([^`]+)`/g)].map((m) => m[1] as string).filter((l) => ASKS.test(l));

/** Slack's answer as the text a person reads: its fallback and every block's text. */
function slackText(answer: Record<string, unknown>): string {
  const blocks = (answer['blocks'] ?? []) as { text?: { text?: string }; elements?: { text?: string }[] }[];
  return blocks.flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')]).join('\n');
}

/** Keys help lists as optional, and as needed, per provider (their cases included). */
function claims(p: AnyProvider): { optional: string[]; needed: string[] } {
  const { keys, cases } = keyHelp(p.fields);
  const all = [...keys, ...cases.flatMap((c) => c.keys)];
  return {
    optional: all.filter((k) => k.optional).map((k) => k.key),
    needed: all.filter((k) => !k.optional).map((k) => k.key),
  };
}

/** One target's part of a help text: from its heading (`id — provider`, in Chinese `id——provider`) to the next target's. */
function sectionOf(text: string, targetId: string): string {
  const heading = (id: string) => Math.max(text.indexOf(`${id} — `), text.indexOf(`${id}——`));
  const from = heading(targetId);
  const next = DEMO_TARGETS.map(heading).filter((i) => i > from);
  return text.slice(from, next.length ? Math.min(...next) : undefined);
}

const choiceFields = (p: AnyProvider): FieldSpec[] => p.fields.filter((f) => f.kind === 'choice');

describe('help', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(demos.yaml);
    h.slack.locales.set('U0LI', 'zh-CN');
    h.slack.locales.set('U0ALICE', 'en-US');
  });
  afterAll(async () => {
    await h.close();
  });

  const slackHelp = async (user: string) =>
    slackText(await h.driver.answerTo(await h.driver.command('help', { user })));

  it('prints exactly the providers’ examples, in Slack and on the console, in English and Chinese', async () => {
    const printed: Record<string, string[]> = {};
    for (const locale of ['en', 'zh-CN'] as const) {
      const c = await openConsole(locale);
      try {
        printed[`console ${locale}`] = consoleHelpExamples(await c.type('help'));
      } finally {
        await c.close();
      }
    }
    printed['slack en'] = slackHelpExamples(await slackHelp('U0ALICE'));
    printed['slack zh-CN'] = slackHelpExamples(await slackHelp('U0LI'));
    for (const [where, examples] of Object.entries(printed))
      expect(examples.sort(), where).toEqual([...HELP_EXAMPLES].sort());
  });

  it('lists the values of every choice, in both languages, on both surfaces', async () => {
    const fields = withDemo.flatMap(choiceFields);
    expect(fields.map((f) => f.key)).toEqual(expect.arrayContaining(['mode', 'location', 'version']));
    const en = await openConsole('en');
    const zh = await openConsole('zh-CN');
    try {
      const consoleEn = await en.type('help');
      const consoleZh = await zh.type('help');
      const slackEn = await slackHelp('U0ALICE');
      const slackZh = await slackHelp('U0LI');
      for (const f of fields) {
        const values = (f.choices ?? []).map((c) => c.value);
        expect(consoleEn).toContain(`${f.key} (${values.join(' | ')}`);
        expect(consoleZh).toContain(`${f.key}（${values.join(' | ')}`);
        expect(slackEn).toContain(`\`${f.key}\` (${values.map((v) => `\`${v}\``).join(' | ')}`);
        expect(slackZh).toContain(`\`${f.key}\`（${values.map((v) => `\`${v}\``).join(' | ')}`);
      }
    } finally {
      await en.close();
      await zh.close();
    }
  });

  it('calls optional exactly the keys it lists as optional, and no needed key, in both languages', async () => {
    const en = await openConsole('en');
    const zh = await openConsole('zh-CN');
    try {
      const consoleEn = await en.type('help');
      const consoleZh = await zh.type('help');
      for (const p of withDemo) {
        const section = (text: string) => sectionOf(text, p.demo.targetId);
        const { optional, needed } = claims(p);
        for (const key of optional) {
          expect(section(consoleEn), `${p.id} ${key}`).toMatch(new RegExp(`\\b${key} \\([^)]*optional`));
          expect(section(consoleZh), `${p.id} ${key}`).toMatch(new RegExp(`\\b${key}（[^）]*可选`));
        }
        for (const key of needed) {
          expect(section(consoleEn), `${p.id} ${key}`).toMatch(new RegExp(`\\b${key}\\b`));
          expect(section(consoleEn), `${p.id} ${key}`).not.toMatch(new RegExp(`\\b${key} \\([^)]*optional`));
          expect(section(consoleZh), `${p.id} ${key}`).not.toMatch(new RegExp(`\\b${key}（[^）]*可选`));
        }
      }
      // DataArts: the keys of each mode are listed under it, `instance` with what may stand in for it
      expect(consoleEn).toContain(
        'With mode=instance (the default): instance or else job_id + plan_time + submit_time',
      );
      expect(consoleEn).toMatch(/With mode=chain: .*begin, end/);
      expect(consoleEn).toContain('With location=specifiedNode: node');
      expect(consoleZh).toContain('mode=instance（默认）时：instance，或改为 job_id + plan_time + submit_time');
    } finally {
      await en.close();
      await zh.close();
    }
  });
});

describe('help and validation agree in each mode', () => {
  const cases = HELP_EXAMPLES.map((e) => ({ example: e, ...rawOf(e) }));

  for (const { example, provider, targetId, raw } of cases) {
    it(`around \`${example}\`: a needed key left out is asked for, an optional one is not, a key of another mode is refused`, async () => {
      const c = await openConsole('en');
      try {
        const { optional, needed } = claims(provider);
        const fields = provider.fields;
        const decides = (key: string) => fields.some((f) => f.when?.key === key);
        const applies = (f: FieldSpec) => {
          if (!f.when) return true;
          const value = raw[f.when.key] ?? fields.find((d) => d.key === f.when?.key)?.default;
          return f.when.values.includes(String(value));
        };
        expect(c.core.checkText(targetId, pairsOf(raw)).kind).toBe('ok');
        for (const key of Object.keys(raw)) {
          const { [key]: _left, ...rest } = raw;
          const checked = c.core.checkText(targetId, pairsOf(rest));
          if (optional.includes(key)) {
            // never asked for; left out it means its default, which is another mode for a key that decides one
            expect(checked.kind === 'form' ? checked.missing : [], `${key} is optional`).not.toContain(key);
            if (!decides(key) || raw[key] === fields.find((f) => f.key === key)?.default)
              expect(checked.kind, `${key} is optional`).toBe('ok');
          } else {
            const field = fields.find((f) => f.key === key) as FieldSpec;
            // needed where it applies (its own key, or the one it stands in for)
            expect(needed).toContain(field.insteadOf ?? key);
            expect(checked, `${key} is needed`).toMatchObject({ kind: 'form', missing: expect.arrayContaining([key]) });
          }
        }
        for (const f of fields.filter((f) => !applies(f) && raw[f.key] === undefined)) {
          const checked = c.core.checkText(targetId, pairsOf({ ...raw, [f.key]: f.example }));
          expect(checked.kind, `${f.key} is refused here`).toBe('invalid');
          expect(checked.kind === 'invalid' ? Object.keys(checked.errors) : [], f.key).toContain(f.key);
        }
      } finally {
        await c.close();
      }
    });
  }
});

/** `raw` as the pairs the command reader gives. */
function pairsOf(raw: RawParams): [string, string][] {
  return Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]);
}

describe('an answer about a missing key ends with a complete command', () => {
  /** The command after the answer's last "For example:" (or 示例：). */
  const exampleIn = (text: string) =>
    /(?:For example: |示例：)([^\n]+)\s*$/.exec(text.trim())?.[1]?.replace(/^`|`$/g, '');

  it('on the console, in English and Chinese: the help example closest to what was typed', async () => {
    const lines: [string, string][] = [
      ['batch-gz', 'batch-gz job_ids=job-rybewp57,job-97zcl3wt'],
      ['ocp-main task=100', 'ocp-main task=100 subtask=1000'],
      ['ehpc-hz cluster=ehpc-hz-FYUr32abcd', 'ehpc-hz jobs=1.scheduler cluster=ehpc-hz-FYUr32abcd async=true'],
      [
        'dlf-prod job=daily_etl mode=chain location=firstNode version=current',
        HELP_EXAMPLES.find((e) => e.includes('mode=chain')) as string,
      ],
      [
        'dlf-prod job=test_job_name location=errorNode version=original',
        HELP_EXAMPLES.find((e) => e.includes('mode=instance')) as string,
      ],
    ];
    for (const locale of ['en', 'zh-CN'] as const) {
      const c = await openConsole(locale);
      try {
        for (const [typed, shown] of lines) {
          const out = await c.type(typed);
          expect(exampleIn(out), `${locale}: ${typed} → ${out}`).toBe(shown);
          // and it is complete: typed as shown, it reaches an approval request (every help example does, above)
          expect(HELP_EXAMPLES).toContain(exampleIn(out));
        }
        expect(c.notifier.published).toEqual([]);
      } finally {
        await c.close();
      }
    }
    // what the example stands for, typed from the answer, does reach an approval request
    const c = await openConsole('en');
    try {
      const answer = await c.type('dlf-prod job=daily_etl mode=chain location=firstNode version=current');
      await c.type(exampleIn(answer) as string);
      expect(c.notifier.published.map((r) => r.state)).toEqual(['pending']);
    } finally {
      await c.close();
    }
  });

  it('in Slack, in English and Chinese, with the problems of the rest', async () => {
    const h = await startHarness(demos.yaml);
    try {
      h.slack.locales.set('U0LI', 'zh-CN');
      h.slack.locales.set('U0ALICE', 'en-US');
      const asked: [string, string[], string][] = [
        // a value that is wrong and a key that is missing: both named, then the target's example
        ['ocp-main task=abc', ['`task`', '`subtask`'], 'ocp-main task=100 subtask=1000'],
        ['ehpc-hz async=maybe', ['`jobs`', '`async`'], 'ehpc-hz jobs=1.scheduler,2.scheduler'],
        // DataArts checks the keys of a mode once the values read: the chain example for a chain request
        [
          'dlf-prod job=daily_etl mode=chain location=firstNode version=current begin=yesterday',
          ['`begin`'],
          HELP_EXAMPLES.find((e) => e.includes('mode=chain')) as string,
        ],
      ];
      for (const user of ['U0ALICE', 'U0LI']) {
        for (const [typed, named, shown] of asked) {
          const text = String((await h.driver.answerTo(await h.driver.command(typed, { user })))['text']);
          for (const key of named) expect(text, `${user}: ${typed}`).toContain(key);
          expect(text, user).toMatch(user === 'U0LI' ? /示例：/ : /For example: /);
          expect(exampleIn(text), `${user}: ${typed}`).toBe(`/rerun ${shown}`);
        }
      }
    } finally {
      await h.close();
    }
  });
});
