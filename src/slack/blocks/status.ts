/** `/rerun status` and `/rerun history`, in the reader's language. */
import type { RerunRequest } from '../../core/model/request.ts';
import type { StatusResult } from '../../core/compose.ts';
import { uiMsg } from '../../i18n/surface.ts';
import { historyView, statusView } from '../../i18n/views.ts';
import type { Locale, Message } from '../../lib/message.ts';
import type { SlackWords } from '../words.ts';
import { context, section, type Block } from './kit.ts';

export function statusMessage(
  s: StatusResult,
  now: Date,
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const t = (m: Message) => words.mrkdwn(m, locale);
  const v = statusView(s, now);
  const blocks: Block[] = [
    section(v.head.map(t).join('\n')),
    section(`${t(uiMsg('ui.status.decisions', {}))}\n${v.decisions.map(t).join('\n')}`),
  ];
  if (v.answer.length) blocks.push(section(`${t(uiMsg('ui.status.answer', {}))}\n${v.answer.map(t).join('\n')}`));
  if (v.current.length) blocks.push(section(`${t(uiMsg('ui.status.current', {}))}\n${v.current.map(t).join('\n')}`));
  blocks.push(context(t(v.audit)));
  // The top-level text is read as mrkdwn (it is the notification's): rendered, so escaped, as such.
  return { text: words.mrkdwn(v.head[0] as Message, locale), blocks };
}

export function historyMessage(
  requests: readonly RerunRequest[],
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const v = historyView(requests);
  const lines = v.lines.map((m) => words.mrkdwn(m, locale)).join('\n');
  return {
    text: words.mrkdwn(v.title, locale),
    blocks: [section(lines ? lines.slice(0, 3000) : words.mrkdwn(v.title, locale))],
  };
}
