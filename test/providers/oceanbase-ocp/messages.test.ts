/** OCP's words: every message in English and Chinese. */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/lib/message.ts';
import { messages } from '../../../src/providers/oceanbase-ocp/messages.ts';
import { render, CJK } from './setup.ts';

describe('oceanbase-ocp messages', () => {
  const ids = Object.keys(messages.samples);

  it("every id is the provider's own, and both catalogs have every sample", () => {
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id.startsWith('oceanbase-ocp.'), id).toBe(true);
      for (const locale of LOCALES) expect(Object.keys(messages.catalogs[locale]), `${locale} ${id}`).toContain(id);
    }
  });

  it.each(ids)('renders %s in English and in Chinese, differently', (id) => {
    const m = { id, params: messages.samples[id] ?? {} };
    const en = render(m, 'en');
    const zh = render(m, 'zh-CN');
    expect(en, id).not.toBe('');
    expect(en, id).not.toMatch(/oceanbase-ocp\./);
    expect(zh, id).not.toMatch(/oceanbase-ocp\./);
    expect(en, id).not.toMatch(CJK);
    expect(zh, id).not.toBe(en);
  });
});
