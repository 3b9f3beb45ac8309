/**
 * Properties of alert-rule captures (core/alerts.ts readAlert, with the rules of the config tests):
 * whatever a message in an alert channel says, markup included, reading it never throws, what it
 * captures is strings, and the reply that offers the rerun renders it inert.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { readAlert } from '../../src/core/alerts.ts';
import type { Place } from '../../src/core/model/request.ts';
import { uiMsg } from '../../src/i18n/surface.ts';
import { providers } from '../../src/providers/index.ts';
import { FOUR_TARGETS, hostile, huge, liveMarkup, piece, renderAll, words } from './arbitraries.ts';

const config = parseConfig(FOUR_TARGETS, 'property.yml', {}, providers);
const providerOf = (id: string) => config.targets.get(id)?.provider;

const PLACES: Place[] = [
  { id: 'C1', name: 'alerts-batch' },
  { id: 'C0ALERTS' },
  { id: 'C0LOOSE' },
  { id: 'C0ZH' },
  { id: 'C0DLF' },
  { id: 'C0OCP' },
  { id: 'C0EHPC' },
  { id: 'C0NONE', name: 'random' },
];

/** An alert's text: the rules' own phrases with hostile captures, or anything at all. */
const alertText = fc.oneof(
  hostile,
  fc.tuple(hostile, hostile).map(([a, b]) => `Batch job ${a} failed ${b}`),
  fc.tuple(hostile, hostile).map(([a, b]) => `jobs ${a} failed ${b}`),
  fc.tuple(hostile, hostile).map(([a, b]) => `job ${a} broke ${b}`),
  fc.tuple(hostile, hostile, hostile).map(([a, b, c]) => `DLF ${a} instance ${b} at ${c}`),
  fc.tuple(hostile, hostile).map(([a, b]) => `task ${a} subtask ${b}`),
  fc.array(piece, { maxLength: 30 }).map((a) => `E-HPC ${a.join(',')}`),
  huge.map((h) => `job ${h} broke`),
);

describe('alert-rule captures (properties)', () => {
  it('readAlert never throws; captures are strings keyed by the provider fields; the offer renders inert (1000 runs)', () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PLACES), alertText, (place, text) => {
        const m = readAlert(config.alerts, providerOf, place, text);
        if (!m) return;
        matched += 1;
        const provider = providerOf(m.targetId);
        expect(provider).toBeDefined();
        const keys = new Set(provider?.fields.map((f) => f.key));
        for (const [key, value] of Object.entries(m.raw)) {
          expect(keys.has(key), key).toBe(true);
          const values = Array.isArray(value) ? value : [value];
          for (const v of values) expect(typeof v).toBe('string');
        }
        for (const item of m.items) {
          expect(typeof item).toBe('string');
          expect(item.length).toBeGreaterThan(0);
        }
        expect(new Set(m.items).size).toBe(m.items.length);
        // The thread reply that offers the rerun, as slack/blocks/alert.ts renders it.
        const offer = uiMsg('ui.alert.offer', {
          target: m.targetId,
          provider: provider!.displayName,
          items: m.items,
          missing: [],
        });
        for (const t of renderAll(offer)) expect(t.length).toBeGreaterThan(0);
        expect(liveMarkup(words.mrkdwn(offer, 'en'))).toEqual([]);
        expect(liveMarkup(words.mrkdwn(offer, 'zh-CN'))).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // Enough of the 1,000 texts matched a rule for the property to mean something. How many do
    // varies with fast-check's seed (about 90 to 170 seen); 50 is far below any run seen.
    expect(matched).toBeGreaterThan(50);
  });

  it('a rule reads only its own channel: no match in a channel no rule names (500 runs)', () => {
    fc.assert(
      fc.property(alertText, (text) => {
        expect(readAlert(config.alerts, providerOf, { id: 'C0NONE', name: 'random' }, text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
