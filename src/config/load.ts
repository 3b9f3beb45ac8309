/**
 * load(env, file) → Config, or one ConfigError listing every problem with its path
 * (`targets.<id>.auth.secretKey: required`). Strings may reference `${VAR}`. The result is the
 * core's own types (TargetConfig, Policy): config produces them, the core defines them.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { plainErrors, toProblems, type Problem } from '../lib/zod-issues.ts';
import { addSecretsOf } from '../lib/secrets.ts';
import { namedGroups, REASON_GROUP, type AlertRule } from '../core/model/alert.ts';
import { findField } from '../core/model/field.ts';
import type { Policy } from '../core/model/policy.ts';
import type { TargetConfig } from '../core/model/target.ts';
import type { AnyProvider } from '../providers/types.ts';
import { alertSchema, fileSchema, policySchema, TARGET_ID } from './schema.ts';

export interface Config {
  targets: Map<string, TargetConfig>;
  /** In file order: the first key that matches a target id wins. */
  policies: { pattern: string; policy: Policy }[];
  alerts: AlertRule[];
  /**
   * The console only: targets run against their emulator because variables their entry names are
   * not set, with those variables (set them and the target calls the real cloud).
   */
  waiting?: { target: string; variables: string[] }[];
}

/**
 * The console only: a target with no `auth` runs against its provider's built-in emulator. Given
 * a provider id, answers the emulator's endpoint and credentials, or undefined when there is none.
 * Never passed in Slack mode, where a target without credentials stays a config error.
 */
export type EmulatorLookup = (providerId: string) => { endpoint: string; auth: Record<string, unknown> } | undefined;

export interface ParseOptions {
  emulators?: EmulatorLookup;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  - ${p.path || '(file)'}: ${p.message}`).join('\n')}`);
  }
}

/** A `${NAME}` whose variable is not set, where it is used. */
interface Unset {
  path: string;
  name: string;
}

/** Replaces `${NAME}` in every string of the tree; unset variables are collected (replaced by ''). */
function interpolate(node: unknown, env: Record<string, string | undefined>, path: string[], unset: Unset[]): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const value = env[name];
      if (value === undefined) {
        unset.push({ path: path.join('.'), name });
        return '';
      }
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolate(v, env, [...path, String(i)], unset));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env, [...path, k], unset)]));
  }
  return node;
}

/** The yaml library's first syntax error (the others follow from it), once, at its line and column. */
function syntaxProblem(error: { message: string; linePos?: [{ line: number; col: number }, ...unknown[]] }): Problem {
  const at = error.linePos?.[0];
  // Its message ends with "at line L, column C:" and a snippet; the position is the path here.
  const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
  return { path: at ? `line ${at.line}, column ${at.col}` : '', message };
}

function check<T>(schema: z.ZodType<T>, value: unknown, path: string[], problems: Problem[]): T | undefined {
  const r = schema.safeParse(value, { error: plainErrors });
  if (r.success) return r.data;
  problems.push(...toProblems(r.error, path));
  return undefined;
}

