/**
 * The import graph of src/, read with the TypeScript parser, for the architecture test: which
 * modules each file loads when it runs, and which it names only for their types.
 *
 * Under this project's `verbatimModuleSyntax`, only `import type …` / `export type … from` are
 * erased; `import { type A } from './a.ts'` still loads './a.ts' (it is emitted as
 * `import {} from './a.ts'`), so it counts as a runtime import. A dynamic `import('./a.ts')` loads
 * the module too (later, but it is reached); `typeof import('./a.ts')` in a type does not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** A module as the graph names it: a path under src/ (`core/errors.ts`) or a package (`undici`, `node:fs`). */
export type ModuleName = string;

export interface ImportEdges {
  /** Loaded when the file runs. */
  runtime: Set<ModuleName>;
  /** Named only for types (erased when compiled). */
  types: Set<ModuleName>;
}

export interface ImportGraph {
  /** Every .ts file under the root (tests included), by its path under the root. */
  files: Map<ModuleName, ImportEdges>;
  /** Relative specifiers that name no file: `from → specifier`. */
  unresolved: string[];
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** A package specifier as its package's name (`@slack/bolt/dist/x` → `@slack/bolt`); builtins with `node:`. */
function packageOf(spec: string): ModuleName {
  if (spec.startsWith('node:')) return spec;
  if (isBuiltin(spec)) return `node:${spec}`;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec);
}

/** The module specifiers of one file, each marked runtime or type-only. */
function specifiersOf(text: string, fileName: string): { spec: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: { spec: string; typeOnly: boolean }[] = [];
  const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteral(node) ? node.text : undefined);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      if (spec) found.push({ spec, typeOnly: node.importClause?.isTypeOnly === true });
    } else if (ts.isExportDeclaration(node)) {
      const spec = literal(node.moduleSpecifier);
      if (spec) found.push({ spec, typeOnly: node.isTypeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const spec = literal(node.moduleReference.expression);
      if (spec) found.push({ spec, typeOnly: node.isTypeOnly });
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      const spec = ts.isLiteralTypeNode(arg) ? literal(arg.literal) : undefined;
      if (spec) found.push({ spec, typeOnly: true });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const spec = literal(node.arguments[0]);
      if (spec) found.push({ spec, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Reads every .ts file under `root` (an absolute directory) into one graph. */
export function readImportGraph(root: string): ImportGraph {
  const files = new Map<ModuleName, ImportEdges>();
  const unresolved: string[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file);
    const edges: ImportEdges = { runtime: new Set(), types: new Set() };
    for (const { spec, typeOnly } of specifiersOf(readFileSync(file, 'utf8'), file)) {
      let target: ModuleName;
      if (spec.startsWith('.')) {
        const path = resolve(dirname(file), spec);
        if (!existsSync(path)) unresolved.push(`${from} → ${spec}`);
        target = relative(root, path);
      } else {
        target = packageOf(spec);
      }
      (typeOnly ? edges.types : edges.runtime).add(target);
    }
    // A module both loaded and named for types is loaded: keep it once, as runtime.
    for (const t of edges.runtime) edges.types.delete(t);
    files.set(from, edges);
  }
  return { files, unresolved };
}

/**
 * Everything `start` loads at run time, directly or through other files of the graph, each with
 * the chain that reaches it (`[start, …, module]`). Packages are leaves: their own imports are not followed.
 */
export function runtimeReach(graph: ImportGraph, start: ModuleName): Map<ModuleName, ModuleName[]> {
  const chains = new Map<ModuleName, ModuleName[]>([[start, [start]]]);
  const queue = [start];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const chain = chains.get(next) ?? [next];
    for (const target of graph.files.get(next)?.runtime ?? []) {
      if (chains.has(target)) continue;
      chains.set(target, [...chain, target]);
      if (graph.files.has(target)) queue.push(target);
    }
  }
  chains.delete(start);
  return chains;
}

/**
 * The import cycles among the graph's files: each strongly connected component of more than one
 * file (or a file that imports itself), its members sorted, the list sorted. `withTypes` counts
 * type-only imports as edges too.
 */
export function importCycles(graph: ImportGraph, withTypes: boolean): ModuleName[][] {
  const edgesOf = (f: ModuleName): ModuleName[] => {
    const e = graph.files.get(f);
    if (!e) return [];
    return [...e.runtime, ...(withTypes ? e.types : [])].filter((t) => graph.files.has(t));
  };
  // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
  const index = new Map<ModuleName, number>();
  const low = new Map<ModuleName, number>();
  const onStack = new Set<ModuleName>();
  const stack: ModuleName[] = [];
  const cycles: ModuleName[][] = [];
  let counter = 0;
  for (const root of graph.files.keys()) {
    if (index.has(root)) continue;
    const work: { node: ModuleName; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: ModuleName; next: number };
      const targets = edgesOf(frame.node);
      if (frame.next < targets.length) {
        const t = targets[frame.next++] as ModuleName;
        if (!index.has(t)) {
          index.set(t, counter);
          low.set(t, counter++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, next: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(t) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: ModuleName[] = [];
      for (let m = stack.pop(); m !== undefined; m = stack.pop()) {
        onStack.delete(m);
        component.push(m);
        if (m === frame.node) break;
      }
      if (component.length > 1 || edgesOf(frame.node).includes(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/**
 * The JavaScript a file compiles to under this project's settings, comments and the empty
 * `export {};` of a module aside: empty for a file of types only.
 */
export function emittedCode(text: string): string {
  const out = ts.transpileModule(text, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      removeComments: true,
    },
  }).outputText;
  return out
    .replace(/^export \{\};$/m, '')
    .replace(/^\/\/# sourceMappingURL=.*$/m, '')
    .trim();
}
