/**
 * Messages rendered for Slack: mrkdwn for text fields (untrusted values escaped, mentions only
 * from validated user ids, times as `<!date^…>` tokens each reader sees in their own zone) and
 * plain text for labels, buttons and titles. Slack syntax lives here and nowhere else.
 */
import type { Renderer, SurfaceStyle } from '../i18n/render.ts';
import type { Locale, Message } from '../lib/message.ts';
import { escapeMrkdwn, mention, slackDate } from './escape.ts';
import { COMMAND } from './ids.ts';

const utc = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/**
 * Inline code that nothing inside can end: a backtick would close the span early and a line break
 * ends it too (Slack's inline code never spans lines), after which `*`, `_` and `~` in the rest
 * would format. A backtick becomes its look-alike ˋ (U+02CB) and a break a space; `&`, `<` and
 * `>` arrive escaped (render.ts escapes every parameter first). An empty span would show its two
 * backticks, so it holds a space.
 */
const codeSpan = (s: string): string => '`' + (s.replace(/`/g, 'ˋ').replace(/[\r\n\u2028\u2029]+/g, ' ') || ' ') + '`';

/**
 * Untrusted text made inert: &, < and > escaped (no mention, broadcast or link), and a backtick
 * turned into ˋ, so a value can neither open a code span or block of its own nor close one the
 * words put it in. `*`, `_` and `~` have no escape in mrkdwn; they can only style the value itself.
 */
const inert = (s: string): string => escapeMrkdwn(s).replace(/`/g, 'ˋ');

export const mrkdwnStyle: SurfaceStyle = {
  escape: inert,
  code: codeSpan,
  strong: (s) => `*${s}*`,
  user: mention,
  command: (args) => codeSpan(args ? `${COMMAND} ${args}` : COMMAND),
  date: (d) => slackDate(d.toISOString()),
};

/** plain_text is never parsed for mentions or links, so nothing needs escaping there. */
export const plainStyle: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => s,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => (args ? `${COMMAND} ${args}` : COMMAND),
  date: utc,
};

export interface SlackWords {
  mrkdwn(m: Message, locale: Locale): string;
  plain(m: Message, locale: Locale): string;
}

export function slackWords(renderer: Renderer): SlackWords {
  return {
    mrkdwn: (m, locale) => renderer.render(m, locale, mrkdwnStyle),
    plain: (m, locale) => renderer.render(m, locale, plainStyle),
  };
}
