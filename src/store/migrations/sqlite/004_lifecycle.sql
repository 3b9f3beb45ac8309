-- The request lifecycle of record version 3 (core/model/lifecycle.ts): the call's half and the
-- job's half are told apart. The `state` column's values move with it (postgres/004 does the same):
--   running   -> sending   (the call is under way)
--   succeeded -> accepted  (the provider accepted the call; the job's end is in the record's follow-up)
--   failed    -> refused   (the provider refused it) or not-sent (no call reached the provider)
-- Records keep their JSON as written; a store upgrades version 2 records when it reads them
-- (core/model/upgrade.ts), to the same states as here.
--
-- `attention` and the open-request index follow. `running` stays in both for the length of a
-- rolling upgrade: a replica of the previous version may still write it (docs/operations.md).
-- SQLite cannot add a STORED generated column to a table: `attention` becomes VIRTUAL, which the
-- partial index `requests_due` still holds only the rows of (an index stores its expression).

DROP INDEX requests_due;
DROP INDEX requests_open;
ALTER TABLE requests DROP COLUMN attention;

UPDATE requests SET state = CASE state
    WHEN 'running' THEN 'sending'
    WHEN 'succeeded' THEN 'accepted'
    ELSE CASE WHEN json_extract(body, '$.execution.outcome.calls') > 0 THEN 'refused' ELSE 'not-sent' END
  END
  WHERE state IN ('running', 'succeeded', 'failed');
UPDATE requests SET shown_state = CASE shown_state
    WHEN 'running' THEN 'sending'
    WHEN 'succeeded' THEN 'accepted'
    ELSE CASE WHEN json_extract(body, '$.execution.outcome.calls') > 0 THEN 'refused' ELSE 'not-sent' END
  END
  WHERE shown_state IN ('running', 'succeeded', 'failed');

ALTER TABLE requests ADD COLUMN attention INTEGER NOT NULL GENERATED ALWAYS AS (
  state IN ('pending', 'sending', 'running') OR (published = 1 AND shown_state IS NOT state)
) VIRTUAL;
CREATE INDEX requests_open ON requests (target_id) WHERE state IN ('pending', 'sending', 'running');
CREATE INDEX requests_due ON requests (created_at, id) WHERE attention = 1;
