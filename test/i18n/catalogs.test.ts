/**
 * Every message id, in both languages, on every surface. The ids come from the samples, which
 * are typed against each message set, so a message without words or without a sample fails
 * the typecheck before it reaches this test.
 */
import { describe, expect, it } from 'vitest';
import { consoleStyle } from '../../src/console/style.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { KNOWN_CLOUD_STATES, cloudStateWordZh, cloudStateZh } from '../../src/lib/cloud-states.ts';
import { LOCALES, isMessage, type Message } from '../../src/lib/message.ts';
import type { SurfaceStyle } from '../../src/i18n/render.ts';
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
    expect(renderer.render(list, 'zh-CN', plainStyle)).toContain('a、b、c');
    const either: Message = { id: 'ask.wrongPlace', params: { target: 't', places: ['#a', '#b', '#c'] } };
    expect(renderer.render(either, 'zh-CN', plainStyle)).toContain('#a、#b 或 #c');
    const policy: Message = {
      id: 'ui.request.policy',
      params: { approval: 'peer', approvers: [], minApprovals: 1, expiresAt: '2026-11-28T09:30:00Z', expired: false },
    };
    expect(renderer.render(policy, 'zh-CN', plainStyle)).toContain('30 分钟后过期');
    expect(renderer.render(policy, 'en', plainStyle)).toContain('in 30 minutes');
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

  it('reads a parameter a stored record holds under its old name as it did', () => {
    const id = 'huawei-dataarts.refused.chain.changed';
    const now = 'fail×1, success×1';
    for (const locale of LOCALES)
      expect(renderer.render({ id, params: { then: 'fail×1', now } }, locale, plainStyle)).toBe(
        renderer.render({ id, params: { seen: 'fail×1', now } }, locale, plainStyle),
      );
    expect(renderer.render({ id, params: { then: 'fail×1', now } }, 'en', plainStyle)).toContain('(fail×1 then,');
  });
});

/**
 * The mechanical rules of docs/i18n-glossary.md, over every message rendered in Chinese with its
 * samples. Code spans, people, commands and dates are rendered as one Latin letter each, so the
 * spacing rule sees them as the Latin words they are, whatever they hold.
 */
describe('the Chinese catalogs follow the glossary', () => {
  const CJK_CHAR = '[\\u3400-\\u9fff]';
  const marked: SurfaceStyle = {
    escape: (s) => s,
    code: (s) => `⟦${s}⟧`,
    strong: (s) => s,
    user: () => 'U',
    command: () => 'C',
    date: () => 'D',
  };
  /** Code spans become `X`; the codes they hold are kept apart for the state check. */
  const zhOf = (m: Message) => {
    const raw = renderer.render(m, 'zh-CN', marked);
    const codes = [...raw.matchAll(/⟦([^⟧]*)⟧/g)].map((c) => c[1] ?? '');
    // What a cloud or a person wrote is quoted (“…”) and kept as written: only our words are checked.
    const text = raw.replace(/⟦[^⟧]*⟧/g, 'X').replace(/“[^”]*”/g, '“Q”');
    return { text, codes };
  };
  const words = KNOWN_CLOUD_STATES.filter((s) => !s.includes(' ')).map((s) => s.replace(/[-]/g, '\\-'));
  // A state code as a word of its own: not part of an identifier, a key=value or a longer code.
  const bareState = new RegExp(`(?<![\\w=./:-])(${words.join('|')})(?![\\w=./:-])`, 'g');
  const rules: [string, (text: string, codes: string[]) => string[]][] = [
    [
      'a state code has its Chinese word before it, as `运行中 (RUNNING)`',
      (text, codes) => {
        const bad: string[] = [];
        for (const c of codes) if (cloudStateWordZh(c) !== undefined) bad.push(`code span ${c}`);
        for (const hit of text.matchAll(bareState)) {
          const word = cloudStateWordZh(hit[1] ?? '') ?? '';
          const before = text.slice(0, hit.index);
          if (!before.endsWith(`${word} (`) || text[hit.index + (hit[1]?.length ?? 0)] !== ')') bad.push(hit[1] ?? '');
        }
        return bad;
      },
    ],
    [
      'a space between Chinese and Latin letters or digits',
      // Half-width brackets hold a code (`失败 (FAILED) 的作业`): they are spaced as Latin is.
      (text) => [...text.matchAll(new RegExp(`${CJK_CHAR}[A-Za-z0-9(]|[A-Za-z0-9)]${CJK_CHAR}`, 'g'))].map((h) => h[0]),
    ],
    ['one form of address: 您', (text) => [...text.matchAll(/你/g)].map((h) => h[0])],
    ['no space after Chinese punctuation', (text) => [...text.matchAll(/[。，；：！？、] /g)].map((h) => h[0])],
    [
      'no space between a duration and the Chinese after it',
      (text) => [...text.matchAll(new RegExp(`(秒|分钟|小时|天|个月) (?=${CJK_CHAR})`, 'g'))].map((h) => h[0]),
    ],
    [
      'full-width brackets around Chinese text',
      (text) => [...text.matchAll(new RegExp(`\\([^()]*${CJK_CHAR}[^()]*\\)`, 'g'))].map((h) => h[0]),
    ],
    ['one dash: ——', (text) => [...text.matchAll(/(?<!—)—(?!—)| - /g)].map((h) => h[0])],
    [
      'no 和 or 或 glued to what it joins',
      (text) => [...text.matchAll(/[A-Za-z0-9][和或]|[和或][A-Za-z0-9]/g)].map((h) => h[0]),
    ],
  ];

  it.each(rules)('%s, in every message', (_rule, check) => {
    const broken: string[] = [];
    for (const m of samples) {
      const { text, codes } = zhOf(m);
      const bad = check(text, codes);
      if (bad.length) broken.push(`${m.id}: ${bad.join(' | ')} in ${JSON.stringify(text)}`);
    }
    expect(broken, broken.join('\n')).toEqual([]);
  });

  it('says every cloud state in Chinese beside its code, counted ones and unknown ones too', () => {
    expect(cloudStateZh('RUNNING')).toBe('运行中 (RUNNING)');
    expect(cloudStateZh('fail')).toBe('运行失败 (fail)');
    expect(cloudStateZh('manual-stop')).toBe('取消 (manual-stop)');
    expect(cloudStateZh('fail×2, success×1')).toBe('运行失败 (fail)×2、运行成功 (success)×1');
    expect(cloudStateZh('SOMETHING_NEW')).toBe('未知 (SOMETHING_NEW)');
  });

  it('the checks see what they are for', () => {
    const state = rules[0]![1];
    expect(state('状态为 FAILED', [])).toEqual(['FAILED']);
    expect(state('失败 (FAILED)', [])).toEqual([]);
    expect(state('状态为 X', ['fail'])).toEqual(['code span fail']);
    expect(rules[1]![1]('作业ID', [])).toEqual(['业I']);
    expect(rules[1]![1]('作业 ID', [])).toEqual([]);
    expect(rules[1]![1]('失败 (FAILED)的作业', [])).toEqual([')的']);
  });
});
