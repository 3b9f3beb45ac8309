/**
 * Keeping each person's App Home fresh (issue 19 item 6), whichever replica handles a change: who
 * opened their Home is in the store (HomeViewerStore), not in one replica's memory, and the pace of
 * Home publishes is the store's pace slots, shared by every replica. The front end publishes
 * (slack/home.ts); this says whose Home, in what language, and when.
 *
 * The pace (HomeTiming): views.publish is Tier 4 (about 100 a minute per workspace), so publishes
 * take the workspace's slots `spacingMs` apart; and a person's Home is republished at most once per
 * `gapMs` (their own slot), whatever number of changes came meanwhile (a decision, its call and its
 * answer come as one). A person's turns come a gap apart; a turn then waits for the workspace's next
 * slot, so in a burst two of one person's publishes may come a little closer than the gap (by that
 * wait), never closer than the spacing. A Home opened or clicked is published at once, and still
 * takes its slots, so the republishes after it keep the pace.
 */
import type { Locale } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import type { RerunRequest } from '../model/request.ts';
import type { HomeViewer } from '../ports.ts';
import { concernedBy } from './pending.ts';

/** The most people whose Home a change looks at (the most recently seen): one read, however big the workspace. */
export const MAX_HOME_VIEWERS = 10_000;

/** The pace slot of every Home publish in the workspace. */
const WORKSPACE = 'home-publish';
/** A person's own slot (one republish per gapMs). */
const personal = (user: string) => `home-publish:${user}`;

/** `user` opened their Home (seen in `locale`, when known): kept fresh from now on, at any replica. */
export async function sawHome(ctx: CoreContext, user: string, locale: Locale | undefined): Promise<void> {
  await ctx.store.sawHome(user, locale, ctx.home.keepMs);
}

/**
 * The people who keep a Home open whom a change of `request` concerns: its requester, and whoever
 * may decide it (pending.ts, concernedBy), each with the language they were last seen in.
 */
export async function concernedViewers(ctx: CoreContext, request: RerunRequest): Promise<HomeViewer[]> {
  const viewers = await ctx.store.homeViewers(ctx.home.keepMs, MAX_HOME_VIEWERS);
  if (!viewers.length) return [];
  const people = viewers.map((v) => v.user);
  const concerned = new Set(await concernedBy(ctx, request, people));
  return viewers.filter((v) => concerned.has(v.user));
}

/** Reserves `user`'s next Home publish, at least `gapMs` after their last one at any replica: when it may go (ms). */
export function homeTurn(ctx: CoreContext, user: string): Promise<number> {
  return ctx.store.reservePace(personal(user), ctx.home.gapMs, ctx.clock.now());
}

/** Reserves the workspace's next Home publish slot, `spacingMs` after the last one at any replica: when it may go (ms). */
export function homeSlot(ctx: CoreContext): Promise<number> {
  return ctx.store.reservePace(WORKSPACE, ctx.home.spacingMs, ctx.clock.now());
}
