/**
 * Every message id, in both languages, on every surface. The ids come from the samples, which
 * are typed against each message set, so a message without words or without a sample fails
 * the typecheck before it reaches this test.
 */
import { describe, expect, it } from 'vitest';
import { consoleStyle } from '../../src/console/style.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { LOCALES, isMessage, type Message } from '../../src/lib/message.ts';
import { providerMessages, providers } from '../../src/providers/index.ts';
import { mrkdwnStyle, plainStyle } from '../../src/slack/words.ts';

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
const SLACK_TEXT_LIMIT = 3000;
const renderer = createI18n(providerMessages, () => new Date('2026-11-28T09:00:00Z'));
const samples = renderer.samples();

/**
 * A message that only shows values it was given (an id, a name, a state code, joined by
 * punctuation) reads the same in every language: nothing is left once its values are taken out.
 */
function onlyValues(m: Message, rendered: string): boolean {
  let rest = rendered;
  for (const v of Object.values(m.params))
    if (typeof v === 'string' || typeof v === 'number') rest = rest.split(String(v)).join('');
  return !/\p{L}/u.test(rest);
}

describe('message catalogs', () => {
  it('have words for every id, from the core, the front ends and every provider', () => {
    expect(samples.length).toBeGreaterThan(150);
    const ids = samples.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of providers) {
      const own = Object.keys(p.messages.samples);
      expect(own.length, p.id).toBeGreaterThan(5);
      for (const id of own) expect(id.startsWith(`${p.id}.`), id).toBe(true);
    }
    for (const m of samples) {
      for (const v of Object.values(m.params))
        if (isMessage(v)) expect(renderer.has(v.id), `${m.id} nests ${v.id}`).toBe(true);
    }
  });

  it.each(samples.map((m) => [m.id, m] as const))(
    'renders %s in English and Chinese on Slack and the console',
    (_id, m) => {
      const en = renderer.render(m, 'en', plainStyle);
      const zh = renderer.render(m, 'zh-CN', plainStyle);
      expect(en.trim(), 'English').not.toBe('');
      expect(zh.trim(), 'Chinese').not.toBe('');
      expect(CJK.test(en), `English has Chinese: ${en}`).toBe(false);
      if (!onlyValues(m, en)) expect(zh, 'the Chinese reads differently').not.toBe(en);
      for (const locale of LOCALES) {
        const slack = renderer.render(m, locale, mrkdwnStyle);
        expect(slack.length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT);
        expect(renderer.render(m, locale, plainStyle).length).toBeLessThanOrEqual(SLACK_TEXT_LIMIT);
        const terminal = renderer.render(m, locale, consoleStyle);
        // The console is plain text: no Slack syntax reaches it.
        expect(terminal).not.toMatch(/<[@!#]|`/);
      }
    },
  );

  it('escapes what was typed or answered: no mention, link or control sequence survives', () => {
    const hostile: Message = {
      id: 'ui.answer.unknownTarget',
      params: { target: '<!channel> <https://evil|x>', targets: ['a\u001b[2J'] },
    };
    const slack = renderer.render(hostile, 'en', mrkdwnStyle);
    expect(slack).not.toContain('<!channel>');
    expect(slack).toContain('&lt;!channel&gt;');
    expect(slack).not.toContain('<https://evil');
    expect(renderer.render(hostile, 'en', consoleStyle)).not.toContain('\u001b');
  });

  it('formats numbers, lists, plurals and times for each language', () => {
    const m: Message = {
      id: 'ask.cooldown',
      params: { item: 'job-1', count: 1200, target: 't', reruns: 3, perMs: 5_400_000 },
    };
    expect(renderer.render(m, 'en', plainStyle)).toContain('1,200 times');
    expect(renderer.render(m, 'en', plainStyle)).toContain('1 hour 30 minutes');
    expect(renderer.render(m, 'zh-CN', plainStyle)).toContain('1 小时 30 分钟');
    const once: Message = { ...m, params: { ...m.params, count: 1 } };
    expect(renderer.render(once, 'en', plainStyle)).toContain('rerun once recently');
    const list: Message = { id: 'ask.noTarget', params: { target: 'x', targets: ['a', 'b', 'c'] } };
    expect(renderer.render(list, 'en', plainStyle)).toContain('a, b, and c');
    expect(renderer.render(list, 'zh-CN', plainStyle)).toContain('a、b和c');
    const when: Message = { id: 'click.expired', params: { at: '2026-11-28T10:00:00.000Z' } };
    expect(renderer.render(when, 'en', mrkdwnStyle)).toMatch(/<!date\^1795860000\^/);
  });

  it('shows a message it has no words for, or with values of another shape, by its id and values', () => {
    expect(renderer.render({ id: 'from.a.newer.version', params: { job: 'j-1' } }, 'en', plainStyle)).toBe(
      'from.a.newer.version (job=j-1)',
    );
    // e.g. stored by an older version whose summary took other parameters
    expect(renderer.render({ id: 'tencent-batch.summary', params: { count: 1 } }, 'zh-CN', plainStyle)).toBe(
      'tencent-batch.summary (count=1)',
    );
  });
});
