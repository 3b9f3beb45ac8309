/**
 * The SQLite store's reply queue (core/model/reply.ts): the statements of sqlite-sql.ts, each
 * change in one transaction on the store's connection (postgres-replies.ts is the same queue on
 * PostgreSQL).
 */
import type Database from 'better-sqlite3';
import type { QueuedReply, ReplyPatch, ReplyState } from '../core/model/reply.ts';
import type { SQL } from './sqlite-sql.ts';
import type { WatchedStatement } from './sqlite-health.ts';
import { replyNeedsWork, replyThreadOf } from './rows.ts';

/** A row read for its JSON body. */
type Body = { body: string };

type ReplyStatements = Pick<
  Record<keyof typeof SQL, WatchedStatement>,
  'replyCollapse' | 'replyInsert' | 'replyGet' | 'replyWrite' | 'replyWork' | 'replyChannels' | 'replyForThread'
>;

const parse = (row: Body): QueuedReply => JSON.parse(row.body) as QueuedReply;

export class SqliteReplies {
  constructor(
    private readonly db: Database.Database,
    private readonly s: ReplyStatements,
  ) {}

  enqueue(reply: QueuedReply, since: number): QueuedReply {
    return this.db.transaction(() => {
      const rows = this.s.replyCollapse.all({ channel: reply.channel, key: reply.collapseKey, since }) as Body[];
      const into = rows.map(parse).find((r) => r.state !== 'failed');
      if (into) return this.write({ ...into, count: into.count + 1 });
      this.s.replyInsert.run({
        id: reply.id,
        channel: reply.channel,
        key: reply.collapseKey,
        createdAt: reply.createdAt,
        work: replyNeedsWork(reply) ? 1 : 0,
        body: JSON.stringify(reply),
        thread: replyThreadOf(reply),
      });
      return reply;
    })();
  }

  work(channel: string, limit: number): QueuedReply[] {
    return (this.s.replyWork.all(channel, limit) as Body[]).map(parse);
  }

  channels(limit: number): string[] {
    return (this.s.replyChannels.all(limit) as { channel: string }[]).map((r) => r.channel);
  }

  get(ids: readonly string[]): QueuedReply[] {
    return ids.flatMap((id) => {
      const row = this.s.replyGet.get(id) as Body | undefined;
      return row ? [parse(row)] : [];
    });
  }

  forThread(channel: string, threadTs: string): QueuedReply | undefined {
    const row = this.s.replyForThread.get(channel, threadTs) as Body | undefined;
    return row ? parse(row) : undefined;
  }

  update(id: string, from: readonly ReplyState[], patch: ReplyPatch): QueuedReply | undefined {
    return this.db.transaction(() => {
      const row = this.s.replyGet.get(id) as Body | undefined;
      const current = row ? parse(row) : undefined;
      if (!current || !from.includes(current.state)) return undefined;
      return this.write({ ...current, ...patch });
    })();
  }

  private write(next: QueuedReply): QueuedReply {
    this.s.replyWrite.run({ id: next.id, work: replyNeedsWork(next) ? 1 : 0, body: JSON.stringify(next) });
    return next;
  }
}
