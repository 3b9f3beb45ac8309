-- Following an accepted rerun to its final state (core/use-cases/follow.ts): the next poll's time
-- (the record's `follow.nextAt`, ms since the epoch), copied on every write like the other columns;
-- NULL when nothing is followed. The partial index holds only followed rows, so dueFollowUps
-- never reads finished history.
ALTER TABLE requests ADD COLUMN follow_at BIGINT;
CREATE INDEX requests_follow ON requests (follow_at, id) WHERE follow_at IS NOT NULL;
