/**
 * What the property tests share: hostile text (Slack markup, quotes, `=`, unicode, control
 * characters, huge runs), the Slack words the bot renders with, and the check that a rendered
 * answer carries no live mention, broadcast or link that came from the input.
 */
import fc from 'fast-check';
import { createI18n } from '../../src/i18n/index.ts';
import type { Message } from '../../src/lib/message.ts';
import { isMessage } from '../../src/lib/message.ts';
import { providerMessages } from '../../src/providers/index.ts';
import { slackWords } from '../../src/slack/words.ts';

export const renderer = createI18n(providerMessages, () => new Date('2026-03-01T09:00:00Z'));
export const words = slackWords(renderer);

/** Slack markup a person could type or paste, live if it reached a message as is. */
export const MARKUP = [
  '<@U0ADMIN>',
  '<@W0ADMIN|admin>',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0ONCALL>',
  '<#C0SECRET>',
  '<http://evil.example|click me>',
  '<https://evil.example>',
  '<mailto:a@evil.example|mail>',
  '&lt;@U0ADMIN&gt;',
  '&lt;!channel&gt;',
  '&amp;lt;!here&amp;gt;',
  '<!date^1^{date}|x>',
  '`',
  '```',
  '*bold*',
  '_it_',
  '~strike~',
  '>quote',
] as const;

const SPECIAL = [
  '=',
  '"',
  "'",
  '\u201c',
  '\u201d',
  '\u2018',
  '\u2019',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  ',',
  '\\',
  '\u0000',
  '\u001b[31m',
  '\u202e',
  '\u200b',
  '😀',
  '作业',
  '👨‍👩‍👧',
  '\ud800',
] as const;

const WORD_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789_-'];

/** An identifier-like word (cheaper than fc.stringMatching). */
export const word: fc.Arbitrary<string> = fc.string({
  unit: fc.constantFrom(...WORD_CHARS),
  minLength: 1,
  maxLength: 16,
});

/** One piece of hostile text. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: word },
);

/** Hostile text: pieces run together. */
export const hostile: fc.Arbitrary<string> = fc.array(piece, { maxLength: 12 }).map((a) => a.join(''));

/** A huge input: one piece repeated up to 100,000 characters. */
export const huge: fc.Arbitrary<string> = fc
  .tuple(
    piece.filter((s) => s.length > 0),
    fc.integer({ min: 1_000, max: 100_000 }),
  )
  .map(([s, n]) => s.repeat(Math.ceil(n / s.length)).slice(0, n));

/** A `key=value` soup: keys real or not, values hostile, quoted or not. */
export function keyValueSoup(keys: readonly string[]): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(...keys),
    fc.constantFrom(...keys).map((k) => k.toUpperCase()),
    hostile,
  );
  const value = fc.oneof(
    hostile,
    hostile.map((v) => `"${v}"`),
    hostile.map((v) => `'${v}'`),
    fc.array(hostile, { maxLength: 5 }).map((a) => a.join(',')),
  );
  return fc
    .array(fc.tuple(key, fc.constantFrom('=', '==', ' = ', '=', ''), value), { maxLength: 8 })
    .map((pairs) => pairs.map(([k, eq, v]) => `${k}${eq}${v}`).join(' '));
}

/** The bot's own date tokens (`<!date^…|…>`): a time it renders, not markup from the input. */
const OWN_DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*>/g;

/**
 * The live markup in a mrkdwn text, other than the bot's own date tokens and the mentions of the
 * `allowed` user ids the bot inserts itself: mentions, broadcasts, channel links and links.
 */
export function liveMarkup(text: string, allowed: readonly string[] = []): string[] {
  let t = text.replace(OWN_DATE, '');
  for (const id of allowed) t = t.split(`<@${id}>`).join('');
  return [...t.matchAll(/<(?:[@!#]|https?:|mailto:)[^>]*>?/gi)].map((m) => m[0]);
}

/** Whether every message in `m`, nested ones included, has an id some catalog knows. */
export function knownMessage(m: Message): boolean {
  if (!renderer.has(m.id)) return false;
  return Object.values(m.params).every((v) => {
    if (isMessage(v)) return knownMessage(v);
    if (Array.isArray(v)) return v.every((x: unknown) => !isMessage(x) || knownMessage(x));
    return true;
  });
}

/** Both languages, in mrkdwn and plain text: none may throw. */
export function renderAll(m: Message): string[] {
  return (['en', 'zh-CN'] as const).flatMap((l) => [words.mrkdwn(m, l), words.plain(m, l)]);
}

/**
 * One target of each provider (never contacted: the pure properties make no call), the peer
 * policy, and the alert rules of the config tests.
 */
export const FOUR_TARGETS = `
targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    endpoint: http://127.0.0.1:9
    auth: { secretId: AKIDFAKEFAKEFAKE, secretKey: fake-tencent-secret-key }
  dlf-prod:
    provider: huawei-dataarts
    region: cn-north-4
    endpoint: http://127.0.0.1:9
    projectId: 62099355b894428e8916573ae635f1f9
    workspace: 62fbba734e634c5087656fc3ff7adf34
    timeZone: Asia/Shanghai
    auth: { accessKey: fake-access-key, secretKey: fake-huawei-secret-key }
  ehpc-hz:
    provider: alibaba-ehpc
    region: cn-hangzhou
    endpoint: http://127.0.0.1:9
    clusterId: ehpc-hz-xxxxxxxx
    auth: { accessKeyId: fake-access-key-id, accessKeySecret: fake-alibaba-secret }
  ocp-main:
    provider: oceanbase-ocp
    endpoint: http://127.0.0.1:9
    auth: { username: fake-user, password: fake-ocp-password }
policies:
  default: { approval: peer, expiresAfter: 30m }
alerts:
  - channel: "#alerts-*"
    match: 'Batch job (?<JobIds>job-[a-z0-9]{8}) failed'
    target: batch-gz
  - channel: C0ALERTS
    match: 'jobs? (?<job_ids>\\S+)'
    target: batch-gz
  - channel: C0LOOSE
    match: 'job (?<job_ids>.+) broke'
    target: batch-gz
  - channel: C0ZH
    match: '作业 (?<job_ids>job-[a-z0-9]{8}) 失败'
    target: batch-gz
  - channel: C0DLF
    match: 'DLF (?<job>\\S+) instance (?<job_id>\\S*) at (?<plan_time>[^;]*)'
    target: dlf-prod
    params: { mode: instance, location: errorNode, version: original }
  - channel: C0OCP
    match: 'task (?<task>\\S+) subtask (?<subtask>\\S+)'
    target: ocp-main
  - channel: C0EHPC
    match: 'E-HPC (?<jobs>.*)'
    target: ehpc-hz
`;
