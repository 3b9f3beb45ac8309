-- The first schema (SQLite). postgres/001_init.sql holds the same tables, columns and indexes
-- in PostgreSQL's dialect (BOOLEAN for the 0/1 flags, BIGINT for times, identity for audit.seq).
--
-- A request is kept whole as JSON in `body` (its ISO times as written); the fields the store
-- queries are copied into columns on every write. Times in columns are milliseconds since the
-- epoch, so they compare as numbers whatever the ISO string's precision or offset.

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  target_id TEXT NOT NULL,
  requester TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- execution.startedAt: when the rerun call started (cooldown).
  started_at INTEGER,
  updated_at INTEGER NOT NULL,
  published INTEGER NOT NULL CHECK (published IN (0, 1)),
  -- The state the published message last showed (markShown); NULL until it is shown.
  shown_state TEXT,
  lease_owner TEXT,
  lease_until INTEGER,
  -- Bumped by every transition: the conditional update's guard.
  version INTEGER NOT NULL,
  -- Work that may become due: open, or published and not showing its state. Computed by the
  -- database on every write, so it can never disagree with the columns it is made of, and the
  -- partial index below holds only these rows: due() never reads finished history.
  attention INTEGER NOT NULL GENERATED ALWAYS AS (
    state IN ('pending', 'running') OR (published = 1 AND shown_state IS NOT state)
  ) STORED,
  body TEXT NOT NULL
) STRICT;

-- History, newest first: all, by target, by requester.
CREATE INDEX requests_created ON requests (created_at, id);
CREATE INDEX requests_target_created ON requests (target_id, created_at, id);
CREATE INDEX requests_requester_created ON requests (requester, created_at, id);
-- Open requests on a target (openWith): only pending and running rows, however long the history.
CREATE INDEX requests_open ON requests (target_id) WHERE state IN ('pending', 'running');
-- Calls started on a target since a time (startedWith, the cooldown).
CREATE INDEX requests_started ON requests (target_id, started_at) WHERE started_at IS NOT NULL;
-- Due work, oldest first.
CREATE INDEX requests_due ON requests (created_at, id) WHERE attention = 1;
-- A replica's leases (renewLeases, releaseLeases).
CREATE INDEX requests_lease_owner ON requests (lease_owner) WHERE lease_owner IS NOT NULL;

-- A request's eligible preview items, fixed when it is inserted. Looked up per request (the
-- primary key) from the open or recently started requests of a target, so the lookup is bounded
-- by those, never by how often an item was asked for in the past.
CREATE TABLE request_items (
  request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  PRIMARY KEY (request_id, item_id)
) STRICT, WITHOUT ROWID;

-- The audit trail, append-only, in insertion order. Not tied to requests by a foreign key:
-- a record of what happened is kept even about a request that was never stored.
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  -- The entry's own `at`, as written (for reading the table by hand; not queried).
  at TEXT NOT NULL,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX audit_request ON audit (request_id, seq);

-- Keys already handled (firstTime), remembered until `until`.
CREATE TABLE seen (
  key TEXT PRIMARY KEY,
  until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX seen_until ON seen (until);

-- Named leases (the sweeper).
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX leases_owner ON leases (owner);

-- The next free slot of each provider credential's pace.
CREATE TABLE paces (
  key TEXT PRIMARY KEY,
  next_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- SQLite only: the journal of the store before this one, imported once (journal-import.ts).
-- Its fingerprint tells an import already committed from a journal still to import.
CREATE TABLE journal_imports (
  sha256 TEXT PRIMARY KEY,
  imported_at TEXT NOT NULL,
  requests INTEGER NOT NULL,
  audit INTEGER NOT NULL,
  events INTEGER NOT NULL,
  unreadable INTEGER NOT NULL
) STRICT;
