/**
 * A small JSON Schema (draft-07) validator for the keywords Slack's app manifest schema uses
 * (test/fixtures/slack-manifest-schema/), so the manifest test needs no validator dependency.
 *
 * Assertions: type, enum, const, properties, patternProperties, additionalProperties, required,
 * minProperties/maxProperties, items (one schema), minItems/maxItems, uniqueItems, minLength/maxLength
 * (in code points), pattern, format "uri", allOf/anyOf/oneOf/not, and $ref: within the current
 * document (`#/definitions/…`) or to another loaded document by URL. Slack's schema also writes
 * `regex` once (display_information.background_color) where JSON Schema says `pattern`; it is
 * checked as a pattern, because that is plainly what Slack means. Annotations (title, description,
 * default, $comment, …) are skipped. Any other keyword is an error, never silently ignored:
 * `unknownKeywords` lists them for a whole schema, so a newer schema cannot weaken the check unnoticed.
 */

export type Schema = boolean | SchemaObject;
export type SchemaObject = { [keyword: string]: unknown };

export interface SchemaIssue {
  /** Where in the value, as `a.b[2].c` (`(root)` for the value itself). */
  path: string;
  message: string;
}

/** Finds another document named by an absolute `$ref`, or undefined. */
export type DocumentLoader = (url: string) => Schema | undefined;

const ASSERTIONS = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'patternProperties',
  'additionalProperties',
  'required',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'regex',
  'format',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  '$ref',
]);
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'definitions',
  '_note',
]);

/** The keywords of `schema` (and every subschema in it) this validator does not know. */
export function unknownKeywords(schema: Schema, at = '#'): string[] {
  if (typeof schema === 'boolean') return [];
  const found: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!ASSERTIONS.has(k) && !ANNOTATIONS.has(k)) found.push(`${at}/${k}`);
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      for (const [name, sub] of Object.entries(v as Record<string, Schema>))
        found.push(...unknownKeywords(sub, `${at}/${k}/${name}`));
    } else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') {
      (v as Schema[]).forEach((sub, i) => found.push(...unknownKeywords(sub, `${at}/${k}/${i}`)));
    } else if (k === 'items' || k === 'not' || (k === 'additionalProperties' && typeof v === 'object')) {
      if (Array.isArray(v)) found.push(`${at}/${k} (tuple form)`);
      else found.push(...unknownKeywords(v as Schema, `${at}/${k}`));
    }
  }
  return found;
}

/** Every `pattern`/`regex` in the schema, with where it is, for compiling them all up front. */
export function patternsOf(schema: Schema, at = '#'): { at: string; pattern: string }[] {
  if (typeof schema !== 'object') return [];
  const found: { at: string; pattern: string }[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if ((k === 'pattern' || k === 'regex') && typeof v === 'string') found.push({ at: `${at}/${k}`, pattern: v });
    if (k === 'patternProperties')
      for (const name of Object.keys(v as object)) found.push({ at: `${at}/${k}`, pattern: name });
    if (k === 'default' || k === 'enum' || k === 'const' || k === 'examples') continue;
    if (v && typeof v === 'object')
      for (const [name, sub] of Object.entries(v)) found.push(...patternsOf(sub as Schema, `${at}/${k}/${name}`));
  }
  return found;
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    regexCache.set(pattern, re);
  }
  return re;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeOf(a) !== typeOf(b) || typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return ka.length === Object.keys(ob).length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], ob[k]));
}

const child = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path === '(root)' ? key : `${path}.${key}`;

/** Validates `value` against `schema` and returns every problem found (empty when it is valid). */
export function validate(schema: Schema, value: unknown, load: DocumentLoader = () => undefined): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  check(schema, schema, value, '(root)', issues, load);
  return issues;
}

function resolve(ref: string, root: Schema, load: DocumentLoader): { schema: Schema; root: Schema } {
  const hash = ref.indexOf('#');
  const url = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '' : ref.slice(hash + 1);
  const doc = url === '' ? root : load(url);
  if (doc === undefined) throw new Error(`$ref ${ref}: no such document is loaded`);
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
    if (at === undefined) throw new Error(`$ref ${ref}: nothing at that pointer`);
  }
  return { schema: at as Schema, root: doc };
}

