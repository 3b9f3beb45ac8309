/**
 * What waits for a person, in one place (issue 19 item 6): the requests they may decide now, the
 * requests they asked, and the last decisions on requests they could have decided. The App Home,
 * `/rerun pending` and the console's `pending` show these same lists; this returns facts only.
 *
 * Who may decide is the policy's rule (policy.ts, `mayDecide`), never a second copy of it. "Last
 * decisions" are about requests of others the person decided or could have decided (their own are
 * in "My requests"): what passed through their "Waiting for me", not the whole workspace's.
 *
 * A request asked in a private place (a private channel, a DM; `place.private`) is listed to someone
 * other than its requester only if its policy names them (`approvers`, `escalate.to`, directly or
 * by a user group) or they decided it already (`listedTo`): under `peer` or `confirm` anyone may
 * decide, but its job ids, reason and requester stay with the people of that place. Its own message
 * in the place is unchanged: who sees it there may still decide there.
 */
import type { CoreContext } from '../context.ts';
import { deciderOf } from '../model/lifecycle.ts';
import type { RerunRequest } from '../model/request.ts';
import { isAmong, mayDecide } from '../policy.ts';
import type { Directory } from '../ports.ts';

/** How many of each list are shown, and how far back each looks (bounded reads, whatever the history). */
export const PENDING_LIMITS = {
  waiting: 20,
  mine: 10,
  decided: 10,
  /** Pending requests read to find the ones a person may decide. */
  waitingScan: 200,
  /** A person's own requests read (the rest are "more"). */
  mineScan: 50,
  /** The newest requests read to find the last decisions. */
  decidedScan: 200,
} as const;

/** A bounded list: what is shown, and how many more there are among those read. */
export interface Listed {
  requests: RerunRequest[];
  more: number;
}

export interface PendingLists {
  user: string;
  /** Pending requests this person may approve now, oldest first. */
  waiting: Listed;
  /** What this person asked, newest first, whatever became of it. */
  mine: Listed;
  /** Others' requests decided (or timed out), newest decision first, that this person decided or could have. */
  decided: Listed;
}

const bounded = (all: RerunRequest[], shown: number): Listed => ({
  requests: all.slice(0, shown),
  more: Math.max(0, all.length - shown),
});

/**
 * Whether `request` may be listed to `userId` at all, away from its own message: always for a
 * request asked in a public place, else only to its requester, to whoever decided it, and to the
 * people its policy names (approvers, escalation), whatever the escalation's time.
 */
export async function listedTo(request: RerunRequest, userId: string, directory: Directory): Promise<boolean> {
  if (!request.place.private || userId === request.requester) return true;
  if (request.decisions.some((d) => deciderOf(d) === userId)) return true;
  const { policy } = request;
  return isAmong(directory, userId, [...policy.approvers, ...(policy.escalate?.to ?? [])]);
}

/** When the request left `pending`: its last decision, else (expired) its last change. */
export function decidedAt(r: RerunRequest): string {
  return r.decisions.at(-1)?.at ?? r.updatedAt;
}

export async function pendingFor(ctx: CoreContext, userId: string): Promise<PendingLists> {
  const now = ctx.clock.now();
  const [open, own, recent] = await Promise.all([
    ctx.store.waiting(PENDING_LIMITS.waitingScan),
    ctx.store.list({ requester: userId, limit: PENDING_LIMITS.mineScan }),
    ctx.store.list({ limit: PENDING_LIMITS.decidedScan }),
  ]);
  const waiting: RerunRequest[] = [];
  for (const r of open) {
    if (!(await listedTo(r, userId, ctx.directory))) continue;
    if ((await mayDecide(r, userId, 'approve', ctx.directory, now)).allowed) waiting.push(r);
  }
  const decided: RerunRequest[] = [];
  for (const r of recent) {
    if (r.state === 'pending' || r.requester === userId) continue;
    const decidedByThem = r.decisions.some((d) => deciderOf(d) === userId);
    if (!decidedByThem && !(await listedTo(r, userId, ctx.directory))) continue;
    if (decidedByThem || (await mayDecide(r, userId, 'reject', ctx.directory, now)).allowed) decided.push(r);
  }
  decided.sort((a, b) => Date.parse(decidedAt(b)) - Date.parse(decidedAt(a)));
  return {
    user: userId,
    waiting: bounded(waiting, PENDING_LIMITS.waiting),
    mine: bounded(own, PENDING_LIMITS.mine),
    decided: bounded(decided, PENDING_LIMITS.decided),
  };
}

/**
 * Of `people`, those a change of `request` concerns: its requester, and whoever may decide it by
 * its policy (their "Waiting for me" or "Last decisions" moves with it) and may see it listed
 * (`listedTo`: a private place's request concerns only the people its policy names).
 */
export async function concernedBy(
  ctx: CoreContext,
  request: RerunRequest,
  people: readonly string[],
): Promise<string[]> {
  const now = ctx.clock.now();
  const out: string[] = [];
  for (const p of people) {
    if (p === request.requester || request.decisions.some((d) => deciderOf(d) === p)) out.push(p);
    else if (!(await listedTo(request, p, ctx.directory))) continue;
    else if ((await mayDecide(request, p, 'reject', ctx.directory, now)).allowed) out.push(p);
  }
  return out;
}
