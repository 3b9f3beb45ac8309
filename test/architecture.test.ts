/**
 * The shape and the boundaries of the code: a provider is one folder plus one registry line,
 * with the same files for the same concepts, run through the shared contract and end to end;
 * nothing else names it, and the layers import only what they may — and reach at run time, through
 * any chain of other modules, only what they may (imports read with the TypeScript parser,
 * test/support/import-graph.ts; `import type` is erased, so it does not count).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { providers, type ProviderId } from '../src/providers/index.ts';
import {
  emittedCode,
  importCycles,
  readImportGraph,
  runtimeReach,
  sourceFiles as files,
  type ModuleName,
} from './support/import-graph.ts';
import { PROVIDER_CASES } from './e2e/provider-cases.ts';

const SRC = new URL('../src/', import.meta.url).pathname;
const TEST = new URL('./', import.meta.url).pathname;
const PROVIDERS = join(SRC, 'providers');
/** Each concept under the same name in every provider folder (docs/STYLE.md, "A provider is one folder"). */
const FOLDER_FILES = [
  'index.ts', // the provider object: fields, help, summary; connect is session.ts
  'schema.ts', // zod: target and parameters
  'sign.ts',
  'sign.test.ts',
  'client.ts', // builds, signs and sends one call; answers to data or a ProviderError
  'errors.ts', // vendor code → kind and a sentence
  'limits.ts', // the pace, page sizes and API limits, the bot's bounds and waits
  'model.ts', // the vendor's own records (jobs, instances, tasks) and their states
  'session.ts', // a target bound to its credentials: preview, describeCall, rerun, status (, options)
  'context.ts', // what every part of a session works with
  'preview.ts',
  'sending.ts', // the rerun call and its outcome
  'status.ts',
  'details.ts', // what a person reads about an item
  'emulator.ts',
  'demo.ts',
];

const providerFolders = readdirSync(PROVIDERS).filter(
  (n) => !n.startsWith('_') && statSync(join(PROVIDERS, n)).isDirectory(),
);

/** Ordinary words that also appear in provider ids, and so do not name one. */
const COMMON_WORDS = new Set(['batch', 'job', 'jobs', 'cloud']);

/** Names that identify each provider: its id and its vendor and product words. */
function namesOf(id: string): RegExp {
  const words = id.split('-').filter((w) => w.length >= 3 && !COMMON_WORDS.has(w));
  return new RegExp(`${id}|${words.map((w) => `\\b${w}`).join('|')}`, 'i');
}

describe('provider shape', () => {
  it('every provider folder has the same files and one registry entry with its id', () => {
    expect(providerFolders.length).toBeGreaterThan(0);
    for (const folder of providerFolders) {
      for (const f of FOLDER_FILES) expect(existsSync(join(PROVIDERS, folder, f)), `${folder}/${f}`).toBe(true);
      expect(
        providers.filter((p) => p.id === folder),
        `registry line for ${folder}`,
      ).toHaveLength(1);
    }
    expect(providers.map((p) => p.id).sort()).toEqual([...providerFolders].sort());
    // A form field filled from the provider's own list has that list in choices.ts.
    for (const p of providers.filter((p) => p.fields.some((f) => f.pick)))
      expect(existsSync(join(PROVIDERS, p.id, 'choices.ts')), `${p.id}/choices.ts`).toBe(true);
  });

  /** Every `providerContract('<id> …', …)` call in the tests: the ids the shared contract runs for. */
  const contractRuns = new Set(
    files(TEST)
      .filter((f) => f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bproviderContract\(\s*[`'"]([a-z0-9-]+)/g)])
      .map((m) => m[1]),
  );

  it('every registered provider runs the shared contract and has an end-to-end case', () => {
    const ids: string[] = providers.map((p) => p.id);
    // contract.ts checks that each run's name starts with the id of the provider it really runs.
    expect(
      ids.filter((id) => !contractRuns.has(id)).map((id) => `${id}: no providerContract('${id} …') in test/`),
    ).toEqual([]);
    // providers-flow.test.ts runs every case of PROVIDER_CASES.
    const cases = PROVIDER_CASES.map((c) => c.provider);
    expect(ids.filter((id) => !cases.includes(id)).map((id) => `${id}: no case in test/e2e/provider-cases.ts`)).toEqual(
      [],
    );
    expect(cases.filter((id) => !ids.includes(id)).map((id) => `${id}: a case for no registered provider`)).toEqual([]);
    // A provider whose form fills a field from its own list is shown doing so end to end.
    const unpicked = providers.filter(
      (p) => p.fields.some((f) => f.pick) && !PROVIDER_CASES.find((c) => c.provider === p.id)?.pick,
    );
    expect(unpicked.map((p) => `${p.id}: a pick field with no \`pick\` in its end-to-end case`)).toEqual([]);
  });

  it('derives ProviderId from the registry, so an unregistered id is a type error', () => {
    const ids: ProviderId[] = providers.map((p) => p.id);
    expect(new Set(ids).size).toBe(providers.length);
    // @ts-expect-error -- not a registered provider: the typecheck refuses the literal
    const unknown: ProviderId = 'aws-batch';
    expect(ids).not.toContain(unknown);
  });

  it('every provider declares fields, help examples and a strict target schema', () => {
    for (const p of providers) {
      expect(p.fields.length, p.id).toBeGreaterThan(0);
      expect(p.help.examples.length, p.id).toBeGreaterThan(0);
      const r = p.targetSchema.safeParse({ provider: p.id, surprise: true });
      expect(r.success, p.id).toBe(false);
      expect(JSON.stringify(r.error?.issues), p.id).toContain('surprise');
    }
  });
});

