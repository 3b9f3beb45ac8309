-- The people who opened the bot's App Home (core/store-ports.ts, HomeViewerStore): a change handled
-- at any replica refreshes the Homes it concerns, in each viewer's language as last seen. `seen_at`
-- is the store's clock (ms) at their last opening; viewers not seen for a long while are forgotten.
CREATE TABLE home_viewers (
  user_id TEXT PRIMARY KEY,
  locale TEXT,
  seen_at BIGINT NOT NULL
);
CREATE INDEX home_viewers_seen ON home_viewers (seen_at);
