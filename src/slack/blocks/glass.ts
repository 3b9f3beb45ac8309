/**
 * The break-glass form (issue 19 item 3): what it does, a Reason (the request's reason rules, and
 * always required here) and a checkbox that is the second confirmation. Pure: a view from words.
 */
import type { View } from '@slack/types';
import type { RerunRequest } from '../../core/model/request.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import { plain } from '../escape.ts';
import { ACTION, BLOCK, VIEW } from '../ids.ts';
import { MAX_REASON_CHARS } from '../../core/policy.ts';

/** The checkbox's value when ticked. */
export const GLASS_CONFIRMED = 'yes';

export function glassView(
  metadata: string,
  r: RerunRequest,
  locale: Locale,
  words: { plain(m: Message, locale: Locale): string },
): View {
  const w = (m: Message) => words.plain(m, locale);
  return {
    type: 'modal',
    callback_id: VIEW.glass,
    private_metadata: metadata,
    title: { type: 'plain_text', text: plain(w(uiMsg('ui.glass.title', {})), 24) },
    submit: { type: 'plain_text', text: plain(w(uiMsg('ui.glass.submit', {})), 24) },
    close: { type: 'plain_text', text: plain(w(uiMsg('ui.form.close', {})), 24) },
    blocks: [
      {
        type: 'section',
        text: { type: 'plain_text', text: plain(w(uiMsg('ui.glass.intro', { id: r.id, target: r.targetId })), 3000) },
      },
      {
        type: 'input',
        block_id: BLOCK.reason,
        label: { type: 'plain_text', text: w(uiMsg('ui.glass.reason', {})) },
        hint: {
          type: 'plain_text',
          text: plain(w(uiMsg('ui.glass.reasonHint', { pattern: r.policy.reasonPattern })), 2000),
        },
        element: {
          type: 'plain_text_input',
          action_id: ACTION.fieldValue,
          max_length: MAX_REASON_CHARS,
          ...(r.reason ? { initial_value: r.reason.slice(0, MAX_REASON_CHARS) } : {}),
        },
      },
      {
        type: 'input',
        block_id: BLOCK.glassConfirm,
        // The confirmation's words are the label (an option holds at most 75 characters).
        label: { type: 'plain_text', text: plain(w(uiMsg('ui.glass.confirm', {})), 2000) },
        element: {
          type: 'checkboxes',
          action_id: ACTION.glassConfirm,
          options: [
            {
              text: { type: 'plain_text', text: plain(w(uiMsg('ui.glass.confirmBox', {})), 75) },
              value: GLASS_CONFIRMED,
            },
          ],
        },
      },
    ],
  };
}