export function parseConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined>,
  providers: readonly AnyProvider[],
  options: ParseOptions = {},
): Config {
  const problems: Problem[] = [];
  const doc = parseDocument(text);
  const firstError = doc.errors[0];
  if (firstError) throw new ConfigError(file, [syntaxProblem(firstError)]);
  const unset: Unset[] = [];
  const raw = interpolate(doc.toJS() ?? {}, env, [], unset);
  // An unset variable is the one problem where it is used: the empty value it left is not another.
  const withUnset = () => {
    const at = new Set(unset.map((u) => u.path));
    return [
      ...unset.map((u) => ({ path: u.path, message: `environment variable ${u.name} is not set` })),
      ...problems.filter((p) => !at.has(p.path)),
    ];
  };
  const top = check(fileSchema, raw, [], problems);
  if (!top) throw new ConfigError(file, withUnset());
  const waiting: NonNullable<Config['waiting']> = [];

  const targets = new Map<string, TargetConfig>();
  for (const [id, entry] of Object.entries(top.targets)) {
    if (!TARGET_ID.test(id))
      problems.push({ path: `targets.${id}`, message: 'a target id is lower-case letters, digits, - and _' });
    const provider = providers.find((p) => p.id === entry['provider']);
    if (!provider) {
      problems.push({
        path: `targets.${id}.provider`,
        message:
          entry['provider'] === undefined ? 'required' : `must be one of ${providers.map((p) => p.id).join(', ')}`,
      });
      continue;
    }
    // On the console, a target whose variables are not all set runs against its emulator until they are.
    const prefix = `targets.${id}`;
    const missing = unset.filter((u) => u.path === prefix || u.path.startsWith(`${prefix}.`));
    const emulator = entry['auth'] === undefined || missing.length ? options.emulators?.(provider.id) : undefined;
    if (emulator && missing.length) {
      waiting.push({ target: id, variables: [...new Set(missing.map((u) => u.name))] });
      for (const u of missing) unset.splice(unset.indexOf(u), 1);
    }
    const effective = emulator ? { ...entry, endpoint: emulator.endpoint, auth: emulator.auth } : entry;
    const config = check(provider.targetSchema, effective, ['targets', id], problems);
    // From here on no text leaves the bot with these in it (lib/secrets.ts).
    addSecretsOf(effective['auth']);
    if (config) targets.set(id, { id, provider, config, ...(emulator ? { emulated: true } : {}) });
  }
  if (Object.keys(top.targets).length === 0) problems.push({ path: 'targets', message: 'declare at least one target' });

  const policies: Config['policies'] = [];
  for (const [pattern, entry] of Object.entries(top.policies)) {
    const policy = check(policySchema, entry, ['policies', pattern], problems);
    if (policy) policies.push({ pattern, policy });
  }

  const alerts: AlertRule[] = [];
  top.alerts.forEach((entry, i) => {
    const rule = check(alertSchema, entry, ['alerts', String(i)], problems);
    if (!rule) return;
    if (!(rule.target in top.targets)) {
      problems.push({ path: `alerts.${i}.target`, message: `no target named ${rule.target}` });
      return;
    }
    const provider = providers.find((p) => p.id === top.targets[rule.target]?.['provider']);
    if (!provider) return; // already reported under targets
    const known = (key: string) => !!findField(provider, key);
    const keys = provider.fields.map((f) => f.key).join(', ');
    // `reason` captures the incident reference (issue 19 item 4), never a parameter.
    for (const group of namedGroups(rule.match).filter((g) => g !== REASON_GROUP && !known(g)))
      problems.push({
        path: `alerts.${i}.match`,
        message: `the named group ${group} is not a parameter of ${rule.target}; use one of ${keys}`,
      });
    for (const key of Object.keys(rule.params).filter((k) => !known(k)))
      problems.push({
        path: `alerts.${i}.params.${key}`,
        message: `not a parameter of ${rule.target}; use one of ${keys}`,
      });
    alerts.push(rule);
  });

  if (problems.length || unset.length) throw new ConfigError(file, withUnset());
  return { targets, policies, alerts, ...(waiting.length ? { waiting } : {}) };
}

export function loadConfig(
  file: string,
  env: Record<string, string | undefined>,
  providers: readonly AnyProvider[],
  options: ParseOptions = {},
): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    // Where RERUN_CONFIG names the file, the file is what is wrong, not the variable.
    const advice = env['RERUN_CONFIG'] ? '' : '; set RERUN_CONFIG to its path';
    const message = code === 'ENOENT' ? 'the file does not exist' : `cannot read the file (${code})`;
    throw new ConfigError(file, [{ path: '', message: `${message}${advice}` }]);
  }
  return parseConfig(text, file, env, providers, options);
}
