/**
 * Every statement the SQLite store runs, by name (the tables are in migrations/sqlite/). Kept
 * apart so a test can check each one's query plan: all are answered from an index.
 *
 * `@now` is the store's clock (ms), read by the store itself: one process uses this file, so its
 * clock is the one every caller shares (leases and due work are judged by it, core/store-ports.ts);
 * only `firstTime` is given its time by the caller, as the port says.
 */
/** SQLite has no boolean type: better-sqlite3 binds true and false only as 1 and 0. */
export function bindable(params: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v]));
}

export const SQL = {
  insert: `INSERT INTO requests (id, target_id, requester, state, created_at, expires_at, started_at, updated_at,
      published, shown_state, lease_owner, lease_until, version, follow_at, nudge_at, body)
    VALUES (@id, @targetId, @requester, @state, @createdAt, @expiresAt, @startedAt, @updatedAt,
      @published, @shownState, @leaseOwner, @leaseUntil, 1, @followAt, @nudgeAt, @body)`,
  insertItem: `INSERT INTO request_items (request_id, item_id) VALUES (?, ?)`,
  get: `SELECT body FROM requests WHERE id = ?`,
  read: `SELECT body, version, lease_owner AS leaseOwner, (lease_until IS NULL OR lease_until <= @now) AS leaseOut
    FROM requests WHERE id = @id`,
  // The conditional update of `transition` (transition.ts): the version read is the guard; with
  // `onlyIfFree` the lease rule is checked again by the database itself.
  update: `UPDATE requests SET target_id = @targetId, requester = @requester, state = @state, created_at = @createdAt,
      expires_at = @expiresAt, started_at = @startedAt, updated_at = @updatedAt, published = @published, body = @body,
      follow_at = @followAt, nudge_at = @nudgeAt, version = version + 1,
      lease_owner = CASE WHEN @setLease THEN @leaseOwner ELSE lease_owner END,
      lease_until = CASE WHEN @setLease THEN @now + @leaseMs ELSE lease_until END
    WHERE id = @id AND version = @version
      AND (@freeFor IS NULL OR lease_owner IS NULL OR lease_owner = @freeFor OR lease_until <= @now)`,
  listAll: `SELECT body FROM requests ORDER BY created_at DESC, id DESC LIMIT ?`,
  listTarget: `SELECT body FROM requests WHERE target_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  listRequester: `SELECT body FROM requests WHERE requester = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  listBoth: `SELECT body FROM requests WHERE target_id = ? AND requester = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  // From the target's open requests (a partial index of pending and running rows), those holding
  // one of the items (the items' primary key): bounded by what is open, not by history.
  openWith: `SELECT r.body FROM requests r INDEXED BY requests_open
    WHERE r.target_id = @targetId AND r.state IN ('pending', 'sending', 'running')
      AND (r.state IN ('sending', 'running') OR r.expires_at > @now)
      AND EXISTS (SELECT 1 FROM request_items i
        WHERE i.request_id = r.id AND i.item_id IN (SELECT value FROM json_each(@items)))
    ORDER BY r.created_at DESC, r.id DESC`,
  startedWith: `SELECT r.body FROM requests r INDEXED BY requests_started
    WHERE r.target_id = @targetId AND r.started_at >= @since AND r.state NOT IN ('refused', 'not-sent', 'failed')
      AND EXISTS (SELECT 1 FROM request_items i
        WHERE i.request_id = r.id AND i.item_id IN (SELECT value FROM json_each(@items)))
    ORDER BY r.started_at DESC, r.id DESC`,
  due: `SELECT body FROM requests INDEXED BY requests_due
    WHERE attention = 1 AND (lease_owner IS NULL OR lease_until <= @now)
      AND (state IN ('sending', 'running')
        OR (state = 'pending' AND (expires_at <= @now OR published = 0))
        OR (published = 1 AND shown_state IS NOT state))
    ORDER BY created_at, id LIMIT @limit`,
  // What waits for a decision (the App Home, `pending`): from the due index, which holds every open
  // row, the pending ones not expired by the store's clock, oldest first.
  waiting: `SELECT body FROM requests INDEXED BY requests_due
    WHERE attention = 1 AND state = 'pending' AND expires_at > @now
    ORDER BY created_at, id LIMIT @limit`,
  // Followed reruns whose next poll is due and that no live replica holds (migrations/sqlite/002).
  // Round robin across targets: each target's soonest, then each one's next, and so on.
  dueFollowUps: `SELECT body FROM (
      SELECT body, follow_at, id, row_number() OVER (PARTITION BY target_id ORDER BY follow_at, id) AS turn
      FROM requests INDEXED BY requests_follow
      WHERE follow_at IS NOT NULL AND follow_at <= @now AND (lease_owner IS NULL OR lease_until <= @now)
        AND target_id NOT IN (SELECT value FROM json_each(@skip))
    ) ORDER BY turn, follow_at, id LIMIT @limit`,
  // Waiting requests whose next reminder or escalation is due and that no live replica holds (migrations/sqlite/006).
  dueNudges: `SELECT body FROM requests INDEXED BY requests_nudge
    WHERE nudge_at IS NOT NULL AND nudge_at <= @now AND (lease_owner IS NULL OR lease_until <= @now)
    ORDER BY nudge_at, id LIMIT @limit`,
  markShown: `UPDATE requests SET shown_state = ? WHERE id = ? AND state = ?`,
  appendAudit: `INSERT INTO audit (request_id, at, body) VALUES (?, ?, ?)`,
  auditOf: `SELECT body FROM audit WHERE request_id = ? ORDER BY seq`,
  firstTime: `INSERT INTO seen (key, until) VALUES (@key, @until)
    ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE seen.until <= @now`,
  purgeSeen: `DELETE FROM seen WHERE until <= ?`,
  claimLease: `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @now + @ms)
    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
      WHERE leases.owner = excluded.owner OR leases.until <= @now`,
  renewNamed: `UPDATE leases SET until = ? WHERE owner = ?`,
  renewRequests: `UPDATE requests SET lease_until = ? WHERE lease_owner = ?`,
  renewPosts: `UPDATE posts INDEXED BY posts_owner SET until = ? WHERE owner = ? AND state = 'posting'`,
  releasePosts: `UPDATE posts INDEXED BY posts_owner SET until = 0 WHERE owner = ? AND state = 'posting'`,
  releaseNamed: `DELETE FROM leases WHERE owner = ?`,
  releaseRequests: `UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?`,
  releaseRequest: `UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`,
  // Paces are kept in memory while the store is open (see SqliteStore.reservePace): read at open,
  // written back at close.
  pacesAll: `SELECT key, next_at AS nextAt FROM paces`,
  paceSave: `INSERT INTO paces (key, next_at) VALUES (?, ?)
    ON CONFLICT (key) DO UPDATE SET next_at = max(paces.next_at, excluded.next_at)`,
  // The reply queue (migrations/sqlite/003).
  replyCollapse: `SELECT body FROM replies
    WHERE channel = @channel AND collapse_key = @key AND created_at >= @since
    ORDER BY created_at DESC LIMIT 8`,
  replyInsert: `INSERT INTO replies (id, channel, collapse_key, created_at, work, body, thread_ts)
    VALUES (@id, @channel, @key, @createdAt, @work, @body, @thread)`,
  // The latest reply answering the alert at (channel, thread ts) (migrations/sqlite/008).
  replyForThread: `SELECT body FROM replies INDEXED BY replies_thread
    WHERE channel = ? AND thread_ts = ? ORDER BY created_at DESC LIMIT 1`,
  replyGet: `SELECT body FROM replies WHERE id = ?`,
  replyWrite: `UPDATE replies SET work = @work, body = @body WHERE id = @id`,
  replyWork: `SELECT body FROM replies INDEXED BY replies_work
    WHERE work = 1 AND channel = ? ORDER BY created_at, id LIMIT ?`,
  replyChannels: `SELECT DISTINCT channel FROM replies INDEXED BY replies_work WHERE work = 1 LIMIT ?`,
  // The post ledger (migrations/sqlite/005).
  postGet: `SELECT * FROM posts WHERE request_id = @request AND kind = @kind AND key = @key`,
  postInsert: `INSERT INTO posts (request_id, kind, key, channel, thread, started_at, state, ts, owner, until,
      attempts, error, body)
    VALUES (@request, @kind, @key, @channel, @thread, @startedAt, @state, @ts, @owner, @until, @attempts, @error, @body)`,
  postWrite: `UPDATE posts SET state = @state, ts = @ts, owner = @owner, until = @until, attempts = @attempts,
      error = @error
    WHERE request_id = @request AND kind = @kind AND key = @key`,
  postsDue: `SELECT * FROM posts INDEXED BY posts_due
    WHERE state IN ('posting', 'maybe', 'retry') AND until <= @now ORDER BY until, started_at LIMIT @limit`,
  // Who watches a request (migrations/sqlite/008): watching twice is once.
  watch: `INSERT INTO watchers (request_id, user_id, at) VALUES (@requestId, @userId, @at) ON CONFLICT DO NOTHING`,
  watchersOf: `SELECT user_id AS userId FROM watchers WHERE request_id = ? ORDER BY at, user_id`,
  // The App Home's viewers (migrations/sqlite/009).
  homeSaw: `INSERT INTO home_viewers (user_id, locale, seen_at) VALUES (@user, @locale, @now)
    ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at, locale = coalesce(excluded.locale, locale)`,
  homeForget: `DELETE FROM home_viewers WHERE seen_at < @before AND user_id <> @user`,
  homeViewers: `SELECT user_id AS user, locale, seen_at AS seenAt FROM home_viewers INDEXED BY home_viewers_seen
    WHERE seen_at >= @since ORDER BY seen_at DESC LIMIT @limit`,
  schemaVersion: `SELECT max(version) AS version FROM schema_migrations`,
  holdsData: `SELECT EXISTS (SELECT 1 FROM requests) OR EXISTS (SELECT 1 FROM audit) AS holds`,
  importedAlready: `SELECT 1 FROM journal_imports WHERE sha256 = ?`,
  recordImport: `INSERT INTO journal_imports (sha256, imported_at, requests, audit, events, unreadable)
    VALUES (?, ?, ?, ?, ?, ?)`,
  importSeen: `INSERT INTO seen (key, until) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET until = max(seen.until, excluded.until)`,
} as const;
