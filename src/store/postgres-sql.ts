/**
 * The PostgreSQL store's statements (the tables are in migrations/postgres/): what each asks is
 * answered from an index, as the SQLite store's statements are.
 */
/** The advisory lock class of "one open request per job" (a target's id hashed is the other key). */
const OPEN_LOCK_CLASS = 7_310_001;
/** The advisory lock class of enqueueing a reply (the channel and collapse key hashed is the other key). */
const REPLY_LOCK_CLASS = 7_310_002;

/** Every statement, by name: each runs as a named prepared statement on its connection. */
export const SQL = {
  insert: `WITH r AS (
      INSERT INTO requests (id, target_id, requester, state, created_at, expires_at, started_at, updated_at,
        published, shown_state, lease_owner, lease_until, version, follow_at, body)
      SELECT u.id, u.target_id, u.requester, u.state, u.created_at, u.expires_at, u.started_at, u.updated_at,
        u.published, NULL, u.lease_owner, u.lease_until, 1, u.follow_at, u.body
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[],
        $8::bigint[], $9::boolean[], $10::text[], $11::bigint[], $12::text[], $15::bigint[])
        AS u(id, target_id, requester, state, created_at, expires_at, started_at, updated_at, published,
          lease_owner, lease_until, body, follow_at)
      RETURNING id)
    INSERT INTO request_items (request_id, item_id)
    SELECT i.request_id, i.item_id FROM unnest($13::text[], $14::text[]) AS i(request_id, item_id)`,
  get: `SELECT body FROM requests WHERE id = $1`,
  read: `SELECT body, state, version, lease_owner, lease_until FROM requests WHERE id = $1`,
  update: `UPDATE requests SET target_id = $3, requester = $4, state = $5, created_at = $6, expires_at = $7,
      started_at = $8, updated_at = $9, published = $10, body = $11, follow_at = $17, version = version + 1,
      lease_owner = CASE WHEN $12::boolean THEN $13::text ELSE lease_owner END,
      lease_until = CASE WHEN $12::boolean THEN $14::bigint ELSE lease_until END
    WHERE id = $1 AND version = $2
      AND ($15::text IS NULL OR lease_owner IS NULL OR lease_owner = $15::text OR lease_until <= $16::bigint)`,
  listAll: `SELECT body FROM requests ORDER BY created_at DESC, id DESC LIMIT $1`,
  listTarget: `SELECT body FROM requests WHERE target_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
  listRequester: `SELECT body FROM requests WHERE requester = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
  listBoth: `SELECT body FROM requests WHERE target_id = $1 AND requester = $2
    ORDER BY created_at DESC, id DESC LIMIT $3`,
  openLock: `SELECT pg_advisory_xact_lock(${OPEN_LOCK_CLASS}, hashtext($1))`,
  openWith: `SELECT r.body FROM requests r
    WHERE r.target_id = $1 AND r.state IN ('pending', 'sending', 'running')
      AND (r.state IN ('sending', 'running') OR r.expires_at > $3)
      AND EXISTS (SELECT 1 FROM request_items i WHERE i.request_id = r.id AND i.item_id = ANY ($2::text[]))
    ORDER BY r.created_at DESC, r.id DESC`,
  startedWith: `SELECT r.body FROM requests r
    WHERE r.target_id = $1 AND r.started_at >= $3 AND r.state NOT IN ('refused', 'not-sent', 'failed')
      AND EXISTS (SELECT 1 FROM request_items i WHERE i.request_id = r.id AND i.item_id = ANY ($2::text[]))
    ORDER BY r.started_at DESC, r.id DESC`,
  due: `SELECT body FROM requests
    WHERE attention AND (lease_owner IS NULL OR lease_until <= $1)
      AND (state IN ('sending', 'running')
        OR (state = 'pending' AND (expires_at <= $1 OR NOT published))
        OR (published AND shown_state IS DISTINCT FROM state))
    ORDER BY created_at, id LIMIT $2`,
  // Followed reruns whose next poll is due and that no live replica holds (migrations/postgres/002).
  dueFollowUps: `SELECT body FROM requests
    WHERE follow_at IS NOT NULL AND follow_at <= $1 AND (lease_owner IS NULL OR lease_until <= $1)
    ORDER BY follow_at, id LIMIT $2`,
  markShown: `UPDATE requests SET shown_state = $2 WHERE id = $1 AND state = $2`,
  appendAudit: `INSERT INTO audit (request_id, at, body) VALUES ($1, $2, $3)`,
  auditOf: `SELECT body FROM audit WHERE request_id = $1 ORDER BY seq`,
  firstTime: `INSERT INTO seen (key, until) VALUES ($1, $2)
    ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE seen.until <= $3`,
  purgeSeen: `DELETE FROM seen WHERE until <= $1`,
  claimLease: `INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3)
    ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
      WHERE leases.owner = excluded.owner OR leases.until <= $4`,
  renewLeases: `WITH named AS (UPDATE leases SET until = $2 WHERE owner = $1)
    UPDATE requests SET lease_until = $2 WHERE lease_owner = $1`,
  releaseLeases: `WITH named AS (DELETE FROM leases WHERE owner = $1)
    UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1`,
  releaseLease: `UPDATE requests SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`,
  reservePace: `INSERT INTO paces (key, next_at) VALUES ($1, $3::bigint + $2::bigint)
    ON CONFLICT (key) DO UPDATE SET next_at = GREATEST(paces.next_at, $3::bigint) + $2::bigint
    RETURNING next_at`,
  // The reply queue (migrations/postgres/003). One enqueue at a time per channel and key, across
  // replicas, between the collapse check and the insert (held to the end of the transaction).
  replyLock: `SELECT pg_advisory_xact_lock(${REPLY_LOCK_CLASS}, hashtext($1))`,
  replyCollapse: `SELECT body FROM replies
    WHERE channel = $1 AND collapse_key = $2 AND created_at >= $3
    ORDER BY created_at DESC LIMIT 8`,
  replyInsert: `INSERT INTO replies (id, channel, collapse_key, created_at, work, body) VALUES ($1, $2, $3, $4, $5, $6)`,
  replyGet: `SELECT body FROM replies WHERE id = $1`,
  replyGetForUpdate: `SELECT body FROM replies WHERE id = $1 FOR UPDATE`,
  replyGetMany: `SELECT body FROM replies WHERE id = ANY ($1::text[])`,
  replyWrite: `UPDATE replies SET work = $2, body = $3 WHERE id = $1`,
  replyWork: `SELECT body FROM replies WHERE work AND channel = $1 ORDER BY created_at, id LIMIT $2`,
  replyChannels: `SELECT DISTINCT channel FROM replies WHERE work LIMIT $1`,
  schemaVersion: `SELECT max(version) AS version FROM schema_migrations`,
} as const;

export type Name = keyof typeof SQL;
