/**
 * The App Home (issue 19 item 6) and `/rerun pending`'s answer: the three lists of what waits for a
 * person (i18n/pending.ts) in Block Kit. On the Home, each request waiting for the viewer carries
 * Approve and Reject with a value sealed for the viewer, the Home and the request as shown
 * (button-seal.ts). Break-glass is never offered here: it stays on the request's own form.
 */
import type { PendingLists } from '../../core/compose.ts';
import type { RerunRequest } from '../../core/model/request.ts';
import { pendingView } from '../../i18n/pending.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import { ACTION, BLOCK } from '../ids.ts';
import type { SlackWords } from '../words.ts';
import { context, divider, header, section, type Block } from './kit.ts';

/** Slack's limit on a Home tab's blocks (views.publish). */
export const MAX_HOME_BLOCKS = 100;

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

function button(actionId: string, label: string, value: string, style: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: label.slice(0, 75) },
    style,
    value,
  };
}

/**
 * The viewer's Home. `seal` makes a waiting request's button value for this viewer; `notice`, when
 * given, comes first (a click that did not count, and why).
 */
export function homeView(
  lists: PendingLists,
  locale: Locale,
  words: SlackWords,
  seal: (r: RerunRequest) => string,
  notice?: Message,
): HomeView {
  const blocks: Block[] = notice ? [section(`:warning: ${words.mrkdwn(notice, locale)}`)] : [];
  const approve = words.plain(uiMsg('ui.button.approve', {}), locale);
  const reject = words.plain(uiMsg('ui.button.reject', {}), locale);
  for (const s of pendingView(lists)) {
    blocks.push(header(words.plain(s.title, locale)));
    if (!s.items.length) blocks.push(context(words.mrkdwn(s.none, locale)));
    for (const { request, line } of s.items) {
      blocks.push(section(words.mrkdwn(line, locale)));
      if (s.list === 'waiting') {
        const value = seal(request);
        blocks.push({
          type: 'actions',
          block_id: BLOCK.home(request.id),
          elements: [
            button(ACTION.homeApprove, approve, value, 'primary'),
            button(ACTION.homeReject, reject, value, 'danger'),
          ],
        });
      }
    }
    if (s.more) blocks.push(context(words.mrkdwn(s.more, locale)));
    blocks.push(divider());
  }
  // The lists are bounded well under it (core/use-cases/pending.ts); the cap is the net.
  return { type: 'home', blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}

/** `/rerun pending`: the same lists as text, without buttons (they act from the Home and the messages). */
export function pendingMessage(
  lists: PendingLists,
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const parts = pendingView(lists).map((s) => {
    const lines = s.items.length ? s.items.map((i) => i.line) : [s.none];
    return [
      `*${words.plain(s.title, locale)}*`,
      ...[...lines, ...(s.more ? [s.more] : [])].map((l) => `• ${words.mrkdwn(l, locale)}`),
    ].join('\n');
  });
  return { text: parts.join('\n\n'), blocks: parts.map((p) => section(p)) };
}
