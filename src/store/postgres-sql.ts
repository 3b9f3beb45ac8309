/**
 * The PostgreSQL store's statements (the tables are in migrations/postgres/): what each asks is
 * answered from an index, as the SQLite store's statements are. Parameters are named (`@name`), as
 * in sqlite-sql.ts; named-params.ts turns them into `$n` once, here.
 */
import { positional, type PositionalStatement } from './named-params.ts';

/**
 * The store's clock, in ms since the epoch: the database server's, so every replica judges leases,
 * expiry and follow-up schedules by the same time whatever its own clock says (replica clocks drift;
 * one 90 s ahead took over live work). `statement_timestamp()` is the start of the statement: one
 * value for every row a statement looks at, fresh for each statement of a transaction (`now()` is
 * the transaction's start, which a lock wait in insertExclusive would make stale), and stable, so an
 * index still answers `follow_at <= …`. `@storeNow`, null in service, stands in for the server's clock
 * when a test moves time (PostgresOptions.clock).
 */
const NOW = `COALESCE(@storeNow::bigint, floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint)`;

/** The advisory lock class of "one open request per job" (a target's id hashed is the other key). */
const OPEN_LOCK_CLASS = 7_310_001;
/** The advisory lock class of enqueueing a reply (the channel and collapse key hashed is the other key). */
const REPLY_LOCK_CLASS = 7_310_002;

