/** A provider's parameter by the name a person or a config file gives it, and how help lists them. */
import type { AnyProvider, FieldCase, FieldSpec } from '../../providers/types.ts';

/** The field whose key or one of whose aliases is `name`, case-insensitively. */
export function findField(provider: AnyProvider, name: string): FieldSpec | undefined {
  const n = name.toLowerCase();
  return provider.fields.find((f) => f.key.toLowerCase() === n || f.aliases?.some((a) => a.toLowerCase() === n));
}

/** One key as help lists it. */
export interface KeyHelp {
  key: string;
  /** The values it takes, when they are few (a choice, a boolean); empty otherwise. */
  values: string[];
  optional: boolean;
  /** What leaving it out means, as typed. */
  default: string | undefined;
  /** The keys that, all given, may stand in for this one. */
  or: string[];
}

/**
 * A provider's keys as help lists them: the keys of every request, then those read only in one
 * case of another key (`mode=chain`), each optional or not as the params schema holds it there,
 * so help never calls optional what validation then asks for (test/e2e/examples.test.ts checks
 * both). A key that stands in for another is listed with that one.
 */
export function keyHelp(fields: readonly FieldSpec[]): {
  keys: KeyHelp[];
  cases: { when: FieldCase; isDefault: boolean; keys: KeyHelp[] }[];
} {
  const one = (f: FieldSpec): KeyHelp => ({
    key: f.key,
    values: f.kind === 'boolean' ? ['true', 'false'] : (f.choices ?? []).map((c) => c.value),
    optional: f.when ? !f.neededWhen : !f.required,
    default: f.default,
    or: fields.filter((o) => o.insteadOf === f.key).map((o) => o.key),
  });
  const shown = fields.filter((f) => f.insteadOf === undefined);
  const cases = new Map<string, { when: FieldCase; isDefault: boolean; keys: KeyHelp[] }>();
  for (const f of shown) {
    if (!f.when) continue;
    const id = `${f.when.key}=${f.when.values.join('|')}`;
    const byDefault = fields.find((d) => d.key === f.when?.key)?.default;
    const group = cases.get(id) ?? {
      when: f.when,
      isDefault: byDefault !== undefined && f.when.values.includes(byDefault),
      keys: [],
    };
    group.keys.push(one(f));
    cases.set(id, group);
  }
  return { keys: shown.filter((f) => !f.when).map(one), cases: [...cases.values()] };
}
