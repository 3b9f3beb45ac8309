/**
 * The one thread reply an alert gets: what matched and a Rerun… button that opens the form
 * prefilled, or, when a job it names is already in an open request, who asked and in what state.
 */
import type { Offer } from '../../core/compose.ts';
import type { AlertRule } from '../../core/model/alert.ts';
import type { Target } from '../../core/model/target.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import { escapeMrkdwn, plain } from '../escape.ts';
import { ACTION } from '../ids.ts';
import type { AlertButton } from '../payloads.ts';
import type { SlackWords } from '../words.ts';
import { section, type Block } from './kit.ts';

/** Block Kit's limit on a button's value. */
const VALUE_LIMIT = 2000;

/** The button's value; without the params when they would not fit (the form then opens empty). */
export function alertButtonValue(
  targetId: string,
  raw: RawParams,
  channel: string,
  ts: string,
  reason?: string,
): string {
  const r = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  const full: AlertButton = {
    t: targetId,
    r: r as AlertButton['r'],
    c: channel,
    ts,
    ...(reason ? { rs: reason } : {}),
  };
  const text = JSON.stringify(full);
  return text.length <= VALUE_LIMIT ? text : JSON.stringify({ ...full, r: {} });
}

export function alertReply(
  offer: Exclude<Offer, { kind: 'unknown-target' }>,
  target: Target,
  where: { channel: string; ts: string },
  locale: Locale,
  words: SlackWords,
  permalink?: string,
): { text: string; blocks: Block[] } {
  const t = (m: Message) => words.mrkdwn(m, locale);
  if (offer.kind === 'open') {
    const said = t(uiMsg('ui.alert.open', { target: target.id, open: offer.message }));
    // The link is Slack's own permalink of the open request's message, never text from the alert.
    const link =
      permalink && /^https:\/\/[^\s<>|]+$/.test(permalink)
        ? `\n<${permalink}|${escapeMrkdwn(words.plain(uiMsg('ui.alert.openLink', {}), locale))}>`
        : '';
    const text = said + link;
    return { text, blocks: [section(text)] };
  }
  const said = t(
    uiMsg('ui.alert.offer', {
      target: target.id,
      provider: target.provider.displayName,
      items: offer.items,
      missing: offer.missing,
    }),
  );
  return {
    text: said,
    blocks: [
      section(said),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.alertRerun,
            style: 'primary',
            text: { type: 'plain_text', text: plain(words.plain(uiMsg('ui.button.rerunAlert', {}), locale), 75) },
            value: alertButtonValue(target.id, offer.raw, where.channel, where.ts, offer.reason),
          },
        ],
      },
    ],
  };
}

/** What the bot answers a mention it cannot read as an alert: the rules it knows. */
export function rulesReply(rules: readonly AlertRule[], locale: Locale, words: SlackWords): { text: string } {
  const list = rules.map((r) => uiMsg('ui.alert.rule', { channel: r.channel, pattern: r.match, target: r.target }));
  return { text: words.mrkdwn(uiMsg('ui.alert.unknown', { rules: list }), locale) };
}
