-- A waiting request's reminders and escalation (core/model/lifecycle.ts, Nudges; use-cases/remind.ts):
-- when the next of them is due (the record's `nudges.nextAt`, ms since the epoch), copied on every
-- write like the other columns; NULL once the request is no longer pending, before its message is
-- posted, and when nothing more is due. So a decision stops them in the same write, and the partial
-- index holds only the waiting rows that have one due: dueNudges never reads history.
ALTER TABLE requests ADD COLUMN nudge_at BIGINT;
CREATE INDEX requests_nudge ON requests (nudge_at, id) WHERE nudge_at IS NOT NULL;
