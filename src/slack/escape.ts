/**
 * Safe user-supplied text in Slack messages. Escaping &, < and > makes `<!channel>`,
 * mentions and masked links inert (Slack formatting reference); Slack decodes only those three.
 */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts to `max` characters before escaping, then re-checks, so an entity is never split. */
export function safeText(s: string, max: number): string {
  let cut = s.length > max ? s.slice(0, Math.max(0, max - 1)) + '…' : s;
  let out = escapeMrkdwn(cut);
  while (out.length > max && cut.length > 1) {
    cut = cut.slice(0, Math.max(1, cut.length - (out.length - max) - 1)) + '…';
    out = escapeMrkdwn(cut);
  }
  return out;
}

/** Plain text fields are not parsed for mentions, but still have length limits. */
export const plain = (s: string, max: number): string => (s.length > max ? s.slice(0, max - 1) + '…' : s);

/** A mention only from a validated user id. */
export const mention = (userId: string): string =>
  /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);

/** A user group mention only from a validated usergroup id (one the bot read from usergroups.list). */
export const groupMention = (groupId: string): string | undefined =>
  /^S[A-Z0-9]+$/.test(groupId) ? `<!subteam^${groupId}>` : undefined;

/** Slack renders this in each reader's own time zone; the fallback is UTC. */
export function slackDate(iso: string): string {
  const d = new Date(iso);
  const fallback = d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}
