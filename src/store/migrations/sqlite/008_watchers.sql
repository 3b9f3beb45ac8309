-- Who watches a request (issue 19 item 5): someone whose ask collided with it, told of its decision
-- and its final state like its requester. One row per person and request (watching twice is once),
-- read by the request's id only (the primary key).
CREATE TABLE watchers (
  request_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (request_id, user_id)
) STRICT;
