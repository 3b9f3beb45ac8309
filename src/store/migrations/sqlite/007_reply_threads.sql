-- The alert an alert reply answers, by its thread (core/model/reply.ts, AlertReplyBody.threadTs):
-- copied from the row's JSON on every insert, so a mention in an alert's thread finds the alert
-- already read (replyForThread) without asking Slack for the thread's parent. Rows queued before
-- this column existed are filled in from their JSON; a digest has none.
ALTER TABLE replies ADD COLUMN thread_ts TEXT;
UPDATE replies SET thread_ts = json_extract(body, '$.body.threadTs')
  WHERE json_extract(body, '$.body.kind') = 'alert';
CREATE INDEX replies_thread ON replies (channel, thread_ts, created_at) WHERE thread_ts IS NOT NULL;
