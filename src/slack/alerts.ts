/**
 * Alerts in Slack (docs/SPEC.md §4, alert threads): which message events are alerts, the text an
 * alert carries (its text, attachments and section blocks), channel names for `#name` rules, and
 * the one thread reply each alert gets (queued: see core/use-cases/replies.ts and reply-poster.ts).
 */
import type { WebClient } from '@slack/web-api';
import { ruleChannelMatches } from '../core/alerts.ts';
import type { Place } from '../core/model/request.ts';
import type { SlackContext } from './context.ts';

/** The fields of a message event this module reads. */
export interface AlertEvent {
  channel: string;
  ts: string;
  subtype?: string | undefined;
  thread_ts?: string | undefined;
  user?: string | undefined;
  bot_id?: string | undefined;
  text?: string | undefined;
  attachments?: unknown[] | undefined;
  blocks?: unknown[] | undefined;
}

/**
 * A person's or another app's new message at the top of a channel. Edits, deletions, joins and the
 * like carry another subtype; thread replies carry a `thread_ts` other than their own `ts`; the
 * bot's own messages carry its user id or bot id.
 */
export function isAlertCandidate(e: AlertEvent, self: { userId?: string; botId?: string }): boolean {
  if (e.subtype !== undefined && e.subtype !== 'bot_message') return false;
  if (e.thread_ts !== undefined && e.thread_ts !== e.ts) return false;
  if (self.userId && e.user === self.userId) return false;
  if (self.botId && e.bot_id === self.botId) return false;
  return true;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const textOf = (o: unknown): string | undefined => str((o as { text?: unknown } | null)?.text);

/** Every text an alert shows: `text`, each attachment's pretext, title, text and fallback, and section blocks. */
export function alertText(e: Pick<AlertEvent, 'text' | 'attachments' | 'blocks'>): string {
  const parts: (string | undefined)[] = [str(e.text)];
  for (const a of e.attachments ?? []) {
    const att = a as Record<string, unknown>;
    parts.push(str(att['pretext']), str(att['title']), str(att['text']), str(att['fallback']));
  }
  for (const b of e.blocks ?? []) {
    const block = b as Record<string, unknown>;
    if (block['type'] !== 'section' && block['type'] !== 'header') continue;
    parts.push(textOf(block['text']));
    for (const f of (block['fields'] as unknown[] | undefined) ?? []) parts.push(textOf(f));
  }
  return parts.filter((p): p is string => !!p).join('\n');
}

/** Channel names by id, read once each with conversations.info (only when a rule names a channel by `#name`). */
export class ChannelNames {
  private readonly names = new Map<string, Promise<string | undefined>>();
  constructor(
    private readonly client: WebClient,
    private readonly ctx: Pick<SlackContext, 'logger'>,
  ) {}

  name(id: string): Promise<string | undefined> {
    let name = this.names.get(id);
    if (!name) {
      name = this.client.conversations.info({ channel: id }).then(
        (r) => r.channel?.name,
        (err: unknown) => {
          this.ctx.logger.warn({ err, channel: id }, 'could not read the channel name');
          this.names.delete(id);
          return undefined;
        },
      );
      this.names.set(id, name);
    }
    return name;
  }
}

export interface AlertDesk {
  /** The place of a channel for the rules: its id, and its name when a rule needs it (undefined: no rule here). */
  placeFor(channel: string): Promise<Place | undefined>;
  /**
   * Reads `text` as an alert at (channel, ts) and queues its one reply in its thread. From a
   * mention (`asked`), a reply is queued even if the alert was answered before. False: no rule matches.
   */
  answer(place: Place, ts: string, text: string, asked?: boolean): Promise<boolean>;
}

export function alertDesk(ctx: SlackContext): AlertDesk {
  const names = new ChannelNames(ctx.clients.client, ctx);
  const rules = () => ctx.core.alertRules();
  return {
    async placeFor(channel) {
      const byName = rules().some((r) => r.channel.startsWith('#'));
      const name = byName ? await names.name(channel) : undefined;
      const place: Place = { id: channel, ...(name ? { name } : {}) };
      return rules().some((r) => ruleChannelMatches(r.channel, place)) ? place : undefined;
    },
    // The reply is queued and posted at Slack's pace (core/use-cases/replies.ts).
    answer: (place, ts, text, asked = false) => ctx.core.answerAlert(place, ts, text, asked),
  };
}
