/** What every listener gets: the core, the Slack clients, words and people's languages. */
import type { Core } from '../core/compose.ts';
import type { Asker } from '../core/compose.ts';
import { uiMsg } from '../i18n/surface.ts';
import type { Locale, Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { namesByHash, type SlackChannels } from './channels.ts';
import type { SlackClients } from './clients.ts';
import type { ButtonSeal } from './button-seal.ts';
import type { FormSeal } from './form-seal.ts';
import type { SlackHome } from './home.ts';
import type { SlackPeople } from './people.ts';
import type { SlackWords } from './words.ts';

export interface SlackContext {
  core: Core;
  clients: SlackClients;
  logger: Logger;
  /** The time every replica shares (the store's clock): a form sealed at one replica is opened at another. */
  clock: Clock;
  words: SlackWords;
  people: SlackPeople;
  /** Channel names for `#name` rules, from conversations.info (channels.ts). */
  channels: SlackChannels;
  /** Signs and checks the forms' private_metadata. */
  seal: FormSeal;
  /** Signs and checks the buttons shown away from a request's own message (App Home, collisions). */
  buttons: ButtonSeal;
  /** Each person's App Home: published when opened, after their click, and when a change concerns them. */
  home: SlackHome;
  /**
   * How long an answer may be in coming before the person is told it waits its turn at a
   * provider's pace, and how many calls are ahead (default QUEUE_NOTICE_AFTER_MS; tests: 0).
   */
  noticeAfterMs?: number;
}

/** The surface reference of a Slack request: where its approval message goes. */
export interface SlackSurface {
  kind: 'slack';
  channel: string;
  threadTs?: string;
  ts?: string;
}

/** Who acts and from where, by Slack's ids: an asker before its channel's name is known. */
export interface Caller {
  userId: string;
  locale: Locale;
  channel: string;
  /** The thread the approval request goes in (an alert's, a request's). */
  threadTs?: string | undefined;
  /** Whether the conversation is private as the payload said (channels.ts, privateByPayload); undefined: it did not. */
  private?: boolean | undefined;
}

/** An asker, and whether Slack failed to name its channel in time (see channels.ts). */
export interface SlackAsker extends Asker {
  unread: boolean;
}

/**
 * The asker for the core: the channel's name comes from Slack (conversations.info, cached), never
 * from the payload, and is looked up only when some policy names a channel by `#name`. Whether the
 * channel is private comes from the payload when it says, else from Slack (the same look-up), and
 * counts as private when neither says in time (channels.ts). Called after the ack: the look-up may
 * wait for Slack.
 */
export async function askerAt(ctx: SlackContext, caller: Caller): Promise<SlackAsker> {
  const { userId, locale, channel, threadTs } = caller;
  const surface: SlackSurface = { kind: 'slack', channel, ...(threadTs ? { threadTs } : {}) };
  const byName = ctx.core.targets().some((t) => namesByHash(ctx.core.policy(t.id).channels ?? []));
  const { place, unread } = byName ? await ctx.channels.lookup(channel) : { place: { id: channel }, unread: false };
  // Private if Slack said so anywhere; read the channel only when neither payload nor name look-up said.
  const hidden =
    place.private || (caller.private ?? (byName ? unread : ((await ctx.channels.isPrivate(channel)) ?? true)));
  return { userId, locale, place: { ...place, ...(hidden ? { private: true } : {}) }, surface: { ...surface }, unread };
}

/**
 * A person's locale, looked up on the first call only (bounded: English past a short wait), and
 * the same answer after: work that may never need it (a form's views.open goes first) asks late.
 */
export function lazyLocale(ctx: SlackContext, user: string): () => Promise<Locale> {
  let read: Promise<Locale> | undefined;
  return () => (read ??= ctx.people.localeWithin(user));
}

/**
 * Runs the work that follows an ack; a failure is logged once here with its context and the
 * person is told what happened, instead of a catch in every listener.
 */
export async function afterAck(
  ctx: SlackContext,
  where: string,
  tell: (m: Message) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    ctx.logger.error({ err, where }, 'listener failed after ack');
    await tell(uiMsg('ui.answer.failed', { error: (err as Error).message ?? 'unknown error' })).catch((e: unknown) =>
      ctx.logger.error({ err: e, where }, 'could not tell the user about the failure'),
    );
  }
}
