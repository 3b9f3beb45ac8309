/**
 * Alerts in Slack (docs/SPEC.md §4, alert threads): which message events are alerts, the place of
 * a channel for the rules (its `#name` from Slack, channels.ts), and the one thread reply each
 * alert gets (queued: see core/use-cases/replies/ and reply-poster.ts). The text an alert
 * carries is read in alert-text.ts.
 */
import { ruleChannelMatches } from '../core/alerts.ts';
import type { Place } from '../core/model/request.ts';
import { namesByHash } from './channels.ts';
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

export interface AlertDesk {
  /** The place of a channel for the rules: its id, and its name when a rule needs it (undefined: no rule here). */
  placeFor(channel: string): Promise<Place | undefined>;
  /**
   * Reads `text` as an alert at (channel, ts) and queues its one reply in its thread. From a
   * mention (`asked`), a reply is queued even if the alert was answered before. False: no rule matches.
   */
  answer(place: Place, ts: string, text: string, asked?: boolean): Promise<boolean>;
  /**
   * Answers again (a mention in its thread) the alert at (place, threadTs) as the bot read it the
   * first time, from the store: no Slack call. False: no reply was queued for that thread.
   */
  answerStored(place: Place, threadTs: string): Promise<boolean>;
}

export function alertDesk(ctx: SlackContext): AlertDesk {
  const rules = () => ctx.core.alertRules();
  return {
    async placeFor(channel) {
      const byName = namesByHash(rules().map((r) => r.channel));
      // No person is waiting for an alert: its channel's name is awaited until Slack answers.
      const place: Place = byName ? (await ctx.channels.lookup(channel, { patient: true })).place : { id: channel };
      return rules().some((r) => ruleChannelMatches(r.channel, place)) ? place : undefined;
    },
    // The reply is queued and posted at Slack's pace (core/use-cases/replies/).
    answer: (place, ts, text, asked = false) => ctx.core.answerAlert(place, ts, text, asked),
    answerStored: (place, threadTs) => ctx.core.answerStoredAlert(place, threadTs),
  };
}
