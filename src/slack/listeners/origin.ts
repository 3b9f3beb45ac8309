/**
 * Where a click came from, as Slack says: the channel, the message that holds the button and the
 * thread that message is in. A button's value names what to act on (a request, an alert's thread),
 * but a click acts only where that thing was posted: a value naming a request in another channel
 * or message (a forged or copied payload) is refused.
 */
import type { BlockAction } from '@slack/bolt';
import type { RerunRequest } from '../../core/model/request.ts';
import { privateByPayload } from '../channels.ts';
import { BLOCK } from '../ids.ts';
import { slackRefOf } from '../notifier.ts';

export interface ClickOrigin {
  channel: string | undefined;
  messageTs: string | undefined;
  /** The thread the clicked message is a reply in; undefined for a message at the top of its channel. */
  threadTs: string | undefined;
  /** Whether the channel is private as the click's `channel.name` says (undefined: it does not say). */
  private?: boolean | undefined;
}

type Container = { channel_id?: unknown; message_ts?: unknown; thread_ts?: unknown } | undefined;
type Posted = { ts?: unknown; thread_ts?: unknown } | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 64 ? v : undefined);

export function originOf(body: BlockAction): ClickOrigin {
  const container = body.container as Container;
  const message = (body as { message?: Posted }).message;
  const fromChannel = str(body.channel?.id);
  const fromContainer = str(container?.channel_id);
  // Slack names the channel twice; a payload where the two disagree names none.
  const channel =
    fromChannel && fromContainer && fromChannel !== fromContainer ? undefined : (fromContainer ?? fromChannel);
  const messageTs = str(container?.message_ts) ?? str(message?.ts);
  const thread = str(message?.thread_ts) ?? str(container?.thread_ts);
  // A message with replies carries its own ts as thread_ts: it is still at the top of the channel.
  const hidden = channel ? privateByPayload(body.channel?.name) : undefined;
  return {
    channel,
    messageTs,
    threadTs: thread && thread !== messageTs ? thread : undefined,
    ...(hidden !== undefined ? { private: hidden } : {}),
  };
}

/**
 * Whether the click came from the request's own approval message; before its ts is stored (a click
 * racing the publication), from the channel and thread it was asked in.
 */
export function onRequestMessage(origin: ClickOrigin, request: RerunRequest): boolean {
  if (!origin.channel) return false;
  const at = slackRefOf(request.published);
  if (at?.ts) return origin.channel === at.channel && origin.messageTs === at.ts;
  const asked = slackRefOf(request.surface);
  return !!asked && origin.channel === asked.channel && origin.threadTs === asked.threadTs;
}

/** Whether the click came from a message in the thread `threadTs` of `channel` (an alert's reply). */
export function inThread(origin: ClickOrigin, channel: string, threadTs: string): boolean {
  return !!origin.channel && origin.channel === channel && origin.threadTs === threadTs;
}

/** Who the bot is, as Bolt's context says (from auth.test). */
interface Self {
  botId?: string | undefined;
  botUserId?: string | undefined;
}

/**
 * Whether the clicked message is a copy of the request's approval message that the store does
 * not know: the bot's own message (its bot id or user), in the channel and thread the request was
 * asked in, carrying the request's identity (its Approve / Reject / Cancel block). `orphan`: the
 * request has no message recorded (its post's answer was lost); `duplicate`: it has another one.
 */
export function ownCopy(
  body: BlockAction,
  origin: ClickOrigin,
  request: RerunRequest,
  self: Self,
): 'orphan' | 'duplicate' | undefined {
  const m = (body as { message?: { bot_id?: unknown; user?: unknown; blocks?: { block_id?: unknown }[] } }).message;
  const mine = (!!self.botId && m?.bot_id === self.botId) || (!!self.botUserId && m?.user === self.botUserId);
  if (!mine || !m?.blocks?.some((b) => b.block_id === BLOCK.decide(request.id))) return undefined;
  const asked = slackRefOf(request.surface);
  if (!asked || !origin.channel || origin.channel !== asked.channel || origin.threadTs !== asked.threadTs)
    return undefined;
  const at = slackRefOf(request.published);
  if (!at?.ts) return 'orphan';
  return at.ts !== origin.messageTs ? 'duplicate' : undefined;
}
