/**
 * The import graph the architecture test reads (test/support/import-graph.ts): which imports load
 * a module at run time under this project's `verbatimModuleSyntax`, and which are erased.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emittedCode, importCycles, readImportGraph, runtimeReach } from '../support/import-graph.ts';

describe('the import graph', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  }

  it('tells imports that load a module from those erased when compiled', () => {
    write({
      'a.ts': [
        "import type { T } from './erased.ts';",
        "import { type U } from './kept-empty.ts';",
        "import { v } from './value.ts';",
        "export type { W } from './reexported-type.ts';",
        "export { x } from './reexported-value.ts';",
        "export type Lazy = typeof import('./type-query.ts');",
        "export const later = () => import('./dynamic.ts');",
        "import 'node-only-effect';",
        "import { request } from 'undici';",
        "import { App } from '@slack/bolt/dist/App';",
        "import { readFileSync } from 'fs';",
      ].join('\n'),
      ...Object.fromEntries(
        ['erased', 'kept-empty', 'value', 'reexported-type', 'reexported-value', 'type-query', 'dynamic'].map((n) => [
          `${n}.ts`,
          'export {};',
        ]),
      ),
    });
    const graph = readImportGraph(root);
    const a = graph.files.get('a.ts');
    expect(graph.unresolved).toEqual([]);
    // `import { type U }` is emitted as `import {} from`, so it still loads the module.
    expect([...(a?.runtime ?? [])].sort()).toEqual(
      [
        'kept-empty.ts',
        'value.ts',
        'reexported-value.ts',
        'dynamic.ts',
        'node-only-effect',
        'undici',
        '@slack/bolt',
        'node:fs',
      ].sort(),
    );
    expect([...(a?.types ?? [])].sort()).toEqual(['erased.ts', 'reexported-type.ts', 'type-query.ts']);
  });

  it('follows runtime imports through other files, with the chain, and not type-only ones', () => {
    write({
      'core.ts': "import { port } from './port.ts';\nimport type { Deep } from './typed.ts';",
      'port.ts': "export { helper as port } from './helper.ts';",
      'helper.ts': "import { request } from 'undici';\nexport const helper = request;",
      'typed.ts': "import 'pino';\nexport type Deep = string;",
    });
    const reach = runtimeReach(readImportGraph(root), 'core.ts');
    expect(reach.get('undici')).toEqual(['core.ts', 'port.ts', 'helper.ts', 'undici']);
    expect(reach.has('typed.ts')).toBe(false);
    expect(reach.has('pino')).toBe(false);
  });

  it('finds runtime cycles apart from type-level ones, and says when an import names no file', () => {
    write({
      'a.ts': "import { b } from './b.ts';\nexport const a = 1;",
      'b.ts': "import { a } from './a.ts';\nexport const b = 2;",
      'c.ts': "import type { D } from './d.ts';\nexport type C = 1;",
      'd.ts': "import type { C } from './c.ts';\nimport './gone.ts';\nexport type D = 2;",
    });
    const graph = readImportGraph(root);
    expect(importCycles(graph, false)).toEqual([['a.ts', 'b.ts']]);
    expect(importCycles(graph, true)).toEqual([
      ['a.ts', 'b.ts'],
      ['c.ts', 'd.ts'],
    ]);
    expect(graph.unresolved).toEqual(['d.ts → ./gone.ts']);
  });

  it('sees that a file of types only compiles to nothing', () => {
    expect(emittedCode("import type { A } from './a.ts';\nexport interface B { a: A }\nexport type C = B;")).toBe('');
    expect(emittedCode("import { type A } from './a.ts';\nexport type B = A;")).toBe("import {} from './a.ts';");
    expect(emittedCode('export const d = 1;')).toBe('export const d = 1;');
  });
});
