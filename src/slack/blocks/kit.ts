/** Minimal Block Kit builders with the limits applied where the text is made. */
import type { KnownBlock } from '@slack/types';
import { plain, safeText } from '../escape.ts';

export type Block = KnownBlock;

/**
 * Cuts rendered mrkdwn to Slack's limit, at a line or word break when there is one, never inside
 * an entity (`&amp;`) or a `<…>` token, and says that it was cut.
 */
export function cut(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  let end = max - 1;
  const open = Math.max(mrkdwn.lastIndexOf('&', end), mrkdwn.lastIndexOf('<', end));
  if (open > mrkdwn.lastIndexOf(';', end) && open > mrkdwn.lastIndexOf('>', end)) end = open;
  const space = mrkdwn.lastIndexOf(' ', end);
  if (space > max * 0.9) end = space;
  return mrkdwn.slice(0, end) + '…';
}

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: plain(text, 150) },
});

/** A section of trusted mrkdwn (already escaped where it holds user text). */
export const section = (mrkdwn: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: cut(mrkdwn, 3000), verbatim: true },
});

export const context = (mrkdwn: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: cut(mrkdwn, 3000), verbatim: true }],
});

export const divider = (): Block => ({ type: 'divider' });

/** A code block of untrusted text: a backtick inside it becomes ˋ, so no run of three can end it early. */
export const code = (text: string): Block => section('```' + safeText(text.replace(/`/g, 'ˋ'), 2990) + '```');
