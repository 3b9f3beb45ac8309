/**
 * Digests (see drain.ts): when a channel's backlog is more than can be posted promptly, its
 * waiting alert replies are folded into digest rows, each small enough for one message; and what
 * a digest's Rerun selected… opens for the replies picked in it.
 */
import type { RawParams } from '../../../providers/types.ts';
import type { CoreContext } from '../../context.ts';
import { isAlert, isDigest, type AlertReplyBody, type QueuedReply } from '../../model/reply.ts';
import { MAX_REASON_CHARS } from '../../policy.ts';

/** A digest lists at most this many replies (Block Kit: a multi-select holds 100 options)… */
const DIGEST_ROWS = 100;
/** …of at most this many targets (each takes a few of a message's 50 blocks). */
const DIGEST_TARGETS = 8;

/** Folds waiting alert replies into digests: one per DIGEST_ROWS replies of at most DIGEST_TARGETS targets. */
export async function foldIntoDigests(
  ctx: CoreContext,
  channel: string,
  waiting: (QueuedReply & { body: AlertReplyBody })[],
) {
  const groups: (QueuedReply & { body: AlertReplyBody })[][] = [];
  let current: typeof waiting = [];
  let targets = new Set<string>();
  for (const r of waiting) {
    const more = !targets.has(r.body.targetId);
    if (current.length >= DIGEST_ROWS || (more && targets.size >= DIGEST_TARGETS)) {
      groups.push(current);
      current = [];
      targets = new Set();
    }
    current.push(r);
    targets.add(r.body.targetId);
  }
  if (current.length) groups.push(current);
  for (const group of groups) {
    const first = group[0]!;
    const id = 'rd-' + ctx.newId().replace(/^rr-/, '');
    const digest: QueuedReply = {
      id,
      channel,
      collapseKey: `digest ${id}`,
      // It takes the place of the oldest reply it lists.
      createdAt: first.createdAt,
      body: { kind: 'digest', replies: group.map((r) => r.id), locale: first.body.locale },
      state: 'pending',
      count: group.length,
      shownCount: 0,
      attempts: 0,
    };
    await ctx.store.enqueueReply(digest, Number.MAX_SAFE_INTEGER);
    for (const r of group)
      await ctx.store.updateReply(r.id, ['pending'], { state: 'folded', foldedInto: id, shownCount: r.count });
  }
  return groups.length;
}

/**
 * What "Rerun selected…" of a digest opens: the form's target and params, the thread for its
 * approval request, and its Reason prefilled from the alerts (issue 19 item 4): their incident
 * references or titles; `alertTs`, the one alert picked (the front end adds its link, as its own
 * Rerun… does).
 */
export type DigestPick =
  | {
      kind: 'form';
      targetId: string;
      raw: RawParams;
      threadTs: string | undefined;
      reason?: string | undefined;
      alertTs?: string | undefined;
    }
  | { kind: 'none' }
  | { kind: 'stale' }
  /** The click came from another channel or message than the digest's own. */
  | { kind: 'elsewhere' }
  | { kind: 'apart'; targetId: string };

/**
 * The rerun of the replies picked in a digest's multi-select: one reply opens the form as its own
 * Rerun… button does (the approval request in its alert's thread); several of one target open one
 * form naming all their jobs (the provider's `selectItems`), its approval request in the digest's
 * thread. Only replies this digest lists, of this target, count: a forged id is ignored; and only
 * a click on the digest itself (`from`: its channel and message) opens anything.
 */
export async function digestPick(
  ctx: CoreContext,
  digestId: string,
  targetId: string,
  picked: readonly string[],
  from: { channel: string; ts: string | undefined },
): Promise<DigestPick> {
  const [digest] = await ctx.store.getReplies([digestId]);
  const target = ctx.targets.get(targetId);
  if (!digest || !isDigest(digest) || !target) return { kind: 'stale' };
  if (digest.channel !== from.channel || !digest.postedTs || digest.postedTs !== from.ts) return { kind: 'elsewhere' };
  const listed = new Set(digest.body.replies);
  const rows = (await ctx.store.getReplies(picked.filter((id) => listed.has(id)).slice(0, DIGEST_ROWS)))
    .filter(isAlert)
    .filter((r) => r.body.targetId === targetId);
  const [first, ...more] = rows;
  if (!first) return { kind: 'none' };
  const reason = reasonOf(rows);
  if (!more.length) {
    const { raw, threadTs } = first.body;
    return { kind: 'form', targetId, raw, threadTs, reason, alertTs: threadTs };
  }
  const items = [...new Set(rows.flatMap((r) => r.body.items))];
  const raw = target.provider.selectItems?.(first.body.raw, items);
  if (!raw) return { kind: 'apart', targetId };
  return { kind: 'form', targetId, raw, threadTs: digest.postedTs, reason };
}

/** The alerts' reasons (each its incident reference or title), each once, within a reason's length. */
function reasonOf(rows: readonly (QueuedReply & { body: AlertReplyBody })[]): string | undefined {
  const reasons = [...new Set(rows.map((r) => r.body.reason?.trim()).filter((r): r is string => !!r))];
  let out = '';
  for (const r of reasons) {
    const next = out ? `${out}; ${r}` : r;
    if (next.length > MAX_REASON_CHARS) break;
    out = next;
  }
  return out || undefined;
}