/** Every statement, by name, as written: each runs as a named prepared statement on its connection. */
export const SQL = {
  // Any number of requests in one statement: one array per column (rows.ts, insertParams), the
  // requests' eligible items as two more.
  insert: `WITH r AS (
      INSERT INTO requests (id, target_id, requester, state, created_at, expires_at, started_at, updated_at,
        published, shown_state, lease_owner, lease_until, version, follow_at, nudge_at, body)
      SELECT u.id, u.target_id, u.requester, u.state, u.created_at, u.expires_at, u.started_at, u.updated_at,
        u.published, NULL, u.lease_owner, ${NOW} + u.lease_ms, 1, u.follow_at, u.nudge_at, u.body
      FROM unnest(@id::text[], @targetId::text[], @requester::text[], @state::text[], @createdAt::bigint[],
        @expiresAt::bigint[], @startedAt::bigint[], @updatedAt::bigint[], @published::boolean[],
        @leaseOwner::text[], @leaseMs::bigint[], @body::text[], @followAt::bigint[], @nudgeAt::bigint[])
        AS u(id, target_id, requester, state, created_at, expires_at, started_at, updated_at, published,
          lease_owner, lease_ms, body, follow_at, nudge_at)
      RETURNING id)
    INSERT INTO request_items (request_id, item_id)
    SELECT i.request_id, i.item_id FROM unnest(@itemRequest::text[], @item::text[]) AS i(request_id, item_id)`,
  get: `SELECT body FROM requests WHERE id = @id`,
  read: `SELECT body, version, lease_owner AS "leaseOwner", (lease_until IS NULL OR lease_until <= ${NOW}) AS "leaseOut"
    FROM requests WHERE id = @id`,
  // The conditional update of `transition` (transition.ts): the version read is the guard; with
  // `onlyIfFree` the lease rule is checked again by the database itself.
  update: `UPDATE requests SET target_id = @targetId, requester = @requester, state = @state,
      created_at = @createdAt, expires_at = @expiresAt, started_at = @startedAt, updated_at = @updatedAt,
      published = @published, body = @body, follow_at = @followAt, nudge_at = @nudgeAt, version = version + 1,
      lease_owner = CASE WHEN @setLease::boolean THEN @leaseOwner::text ELSE lease_owner END,
      lease_until = CASE WHEN @setLease::boolean THEN ${NOW} + @leaseMs::bigint ELSE lease_until END
    WHERE id = @id AND version = @version
      AND (@freeFor::text IS NULL OR lease_owner IS NULL OR lease_owner = @freeFor::text
        OR lease_until <= ${NOW})`,
  listAll: `SELECT body FROM requests ORDER BY created_at DESC, id DESC LIMIT @limit`,
  listTarget: `SELECT body FROM requests WHERE target_id = @targetId ORDER BY created_at DESC, id DESC LIMIT @limit`,
  listRequester: `SELECT body FROM requests WHERE requester = @requester
    ORDER BY created_at DESC, id DESC LIMIT @limit`,
  listBoth: `SELECT body FROM requests WHERE target_id = @targetId AND requester = @requester
    ORDER BY created_at DESC, id DESC LIMIT @limit`,
  openLock: `SELECT pg_advisory_xact_lock(${OPEN_LOCK_CLASS}, hashtext(@targetId))`,
  openWith: `SELECT r.body FROM requests r
    WHERE r.target_id = @targetId AND r.state IN ('pending', 'sending', 'running')
      AND (r.state IN ('sending', 'running') OR r.expires_at > ${NOW})
      AND EXISTS (SELECT 1 FROM request_items i WHERE i.request_id = r.id AND i.item_id = ANY (@items::text[]))
    ORDER BY r.created_at DESC, r.id DESC`,
  startedWith: `SELECT r.body FROM requests r
    WHERE r.target_id = @targetId AND r.started_at >= @since AND r.state NOT IN ('refused', 'not-sent', 'failed')
      AND EXISTS (SELECT 1 FROM request_items i WHERE i.request_id = r.id AND i.item_id = ANY (@items::text[]))
    ORDER BY r.started_at DESC, r.id DESC`,
  due: `SELECT body FROM requests
    WHERE attention AND (lease_owner IS NULL OR lease_until <= ${NOW})
      AND (state IN ('sending', 'running')
        OR (state = 'pending' AND (expires_at <= ${NOW} OR NOT published))
        OR (published AND shown_state IS DISTINCT FROM state))
    ORDER BY created_at, id LIMIT @limit`,
  // What waits for a decision (the App Home, `pending`): pending rows not expired by the store's
  // clock, oldest first, from the due index (it holds every open row).
  waiting: `SELECT body FROM requests
    WHERE attention AND state = 'pending' AND expires_at > ${NOW}
    ORDER BY created_at, id LIMIT @limit`,
  // Followed reruns whose next poll is due and that no live replica holds (migrations/postgres/002).
  // Round robin across targets: each target's soonest, then each one's next, and so on.
  dueFollowUps: `SELECT body FROM (
      SELECT body, follow_at, id, row_number() OVER (PARTITION BY target_id ORDER BY follow_at, id) AS turn
      FROM requests
      WHERE follow_at IS NOT NULL AND follow_at <= ${NOW} + @aheadMs::bigint
        AND (lease_owner IS NULL OR lease_until <= ${NOW} + @aheadMs::bigint)
        AND NOT (target_id = ANY (@skip::text[]))
    ) due ORDER BY turn, follow_at, id LIMIT @limit`,
  // Waiting requests whose next reminder or escalation is due and that no live replica holds (migrations/postgres/006).
  dueNudges: `SELECT body FROM requests
    WHERE nudge_at IS NOT NULL AND nudge_at <= ${NOW} AND (lease_owner IS NULL OR lease_until <= ${NOW})
    ORDER BY nudge_at, id LIMIT @limit`,
  markShown: `UPDATE requests SET shown_state = @state WHERE id = @id AND state = @state`,
  appendAudit: `INSERT INTO audit (request_id, at, body) VALUES (@requestId, @at, @body)`,
  auditOf: `SELECT body FROM audit WHERE request_id = @requestId ORDER BY seq`,
  firstTime: `INSERT INTO seen (key, until) VALUES (@key, @until)
    ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE seen.until <= @now`,
  purgeSeen: `DELETE FROM seen WHERE until <= @now`,
  claimLease: `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, ${NOW} + @ms::bigint)
    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
      WHERE leases.owner = excluded.owner OR leases.until <= ${NOW}`,
  renewLeases: `WITH named AS (UPDATE leases SET until = ${NOW} + @ms::bigint WHERE owner = @owner),
      posting AS (UPDATE posts SET until = ${NOW} + @ms::bigint WHERE owner = @owner AND state = 'posting')
    UPDATE requests SET lease_until = ${NOW} + @ms::bigint WHERE lease_owner = @owner`,
  clock: `SELECT ${NOW} AS now`,
  releaseLeases: `WITH named AS (DELETE FROM leases WHERE owner = @owner),
      posting AS (UPDATE posts SET until = 0 WHERE owner = @owner AND state = 'posting')
    UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = @owner`,
  releaseLease: `UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner`,
  reservePace: `INSERT INTO paces (key, next_at) VALUES (@key, @now::bigint + @intervalMs::bigint)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(paces.next_at, @now::bigint) + @intervalMs::bigint
    RETURNING next_at`,
  // The reply queue (migrations/postgres/003). One enqueue at a time per channel and key, across
  // replicas, between the collapse check and the insert (held to the end of the transaction).
  replyLock: `SELECT pg_advisory_xact_lock(${REPLY_LOCK_CLASS}, hashtext(@lockKey))`,
  replyCollapse: `SELECT body FROM replies
    WHERE channel = @channel AND collapse_key = @key AND created_at >= @since
    ORDER BY created_at DESC LIMIT 8`,
  replyInsert: `INSERT INTO replies (id, channel, collapse_key, created_at, work, body, thread_ts)
    VALUES (@id, @channel, @key, @createdAt, @work, @body, @thread)`,
  // The latest reply answering the alert at (channel, thread ts) (migrations/postgres/008).
  replyForThread: `SELECT body FROM replies
    WHERE channel = @channel AND thread_ts = @thread ORDER BY created_at DESC LIMIT 1`,
  replyGet: `SELECT body FROM replies WHERE id = @id`,
  replyGetForUpdate: `SELECT body FROM replies WHERE id = @id FOR UPDATE`,
  replyGetMany: `SELECT body FROM replies WHERE id = ANY (@ids::text[])`,
  replyWrite: `UPDATE replies SET work = @work, body = @body WHERE id = @id`,
  replyWork: `SELECT body FROM replies WHERE work AND channel = @channel ORDER BY created_at, id LIMIT @limit`,
  replyChannels: `SELECT DISTINCT channel FROM replies WHERE work LIMIT @limit`,
  // The post ledger (migrations/postgres/005). A new post is inserted unless one is recorded
  // already (then it is read FOR UPDATE and its claim decided by the caller, in the transaction).
  postInsertNew: `INSERT INTO posts (request_id, kind, key, channel, thread, started_at, state, ts, owner, until,
      attempts, error, body)
    VALUES (@request, @kind, @key, @channel, @thread, @startedAt::bigint, @state, @ts, @owner, @until::bigint,
      @attempts, @error, @body)
    ON CONFLICT (request_id, kind, key) DO NOTHING`,
  postGet: `SELECT * FROM posts WHERE request_id = @request AND kind = @kind AND key = @key`,
  postGetForUpdate: `SELECT * FROM posts WHERE request_id = @request AND kind = @kind AND key = @key FOR UPDATE`,
  postWrite: `UPDATE posts SET state = @state, ts = @ts, owner = @owner, until = @until::bigint, attempts = @attempts,
      error = @error
    WHERE request_id = @request AND kind = @kind AND key = @key`,
  postsDue: `SELECT * FROM posts
    WHERE state IN ('posting', 'maybe', 'retry') AND until <= @now::bigint ORDER BY until, started_at LIMIT @limit`,
  // Who watches a request (migrations/postgres/008): watching twice is once.
  watch: `INSERT INTO watchers (request_id, user_id, at) VALUES (@requestId, @userId, @at) ON CONFLICT DO NOTHING`,
  watchersOf: `SELECT user_id AS "userId" FROM watchers WHERE request_id = @requestId ORDER BY at, user_id`,
  // The App Home's viewers (migrations/postgres/009). Those forgotten go in the same statement; the
  // one seen now is not among them, so no row is changed twice.
  homeSaw: `WITH gone AS (DELETE FROM home_viewers WHERE seen_at < ${NOW} - @keepMs::bigint AND user_id <> @user)
    INSERT INTO home_viewers (user_id, locale, seen_at) VALUES (@user, @locale, ${NOW})
    ON CONFLICT (user_id) DO UPDATE SET seen_at = excluded.seen_at,
      locale = COALESCE(excluded.locale, home_viewers.locale)`,
  homeViewers: `SELECT user_id AS "user", locale, seen_at AS "seenAt" FROM home_viewers
    WHERE seen_at >= ${NOW} - @keepMs::bigint ORDER BY seen_at DESC LIMIT @limit`,
  schemaVersion: `SELECT max(version) AS version FROM schema_migrations`,
} as const;

export type Name = keyof typeof SQL;

/** Every statement as PostgreSQL takes it (`$n`), turned once at load. */
export const STATEMENTS = Object.fromEntries(
  Object.entries(SQL).map(([name, sql]) => [name, positional(sql)]),
) as Record<Name, PositionalStatement>;
