/**
 * The mentions that call a request's approvers: a group handle (`@data-oncall`) becomes
 * `<!subteam^S…>` only through the id usergroups.list gives for it, a user id `<@U…>` only when
 * it is one; nothing typed is ever turned into a mention (docs/slack/PLATFORM.md §3.5).
 */
import type { SlackDirectory } from './directory.ts';
import { groupMention, mention } from './escape.ts';

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** Groups the bot cannot resolve are left out (and named in `unknown`, for the log). */
export async function approverMentions(
  directory: Pick<SlackDirectory, 'groupId'>,
  approvers: readonly string[],
): Promise<{ mentions: string[]; unknown: string[] }> {
  const mentions: string[] = [];
  const unknown: string[] = [];
  for (const a of new Set(approvers)) {
    if (USER_ID.test(a)) {
      mentions.push(mention(a));
      continue;
    }
    const id = a.startsWith('@') ? await directory.groupId(a) : undefined;
    const m = id ? groupMention(id) : undefined;
    if (m) mentions.push(m);
    else unknown.push(a);
  }
  return { mentions, unknown };
}
