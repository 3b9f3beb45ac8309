/**
 * DataArts' words: every message in English and Chinese, and every message the provider object
 * carries.
 */
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../../../src/i18n/render.ts';
import type { Message } from '../../../src/lib/message.ts';
import { huaweiDataArts } from '../../../src/providers/huawei-dataarts/index.ts';
import { messages, samples } from '../../../src/providers/huawei-dataarts/messages.ts';
import { text } from './setup.ts';

describe('huawei-dataarts messages', () => {
  /** Messages that are only values (a time, a state code, a number): the same in every language. */
  const VALUES_ONLY = new Set(['huawei-dataarts.choice.instance', 'huawei-dataarts.detail.chain.instance']);
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

  it('renders every message in English and Chinese: English has no CJK, Chinese is its own', () => {
    const all = createRenderer([messages], () => new Date()).samples();
    expect(all.length).toBe(Object.keys(samples).length);
    expect(all.length).toBeGreaterThan(100);
    for (const m of all) {
      expect(m.id.startsWith('huawei-dataarts.'), m.id).toBe(true);
      const en = text(m, 'en');
      const zh = text(m, 'zh-CN');
      for (const t of [en, zh]) {
        expect(t.trim(), m.id).not.toBe('');
        // A nested message without words shows its id; a missing value shows as "undefined".
        expect(t, m.id).not.toMatch(/undefined|NaN|\[object|huawei-dataarts\.|provider\./);
      }
      expect(en, m.id).not.toMatch(CJK);
      if (VALUES_ONLY.has(m.id)) continue;
      expect(zh, m.id).not.toBe(en);
      expect(zh, m.id).toMatch(CJK);
    }
  });

  it('every message the provider object carries has words', () => {
    const carried: Message[] = [
      huaweiDataArts.displayName,
      huaweiDataArts.help.summary,
      ...huaweiDataArts.fields.flatMap((f) => [f.label, f.hint, ...(f.choices ?? []).map((c) => c.label)]),
    ];
    for (const m of carried) {
      expect(Object.keys(messages.catalogs.en), m.id).toContain(m.id);
      expect(text(m, 'zh-CN'), m.id).toMatch(CJK);
    }
    expect(text(huaweiDataArts.displayName, 'zh-CN')).toBe('华为云 DataArts Studio');
  });
});
