-- The post ledger (core/model/post.ts): every message the bot posts for a request, recorded
-- before it is sent under its identity (request, kind, key). The columns are the record's own;
-- `body` is what the post says (JSON), so any replica can post it again or look for it.
CREATE TABLE posts (
  request_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  channel TEXT NOT NULL,
  thread TEXT,
  started_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('posting', 'posted', 'maybe', 'retry', 'refused')),
  ts TEXT,
  owner TEXT,
  until INTEGER,
  attempts INTEGER NOT NULL,
  error TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (request_id, kind, key)
) STRICT;
-- What the sweeper tries again: only the posts not settled yet, by when they are due.
CREATE INDEX posts_due ON posts (until, started_at) WHERE state IN ('posting', 'maybe', 'retry');
-- The heartbeat renews the posts its replica is posting.
CREATE INDEX posts_owner ON posts (owner) WHERE state = 'posting';
