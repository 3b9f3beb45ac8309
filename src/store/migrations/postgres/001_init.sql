-- The first schema (PostgreSQL). sqlite/001_init.sql holds the same tables, columns and indexes
-- (its comments say why each is there); here the flags are BOOLEAN and the times BIGINT.
--
-- `body` is TEXT, not JSONB: the request reads back exactly as written (JSONB would reorder
-- keys and refuses \u0000, which a typed command may hold), and nothing queries inside it.
-- Times in columns are milliseconds since the epoch.

CREATE TABLE requests (
  id TEXT PRIMARY KEY,
  target_id TEXT NOT NULL,
  requester TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  started_at BIGINT,
  updated_at BIGINT NOT NULL,
  published BOOLEAN NOT NULL,
  shown_state TEXT,
  lease_owner TEXT,
  lease_until BIGINT,
  version INTEGER NOT NULL,
  attention BOOLEAN NOT NULL GENERATED ALWAYS AS (
    state IN ('pending', 'running') OR (published AND shown_state IS DISTINCT FROM state)
  ) STORED,
  body TEXT NOT NULL
);

CREATE INDEX requests_created ON requests (created_at, id);
CREATE INDEX requests_target_created ON requests (target_id, created_at, id);
CREATE INDEX requests_requester_created ON requests (requester, created_at, id);
CREATE INDEX requests_open ON requests (target_id) WHERE state IN ('pending', 'running');
CREATE INDEX requests_started ON requests (target_id, started_at) WHERE started_at IS NOT NULL;
CREATE INDEX requests_due ON requests (created_at, id) WHERE attention;
CREATE INDEX requests_lease_owner ON requests (lease_owner) WHERE lease_owner IS NOT NULL;

CREATE TABLE request_items (
  request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  PRIMARY KEY (request_id, item_id)
);

CREATE TABLE audit (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX audit_request ON audit (request_id, seq);

CREATE TABLE seen (
  key TEXT PRIMARY KEY,
  until BIGINT NOT NULL
);
CREATE INDEX seen_until ON seen (until);

CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until BIGINT NOT NULL
);
CREATE INDEX leases_owner ON leases (owner);

CREATE TABLE paces (
  key TEXT PRIMARY KEY,
  next_at BIGINT NOT NULL
);