function check(
  schema: Schema,
  root: Schema,
  value: unknown,
  path: string,
  out: SchemaIssue[],
  load: DocumentLoader,
): void {
  const fail = (message: string, at = path): void => {
    out.push({ path: at, message });
  };
  if (schema === true) return;
  if (schema === false) return fail('is not allowed here');
  const unknown = Object.keys(schema).filter((k) => !ASSERTIONS.has(k) && !ANNOTATIONS.has(k));
  if (unknown.length) throw new Error(`schema keyword(s) not supported by this checker: ${unknown.join(', ')}`);
  const s = schema as {
    type?: string | string[];
    enum?: unknown[];
    const?: unknown;
    properties?: Record<string, Schema>;
    patternProperties?: Record<string, Schema>;
    additionalProperties?: Schema;
    required?: string[];
    minProperties?: number;
    maxProperties?: number;
    items?: Schema;
    minItems?: number;
    maxItems?: number;
    uniqueItems?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    regex?: string;
    format?: string;
    allOf?: Schema[];
    anyOf?: Schema[];
    oneOf?: (Schema & { $comment?: string })[];
    not?: Schema;
    $ref?: string;
  };

  if (s.$ref !== undefined) {
    const target = resolve(s.$ref, root, load);
    check(target.schema, target.root, value, path, out, load);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => hasType(value, t))) {
      // Nothing else about a value of the wrong type is worth saying.
      return fail(`must be ${types.join(' or ')}, not ${typeOf(value)}`);
    }
  }
  if (s.enum !== undefined && !s.enum.some((e) => deepEqual(e, value)))
    fail(`must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(value)}`);
  if ('const' in s && !deepEqual(s.const, value))
    fail(`must be ${JSON.stringify(s.const)}, not ${JSON.stringify(value)}`);

  if (typeof value === 'string') {
    const length = [...value].length;
    if (s.minLength !== undefined && length < s.minLength)
      fail(`must be at least ${s.minLength} characters long (is ${length})`);
    if (s.maxLength !== undefined && length > s.maxLength)
      fail(`must be at most ${s.maxLength} characters long (is ${length})`);
    for (const p of [s.pattern, s.regex])
      if (p !== undefined && !regex(p).test(value)) fail(`${JSON.stringify(value)} must match /${p}/`);
    if (s.format !== undefined && s.format !== 'uri') throw new Error(`format "${s.format}" is not supported`);
    if (s.format === 'uri' && !URL.canParse(value)) fail(`${JSON.stringify(value)} must be a URI`);
  }

  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems)
      fail(`must have at least ${s.minItems} items (has ${value.length})`);
    if (s.maxItems !== undefined && value.length > s.maxItems)
      fail(`must have at most ${s.maxItems} items (has ${value.length})`);
    if (s.uniqueItems) {
      value.forEach((v, i) => {
        if (value.findIndex((w) => deepEqual(v, w)) < i) fail(`repeats ${JSON.stringify(v)}`, child(path, i));
      });
    }
    if (s.items !== undefined) value.forEach((v, i) => check(s.items!, root, v, child(path, i), out, load));
  }

  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const r of s.required ?? []) if (!(r in obj)) fail(`is missing the required "${r}"`);
    if (s.minProperties !== undefined && keys.length < s.minProperties)
      fail(`must have at least ${s.minProperties} keys (has ${keys.length})`);
    if (s.maxProperties !== undefined && keys.length > s.maxProperties)
      fail(`must have at most ${s.maxProperties} keys (has ${keys.length})`);
    for (const key of keys) {
      let matched = false;
      const sub = s.properties?.[key];
      if (s.properties && Object.hasOwn(s.properties, key) && sub !== undefined) {
        matched = true;
        check(sub, root, obj[key], child(path, key), out, load);
      }
      for (const [p, ps] of Object.entries(s.patternProperties ?? {})) {
        if (regex(p).test(key)) {
          matched = true;
          check(ps, root, obj[key], child(path, key), out, load);
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) fail(`has "${key}", which is not allowed here`, child(path, key));
        else check(s.additionalProperties, root, obj[key], child(path, key), out, load);
      }
    }
  }

  for (const sub of s.allOf ?? []) check(sub, root, value, path, out, load);
  if (s.anyOf !== undefined) {
    const tries = s.anyOf.map((sub) => attempt(sub, root, value, path, load));
    if (!tries.some((t) => t.length === 0)) fail(`matches none of the anyOf choices: ${closest(tries)}`);
  }
  if (s.oneOf !== undefined) {
    const tries = s.oneOf.map((sub) => attempt(sub, root, value, path, load));
    const passing = tries.filter((t) => t.length === 0).length;
    if (passing === 0) fail(`matches none of the oneOf choices: ${closest(tries, s.oneOf)}`);
    else if (passing > 1) fail(`matches ${passing} of the oneOf choices, where exactly one must match`);
  }
  if (s.not !== undefined && attempt(s.not, root, value, path, load).length === 0)
    fail(`must not match ${JSON.stringify(s.not)}`);
}

function attempt(schema: Schema, root: Schema, value: unknown, path: string, load: DocumentLoader): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  check(schema, root, value, path, out, load);
  return out;
}

/** The issues of the choice that came closest (fewest issues), to say what to fix. */
function closest(tries: SchemaIssue[][], choices?: Schema[]): string {
  let best = 0;
  tries.forEach((t, i) => {
    if (t.length < (tries[best]?.length ?? Infinity)) best = i;
  });
  const choice = choices?.[best];
  const comment = typeof choice === 'object' && typeof choice.$comment === 'string' ? ` (${choice.$comment})` : '';
  return `closest is choice ${best + 1}${comment}: ${(tries[best] ?? []).map((i) => `${i.path} ${i.message}`).join('; ')}`;
}
