/**
 * The post ledger's rows (core/model/post.ts), shared by both stores: a record as columns and
 * back, and what a claim, a settle and an adoption make of the stored row. Each store runs these
 * inside its own transaction (sqlite-posts.ts, postgres-posts.ts).
 */
import { claimable, type PostBody, type PostClaim, type PostId, type PostRecord } from '../core/model/post.ts';
import type { PostSettle } from '../core/ports.ts';

/** A post's row, as both stores name its columns when they read it. */
export interface PostRow {
  request_id: string;
  kind: string;
  key: string;
  channel: string;
  thread: string | null;
  started_at: number | string;
  state: string;
  ts: string | null;
  owner: string | null;
  until: number | string | null;
  attempts: number;
  error: string | null;
  body: string;
}

const num = (v: number | string | null): number | undefined => (v === null ? undefined : Number(v));

export function postOf(row: PostRow): PostRecord {
  return {
    request: row.request_id,
    kind: row.kind as PostRecord['kind'],
    key: row.key,
    channel: row.channel,
    ...(row.thread !== null ? { thread: row.thread } : {}),
    startedAt: Number(row.started_at),
    state: row.state as PostRecord['state'],
    ...(row.ts !== null ? { ts: row.ts } : {}),
    ...(row.owner !== null ? { owner: row.owner } : {}),
    ...(row.until !== null ? { until: num(row.until) } : {}),
    attempts: row.attempts,
    ...(row.error !== null ? { error: row.error } : {}),
    body: JSON.parse(row.body) as PostBody,
  };
}

/** The named parameters of a post's insert and write (sqlite-sql.ts, postgres-sql.ts). */
export function postParams(p: PostRecord) {
  return {
    request: p.request,
    kind: p.kind,
    key: p.key,
    channel: p.channel,
    thread: p.thread ?? null,
    startedAt: p.startedAt,
    state: p.state,
    ts: p.ts ?? null,
    owner: p.owner ?? null,
    until: p.until ?? null,
    attempts: p.attempts,
    error: p.error ?? null,
    body: JSON.stringify(p.body),
  };
}

export const idParams = (id: PostId) => ({ request: id.request, kind: id.kind, key: id.key });

/** The claim `candidate` makes on what is stored (`existing`) at `now`: the row to write, or undefined. */
export function planClaim(existing: PostRecord | undefined, candidate: PostRecord, now: number): PostClaim | undefined {
  if (!claimable(existing, now)) return undefined;
  if (!existing) return { post: { ...candidate, state: 'posting', attempts: 1 }, from: undefined };
  const { ts: _ts, error: _error, ...kept } = existing;
  return {
    post: {
      ...kept,
      state: 'posting',
      owner: candidate.owner,
      until: candidate.until,
      attempts: existing.attempts + 1,
    },
    from: existing.state,
  };
}

/** `owner`'s attempt settled: undefined when it no longer holds the post. */
export function planSettle(existing: PostRecord | undefined, owner: string, s: PostSettle): PostRecord | undefined {
  if (existing?.state !== 'posting' || existing.owner !== owner) return undefined;
  const { ts: _ts, owner: _owner, until: _until, error: _error, ...kept } = existing;
  return {
    ...kept,
    state: s.state,
    ...(s.ts !== undefined ? { ts: s.ts } : {}),
    ...(s.until !== undefined ? { until: s.until } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
  };
}

/** The post found in Slack at `ts`: posted, unless it was posted already (then as it stands). */
export function planAdopt(existing: PostRecord | undefined, post: PostRecord, ts: string): PostRecord {
  if (existing?.state === 'posted') return existing;
  const { owner: _owner, until: _until, error: _error, ...kept } = existing ?? post;
  return { ...kept, state: 'posted', ts, attempts: Math.max(kept.attempts, 1) };
}
