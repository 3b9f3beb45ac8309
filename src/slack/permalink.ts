/**
 * A message's link, as Slack makes it (chat.getPermalink): for a reason prefilled from an alert, and
 * for the answer to an ask that collided with an open request. Only an https link with nothing a
 * mrkdwn link could be broken by is used; a failure leaves the link out, never the answer.
 */
import type { WebClient } from '@slack/web-api';

const SAFE_LINK = /^https:\/\/[^\s<>|]+$/;

export async function permalinkOf(client: WebClient, channel: string, ts: string): Promise<string | undefined> {
  const link = await client.chat
    .getPermalink({ channel, message_ts: ts })
    .then((res) => res.permalink)
    .catch(() => undefined);
  return link && SAFE_LINK.test(link) ? link : undefined;
}
