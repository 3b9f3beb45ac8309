/**
 * The answer to an ask that collided with an open request (issue 19 item 5), seen by the asker
 * alone: the core's refusal (the jobs, who asked, where the request stands), a link to the
 * request's message, and what they may do: Watch, and Approve when the request's policy lets them
 * decide it. The buttons' value is sealed for this person, this surface and the request as shown
 * (button-seal.ts): a click counts only while the request is still as the answer showed it.
 */
import type { Collision } from '../../core/compose.ts';
import type { RerunRequest } from '../../core/model/request.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import { escapeMrkdwn } from '../escape.ts';
import { ACTION } from '../ids.ts';
import type { SlackWords } from '../words.ts';
import { section, type Block } from './kit.ts';

/** What the answer showed of the request, sealed in its buttons and compared on a click. */
export const shownOf = (r: Pick<RerunRequest, 'state' | 'updatedAt'>): string => `${r.state}@${r.updatedAt}`;

export function collisionMessage(
  refusal: Message,
  c: Collision,
  /** The sealed value of the buttons shown; none when the asker may neither watch nor approve. */
  value: string | undefined,
  link: string | undefined,
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const text = words.mrkdwn(refusal, locale);
  const label = escapeMrkdwn(words.plain(uiMsg('ui.collision.open', {}), locale));
  const blocks: Block[] = [section(link ? `${text}\n<${link}|${label}>` : text)];
  const watch = !!value && c.mayWatch;
  const approve = !!value && c.mayApprove;
  if (watch || approve) {
    blocks.push(section(words.mrkdwn(uiMsg('ui.collision.help', { id: c.request.id, watch, approve }), locale)));
    const p = (m: Message) => words.plain(m, locale).slice(0, 75);
    blocks.push({
      type: 'actions',
      block_id: `collision:${c.request.id}`,
      elements: [
        ...(watch ? [button(ACTION.collisionWatch, p(uiMsg('ui.button.watch', {})), value)] : []),
        ...(approve ? [button(ACTION.collisionApprove, p(uiMsg('ui.button.approve', {})), value, 'primary')] : []),
      ],
    });
  }
  return { text, blocks };
}

function button(actionId: string, text: string, value: string, style?: 'primary') {
  return {
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text },
    value,
    ...(style ? { style } : {}),
  };
}
