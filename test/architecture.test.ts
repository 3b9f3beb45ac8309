/**
 * The shape and the boundaries of the code: a provider is one folder plus one registry line,
 * nothing else names it, and the layers import only what they may.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providers } from '../src/providers/index.ts';

const SRC = new URL('../src/', import.meta.url).pathname;
const PROVIDERS = join(SRC, 'providers');
const FOLDER_FILES = [
  'index.ts',
  'schema.ts',
  'sign.ts',
  'client.ts',
  'errors.ts',
  'sign.test.ts',
  'emulator.ts',
  'demo.ts',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

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

  it('layers import only what they may', () => {
    const rules: [string, RegExp, string][] = [
      [
        'core/',
        /from '(@slack\/|undici|pino)|from '\.\.\/(slack|store|console)\//,
        'core imports no Slack, undici, pino, store or front end',
      ],
      [
        'slack/',
        /from '(undici)'|from '\.\.\/(\.\.\/)*providers\/(?!types\.ts|_shared\/)[^']*\//,
        'slack imports no undici and no provider folder',
      ],
      [
        'providers/',
        /from '@slack\/|from '\.\.\/\.\.\/(slack|store|console)\//,
        'providers import no Slack and no front end',
      ],
      ['store/', /from '@slack\/|from '\.\.\/(slack|providers)\//, 'store imports no Slack and no provider'],
      [
        'emulators/',
        /from '\.\.\/(core|slack|store|console|config)\//,
        'emulators import nothing from core, slack, store, console or config',
      ],
    ];
    const broken: string[] = [];
    for (const file of all) {
      const rel = relative(SRC, file);
      const text = readFileSync(file, 'utf8');
      for (const [prefix, banned, why] of rules)
        if (rel.startsWith(prefix) && banned.test(text)) broken.push(`${rel}: ${why}`);
      if (rel !== 'main.ts' && /process\.env/.test(text)) broken.push(`${rel}: only main.ts reads process.env`);
    }
    expect(broken).toEqual([]);
  });
});
