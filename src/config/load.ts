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
import { namedGroups, type AlertRule } from '../core/model/alert.ts';
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

/** Replaces `${NAME}` in every string of the tree; unset variables are problems. */
function interpolate(
  node: unknown,
  env: Record<string, string | undefined>,
  path: string[],
  problems: Problem[],
): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const value = env[name];
      if (value === undefined) {
        problems.push({ path: path.join('.'), message: `environment variable ${name} is not set` });
        return '';
      }
      return value;
    });
  }
  if (Array.isArray(node)) return node.map((v, i) => interpolate(v, env, [...path, String(i)], problems));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env, [...path, k], problems)]));
  }
  return node;
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
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    );
  }
  const raw = interpolate(doc.toJS() ?? {}, env, [], problems);
  const top = check(fileSchema, raw, [], problems);
  if (!top) throw new ConfigError(file, problems);

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
    const emulator = entry['auth'] === undefined ? options.emulators?.(provider.id) : undefined;
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
    for (const group of namedGroups(rule.match).filter((g) => !known(g)))
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

  if (problems.length) throw new ConfigError(file, problems);
  return { targets, policies, alerts };
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
    throw new ConfigError(file, [
      {
        path: '',
        message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)}); set RERUN_CONFIG to its path`,
      },
    ]);
  }
  return parseConfig(text, file, env, providers, options);
}
