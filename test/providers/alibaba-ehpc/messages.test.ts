/** E-HPC's words: every message in English and Chinese. */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/lib/message.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { messages } from '../../../src/providers/alibaba-ehpc/messages.ts';
import { plain, renderer, english } from './setup.ts';

describe('alibaba-ehpc messages', () => {
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  /** Messages made only of values (a pick-list entry): the same in every language. */
  const VALUES_ONLY = new Set(['alibaba-ehpc.option.job']);
  const all = Object.entries(messages.samples).map(([id, params]): Message => ({ id, params }));

  it('has an id under the provider for every message, and a sample of each', () => {
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) expect(m.id.startsWith('alibaba-ehpc.'), m.id).toBe(true);
    expect(Object.keys(messages.catalogs.en).sort()).toEqual(all.map((m) => m.id).sort());
    expect(Object.keys(messages.catalogs['zh-CN']).sort()).toEqual(all.map((m) => m.id).sort());
  });

  it.each(all.map((m) => [m.id, m] as const))('%s renders in English and in Chinese', (id, m) => {
    const en = renderer.render(m, 'en', plain);
    const zh = renderer.render(m, 'zh-CN', plain);
    expect(en.trim(), id).not.toBe('');
    expect(en, id).not.toMatch(CJK);
    expect(en, id).not.toContain('undefined');
    expect(zh, id).not.toContain('undefined');
    if (VALUES_ONLY.has(id)) return;
    expect(zh, id).not.toBe(en);
    expect(zh, id).toMatch(CJK);
  });

  it('shows the provider by its Chinese console name', () => {
    expect(renderer.render(alibabaEhpc.displayName, 'zh-CN', plain)).toBe('阿里云弹性高性能计算 E-HPC');
    expect(english(alibabaEhpc.displayName)).toBe('Alibaba Cloud E-HPC');
  });
});