describe('the repository stands alone', () => {
  it('no code, test, benchmark or comment reads or cites a path outside the repository', () => {
    const roots = ['src', 'test', 'bench'].map((d) => new URL(`../${d}/`, import.meta.url).pathname);
    const outside = /\.\.\/(\.\.\/)*shared\b|\bshared\/(providers|slack|SPEC|STYLE)/;
    const offenders = roots.flatMap(files).filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});

describe('boundaries', () => {
  const all = files(SRC);

  it('no file outside a provider folder names that provider (the registry line aside)', () => {
    const offenders: string[] = [];
    for (const id of providerFolders) {
      const pattern = namesOf(id);
      for (const file of all) {
        const rel = relative(SRC, file);
        if (rel.startsWith(`providers/${id}/`)) continue;
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((line, i) => {
          if (rel === 'providers/index.ts' && line.includes(`./${id}/index.ts`)) return;
          if (rel === 'providers/index.ts' && /^\s+\w+,$/.test(line)) return;
          if (pattern.test(line)) offenders.push(`${rel}:${i + 1} names ${id}: ${line.trim()}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });

  const graph = readImportGraph(SRC);
  /** What a file imports, at run time or for types only (the direct rule counts both). */
  const importsOf = (rel: string): ModuleName[] => {
    const edges = graph.files.get(rel);
    return edges ? [...edges.runtime, ...edges.types] : [];
  };

  /**
   * The layers (docs/STYLE.md, "the next shape"): lib/ below everything; the core sees only the
   * provider port; providers see no core internals; i18n holds words; front ends (slack/,
   * console/) call the core and render. Each rule: files under `from` may import only these,
   * and may reach at run time, through any chain of imports, only files these name.
   */
  const LAYERS: { from: string; may: RegExp; why: string }[] = [
    { from: 'lib/', may: /^(lib\/|zod$|node:(async_hooks|perf_hooks)$)/, why: 'lib/ is below everything' },
    {
      from: 'core/',
      may: /^(core\/|lib\/|providers\/types\.ts$|date-fns|node:crypto$)/,
      why: 'the core sees only lib/ and the provider port (no Slack, undici, pino, store, i18n or front end)',
    },
    {
      from: 'providers/',
      may: /^(providers\/|lib\/|emulators\/|zod$|undici$|p-retry$|date-fns|@date-fns\/tz$|node:)/,
      why: 'providers import no core internals, words of others, Slack or front end',
    },
    {
      from: 'i18n/',
      may: /^(i18n\/|lib\/|core\/|date-fns)/,
      why: 'i18n renders core and provider messages; it names no front end',
    },
    { from: 'emulators/', may: /^(emulators\/|node:)/, why: 'the emulator machinery names nothing of the bot' },
    {
      from: 'store/',
      may: /^(store\/|core\/(model|ports|messages\.ts$)|lib\/|node:|pg$|better-sqlite3$|zod$)/,
      why: "a store knows the core's records (with the messages they hold) and ports only",
    },
    {
      from: 'config/',
      may: /^(config\/|core\/model\/|lib\/|providers\/types\.ts$|zod$|yaml$|node:(fs|path)$)/,
      why: 'config produces core types (and reads, or watches, its file)',
    },
    {
      from: 'slack/',
      may: /^(slack\/|core\/|i18n\/|lib\/|providers\/types\.ts$|@slack\/|zod$|p-retry$|node:)/,
      why: 'the Slack front end calls the core and renders (and retries reaching Slack); no undici, no provider folder, no store',
    },
    {
      from: 'metrics/',
      may: /^(metrics\/|core\/(model|ports)|lib\/|providers\/types\.ts$|prom-client$|node:)/,
      why: 'metrics observe the ports and the records; the composition root hands them to each layer',
    },
    {
      from: 'console/',
      may: /^(console\/|core\/|i18n\/|lib\/|node:)/,
      why: 'the console front end calls the core and renders',
    },
  ];
  /** Composition roots wire concrete pieces together, so they may import any layer. */
  const ROOTS = new Set(['main.ts', 'bot.ts', 'logging.ts', 'console/start.ts']);

  /**
   * The packages that talk to the outside world, and the one layer each belongs to: no other
   * layer loads them, not even through a third module (pino only through the composition roots).
   */
  const OWNERS: { pkg: RegExp; layer: string | null }[] = [
    { pkg: /^undici$/, layer: 'providers/' },
    { pkg: /^@slack\//, layer: 'slack/' },
    { pkg: /^(pg|better-sqlite3)$/, layer: 'store/' },
    { pkg: /^prom-client$/, layer: 'metrics/' },
    { pkg: /^yaml$/, layer: 'config/' },
    { pkg: /^pino$/, layer: null },
  ];

  /** The files a layer rule applies to, each with its layer (roots and tests aside). */
  const layered = [...graph.files.keys()].flatMap((rel) => {
    if (rel.endsWith('.test.ts') || ROOTS.has(rel)) return [];
    const layer = LAYERS.find((l) => rel.startsWith(l.from));
    return layer ? [{ rel, layer }] : [];
  });

  it('every relative import names a file, and every file is in a layer or is a composition root', () => {
    expect(graph.unresolved).toEqual([]);
    const loose = [...graph.files.keys()].filter(
      (rel) => !rel.endsWith('.test.ts') && !ROOTS.has(rel) && !LAYERS.some((l) => rel.startsWith(l.from)),
    );
    expect(loose.map((rel) => `${rel}: in no layer`)).toEqual([]);
  });

  it('layers import only what they may', () => {
    const broken: string[] = [];
    for (const file of all) {
      const rel = relative(SRC, file);
      if (rel.endsWith('.test.ts')) continue;
      if (rel !== 'main.ts' && /process\.env/.test(readFileSync(file, 'utf8')))
        broken.push(`${rel}: only main.ts reads process.env`);
    }
    for (const { rel, layer } of layered)
      for (const target of importsOf(rel))
        if (!layer.may.test(target)) broken.push(`${rel} imports ${target}: ${layer.why}`);
    expect(broken).toEqual([]);
  });

  it('layers reach at run time, through any chain of imports, only files they may import', () => {
    const broken: string[] = [];
    for (const { rel, layer } of layered)
      for (const [target, chain] of runtimeReach(graph, rel)) {
        // One line per way out: what lies past a forbidden module is that module's doing.
        const via = chain.slice(1, -1);
        if (graph.files.has(target) && !layer.may.test(target) && via.every((m) => layer.may.test(m)))
          broken.push(`${rel} reaches ${target} (${chain.join(' → ')}): ${layer.why}`);
      }
    expect(broken).toEqual([]);
  });

  it('a package that talks to the outside world is loaded only by its own layer, even through another module', () => {
    const broken: string[] = [];
    for (const { rel, layer } of layered)
      for (const [target, chain] of runtimeReach(graph, rel)) {
        const owner = OWNERS.find((o) => o.pkg.test(target));
        if (owner && owner.layer !== layer.from)
          broken.push(
            `${rel} loads ${target} (${chain.join(' → ')}): ${target} belongs to ${owner.layer ?? 'the composition roots'}`,
          );
      }
    expect(broken).toEqual([]);
  });

  /** The ports: what one layer promises another, with nothing to run. */
  const PORTS = ['providers/types.ts', 'core/ports.ts'];

  it('the ports hold types only: importing one loads and runs nothing', () => {
    for (const port of PORTS) {
      expect(graph.files.get(port)?.runtime, port).toEqual(new Set());
      expect(emittedCode(readFileSync(join(SRC, port), 'utf8')), port).toBe('');
    }
  });

  /**
   * A module that exports `then` is thenable: `await import()` of it calls that function and never
   * resolves (vitest hung importing a first draft of core/model/lifecycle.ts this way).
   */
  it('no module exports a binding named then', () => {
    const THEN =
      /export\s+(?:async\s+)?function\s*\*?\s*then\b|export\s+(?:const|let|var)\s+then\b|export\s*\{[^}]*\bthen\b/;
    const offenders = [...graph.files.keys()].filter((f) => THEN.test(readFileSync(join(SRC, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  /**
   * The same trap one level down: an object with a `then` member is treated as a promise by
   * `await`, `Promise.resolve` and every async return, which call that member (rerun.ts once built
   * its answer as `{ now, then }`). Read with the parser, so comments and `.then(` calls do not count.
   */
  it('no object or type outside promises has a member named then', () => {
    const MEMBERS = [
      ts.SyntaxKind.PropertyAssignment,
      ts.SyntaxKind.ShorthandPropertyAssignment,
      ts.SyntaxKind.MethodDeclaration,
      ts.SyntaxKind.PropertyDeclaration,
      ts.SyntaxKind.PropertySignature,
      ts.SyntaxKind.MethodSignature,
      ts.SyntaxKind.GetAccessor,
      ts.SyntaxKind.SetAccessor,
    ];
    const offenders: string[] = [];
    for (const rel of graph.files.keys()) {
      const source = ts.createSourceFile(rel, readFileSync(join(SRC, rel), 'utf8'), ts.ScriptTarget.Latest);
      const visit = (node: ts.Node): void => {
        const name = (node as ts.NamedDeclaration).name;
        if (MEMBERS.includes(node.kind) && name && (ts.isIdentifier(name) || ts.isStringLiteral(name)))
          if (name.text === 'then')
            offenders.push(`${rel}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(offenders).toEqual([]);
  });

  it('no module loads itself again through its imports at run time', () => {
    expect(importCycles(graph, false)).toEqual([]);
  });

  /**
   * Not even through `import type`: a cycle of types is erased at run time, but it still ties its
   * members together (none can be read, moved or split without the others), so none is allowed.
   */
  it('no module names itself again through its imports, counting type-only ones', () => {
    expect(importCycles(graph, true).map((cycle) => cycle.join(' ↔ '))).toEqual([]);
  });

  /**
   * The core's inside: its use cases and the context and timers that run them. A front end or i18n
   * reaches them through the core's surface: createCore and the answers' types (core/compose.ts),
   * the records and what they show (core/model/), the ports it implements (core/ports.ts), the
   * timings it may compress (core/timings.ts), the messages (core/messages.ts). That surface
   * loads the inside, so the rule is on direct imports only.
   */
  const CORE_INSIDE = /^core\/(use-cases\/|context\.ts$|background\.ts$)/;

  it("front ends and i18n import the core's surface, never its use cases", () => {
    const broken: string[] = [];
    for (const rel of graph.files.keys())
      if (/^(slack|console|i18n)\//.test(rel))
        for (const target of importsOf(rel))
          if (CORE_INSIDE.test(target)) broken.push(`${rel} imports ${target}: import the core's surface instead`);
    expect(broken).toEqual([]);
  });

  it('the core, the providers and the words contain no Slack syntax', () => {
    const SLACK = [
      [/<[@!#][A-Za-z^]/, 'a Slack mention, link or date token'],
      [/`\/rerun|'\/rerun|"\/rerun|\/rerun /, 'the /rerun command (a front end adds it)'],
      [/```|:[a-z_]+:(?![a-z/])/, 'mrkdwn code blocks or emoji'],
      [/\bmrkdwn\b|\bblock_id\b|thread_ts|chat\.postMessage/, 'Slack API words'],
      [/\\`|\*\$\{|\}\*/, 'mrkdwn formatting in a template (use f.code or f.strong)'],
    ] as const;
    const found: string[] = [];
    for (const file of all) {
      const rel = relative(SRC, file);
      if (!/^(core|providers|i18n|lib)\//.test(rel) || rel.endsWith('.test.ts') || rel.includes('/emulator')) continue;
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line));
      code.forEach((line, i) => {
        for (const [pattern, what] of SLACK)
          if (pattern.test(line)) found.push(`${rel}:${i + 1} has ${what}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
