/** Who is in a Slack user group (`@data-oncall`), cached for a few minutes. */
import type { WebClient } from '@slack/web-api';
import type { Clock } from '../lib/ports.ts';
import type { Directory } from '../core/ports.ts';

const GROUP_CACHE_MS = 5 * 60_000;

export class SlackDirectory implements Directory {
  private handles?: { at: number; ids: Map<string, string> };
  private readonly members = new Map<string, { at: number; users: Set<string> }>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  async isMember(userId: string, principal: string): Promise<boolean> {
    const id = await this.groupId(principal);
    if (!id) return false;
    const now = this.clock.now().getTime();
    let entry = this.members.get(id);
    if (!entry || now - entry.at > GROUP_CACHE_MS) {
      const res = await this.client.usergroups.users.list({ usergroup: id });
      entry = { at: now, users: new Set(res.users ?? []) };
      this.members.set(id, entry);
    }
    return entry.users.has(userId);
  }

  /** The usergroup id of a handle (`@data-oncall`), as usergroups.list names it; undefined if none. */
  async groupId(principal: string): Promise<string | undefined> {
    return (await this.groupIds()).get(principal.replace(/^@/, '').toLowerCase());
  }

  private async groupIds(): Promise<Map<string, string>> {
    const now = this.clock.now().getTime();
    if (!this.handles || now - this.handles.at > GROUP_CACHE_MS) {
      const res = await this.client.usergroups.list({});
      const ids = new Map<string, string>();
      for (const g of res.usergroups ?? []) if (g.handle && g.id) ids.set(g.handle.toLowerCase(), g.id);
      this.handles = { at: now, ids };
    }
    return this.handles.ids;
  }
}
