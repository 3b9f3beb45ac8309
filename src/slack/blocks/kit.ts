/** Minimal Block Kit builders with the limits applied where the text is made. */
import type { KnownBlock } from '@slack/types';
import { plain, safeText } from '../escape.ts';

export type Block = KnownBlock;

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: plain(text, 150) },
});

/** A section of trusted mrkdwn (already escaped where it holds user text). */
export const section = (mrkdwn: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: mrkdwn.slice(0, 3000), verbatim: true },
});

/** A section of untrusted text, escaped and cut to fit. */
export const untrusted = (text: string): Block => section(safeText(text, 3000));

export const context = (mrkdwn: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: mrkdwn.slice(0, 3000), verbatim: true }],
});

export const divider = (): Block => ({ type: 'divider' });

/** A code block of untrusted text. */
export const code = (text: string): Block => section('```' + safeText(text, 2990) + '```');
