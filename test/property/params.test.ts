/**
 * Properties of every provider's parameter schema, as the core meets it (core/input.ts
 * validateParams with the provider's `fields`): whatever raw values arrive, from text, the form or
 * an alert, validation never throws and answers either params or field problems with known
 * codes; what validates summarizes and renders, and reads back the same from the text that asks for it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { parseCommand } from '../../src/core/command.ts';
import { argsText, rawFromPairs, validateParams } from '../../src/core/input.ts';
import { providers } from '../../src/providers/index.ts';
import type { FieldSpec, RawParams } from '../../src/providers/types.ts';
import { FOUR_TARGETS, hostile, word, knownMessage, liveMarkup, renderAll, words } from './arbitraries.ts';

const config = parseConfig(FOUR_TARGETS, 'property.yml', {}, providers);
const NOW = new Date('2026-03-01T09:00:00Z');

/** A value for one field: mostly of its kind (valid or at its edges), sometimes anything at all. */
function valueFor(field: FieldSpec): fc.Arbitrary<string | string[] | boolean | undefined> {
  const ids = fc.oneof(fc.constant(field.example), word, hostile);
  const ofKind: fc.Arbitrary<string | string[] | boolean> = (() => {
    switch (field.kind) {
      case 'list':
        return fc.oneof(
          fc.array(ids, { maxLength: 30 }),
          fc.array(
            fc.nat().map((n) => `job-${n.toString(36).padStart(8, '0').slice(-8)}`),
            { minLength: 1, maxLength: 200 },
          ),
          fc.constant(field.example.split(',')),
        );
      case 'integer':
        return fc.oneof(
          fc.integer().map(String),
          fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
          fc.constantFrom('0', '-1', '1e3', '0x10', ' 7 ', '１２', 'NaN', 'Infinity', '9007199254740993'),
          fc.double().map(String),
        );
      case 'boolean':
        return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 'no', 'TRUE', '1', '0', 'maybe', ''));
      case 'choice':
        return fc.oneof(fc.constantFrom(...(field.choices ?? []).map((c) => c.value), 'nope'), hostile);
      case 'time':
        return fc.oneof(
          fc.constantFrom('-2h', '-6h', '-1h', '+1h', '-0m', '-99999999h', '2024-11-26 14:13', '2024-13-45 25:61'),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.integer({ min: 0, max: 4_102_444_800_000 }).map(String),
          fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 16).replace('T', ' ')),
        );
      default:
        return ids;
    }
  })();
  return fc.oneof(
    { weight: 6, arbitrary: ofKind },
    { weight: 1, arbitrary: ids },
    { weight: 1, arbitrary: fc.array(hostile, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Raw params for a provider: any subset of its fields, plus now and then a key it does not have. */
function rawFor(fields: readonly FieldSpec[]): fc.Arbitrary<RawParams> {
  const known = fc.record(Object.fromEntries(fields.map((f) => [f.key, valueFor(f)])), { requiredKeys: [] });
  const extra = fc.dictionary(hostile, fc.oneof(hostile, fc.array(hostile, { maxLength: 3 }), fc.boolean()), {
    maxKeys: 2,
  });
  return fc.oneof(
    { weight: 5, arbitrary: known },
    { weight: 1, arbitrary: fc.tuple(known, extra).map(([k, e]) => ({ ...e, ...k })) },
  );
}

/** The provider's help examples as raw params, each field kept, replaced by another value, or left out. */
function nearExamples(provider: (typeof providers)[number]): fc.Arbitrary<RawParams> {
  const examples = provider.help.examples.map((e) => {
    const cmd = parseCommand(`t ${e}`);
    if (cmd.kind !== 'request') throw new Error(`example ${e} does not read`);
    const read = rawFromPairs(provider, cmd.pairs);
    if ('error' in read) throw new Error(`example ${e} does not read`);
    return read.raw;
  });
  return fc
    .constantFrom(...examples)
    .chain((example) =>
      fc.record(
        Object.fromEntries(
          provider.fields.map((f) => [
            f.key,
            fc.oneof(
              { weight: 20, arbitrary: fc.constant(example[f.key]) },
              { weight: 2, arbitrary: valueFor(f) },
              { weight: 1, arbitrary: fc.constant(undefined) },
            ),
          ]),
        ),
        { requiredKeys: [] },
      ),
    );
}

describe.each(providers.map((p) => [p.id, p] as const))("%s's parameter schema (properties)", (id, provider) => {
  const target = [...config.targets.values()].find((t) => t.provider.id === id);
  if (!target) throw new Error(`no target of ${id} in the property config`);
  const keys = new Set(provider.fields.map((f) => f.key));

  it('validateParams never throws: params, or field problems with known codes and messages (500 runs)', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(rawFor(provider.fields), nearExamples(provider)), (raw) => {
        const v = validateParams(provider, target.config, raw, NOW);
        if (v.ok) {
          valid += 1;
          return;
        }
        const entries = Object.entries(v.errors);
        expect(entries.length).toBeGreaterThan(0);
        for (const [key, issue] of entries) {
          expect(keys.has(key) || key === '_', `error key ${key}`).toBe(true);
          expect(['required', 'invalid']).toContain(issue.code);
          expect(knownMessage(issue.message), issue.message.id).toBe(true);
          for (const text of renderAll(issue.message)) expect(text.length).toBeGreaterThan(0);
          expect(liveMarkup(words.mrkdwn(issue.message, 'en'))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
    // The generator reaches valid params too, or the round trip below would test nothing.
    expect(valid).toBeGreaterThan(0);
  }, 60_000);

  it('what validates (of 500 runs near the help examples) summarizes and renders inert, and its text asks for the same again', () => {
    let valid = 0;
    fc.assert(
      fc.property(nearExamples(provider), (raw) => {
        const v = validateParams(provider, target.config, raw, NOW);
        if (!v.ok) return;
        valid += 1;
        const summary = provider.summarize(v.params);
        expect(knownMessage(summary), summary.id).toBe(true);
        for (const text of renderAll(summary)) expect(text.length).toBeGreaterThan(0);
        expect(liveMarkup(words.mrkdwn(summary, 'en'))).toEqual([]);
        expect(liveMarkup(words.mrkdwn(summary, 'zh-CN'))).toEqual([]);

        // The round trip of the console's remainder line: raw → text → the same validation.
        const text = argsText(target.id, raw);
        const cmd = parseCommand(text);
        expect(cmd.kind, text).toBe('request');
        if (cmd.kind !== 'request') return;
        const read = rawFromPairs(provider, cmd.pairs);
        if ('error' in read) throw new Error(`${text}: ${JSON.stringify(read.error)}`);
        expect(validateParams(provider, target.config, read.raw, NOW).ok, text).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(valid).toBeGreaterThan(25);
  }, 60_000);
});
