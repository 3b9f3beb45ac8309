-- The reply queue (core/model/reply.ts): alert answers waiting for Slack's pace. A row is kept
-- whole as JSON in `body`; the columns the queue asks by are copied on every write. `work` is 1
-- while the row still needs a post or an update (pending, sending, or a count its message does
-- not show yet); the partial index holds only those rows, so the drain never reads old replies.
CREATE TABLE replies (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  collapse_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  work INTEGER NOT NULL CHECK (work IN (0, 1)),
  body TEXT NOT NULL
) STRICT;
-- Identical alerts of a channel within the collapse window.
CREATE INDEX replies_collapse ON replies (channel, collapse_key, created_at);
-- What a channel's drain has to do, oldest first.
CREATE INDEX replies_work ON replies (channel, created_at, id) WHERE work = 1;
