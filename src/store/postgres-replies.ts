/**
 * The PostgreSQL store's reply queue (core/model/reply.ts): the statements of postgres-sql.ts run
 * through the store's own connection pool and transactions.
 */
import type pg from 'pg';
import type { QueuedReply, ReplyPatch, ReplyState } from '../core/model/reply.ts';
import type { NamedValues } from './named-params.ts';
import type { Name } from './postgres-sql.ts';
import { replyNeedsWork, replyThreadOf } from './rows.ts';

/** A row read for its JSON body. */
type Body = { body: string };

/** What the queue needs of the store: a named statement, and a transaction on one connection. */
export interface PostgresAccess {
  q<R extends pg.QueryResultRow>(name: Name, params: NamedValues, on?: pg.PoolClient): Promise<pg.QueryResult<R>>;
  inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

const parse = (rows: Body[]): QueuedReply[] => rows.map((r) => JSON.parse(r.body) as QueuedReply);

export class PostgresReplies {
  constructor(private readonly db: PostgresAccess) {}

  enqueue(reply: QueuedReply, since: number): Promise<QueuedReply> {
    return this.db.inTransaction(async (client) => {
      // One enqueue at a time per channel and key, across replicas, between the collapse check and the insert.
      await this.db.q('replyLock', { lockKey: `${reply.channel} ${reply.collapseKey}` }, client);
      const { rows } = await this.db.q<Body>(
        'replyCollapse',
        { channel: reply.channel, key: reply.collapseKey, since },
        client,
      );
      const into = parse(rows).find((r) => r.state !== 'failed');
      if (into) return this.write({ ...into, count: into.count + 1 }, client);
      await this.db.q(
        'replyInsert',
        {
          id: reply.id,
          channel: reply.channel,
          key: reply.collapseKey,
          createdAt: reply.createdAt,
          work: replyNeedsWork(reply),
          body: JSON.stringify(reply),
          thread: replyThreadOf(reply),
        },
        client,
      );
      return reply;
    });
  }

  async work(channel: string, limit: number): Promise<QueuedReply[]> {
    return parse((await this.db.q<Body>('replyWork', { channel, limit })).rows);
  }

  async channels(limit: number): Promise<string[]> {
    return (await this.db.q<{ channel: string }>('replyChannels', { limit })).rows.map((r) => r.channel);
  }

  async get(ids: readonly string[]): Promise<QueuedReply[]> {
    const byId = new Map(parse((await this.db.q<Body>('replyGetMany', { ids })).rows).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async forThread(channel: string, threadTs: string): Promise<QueuedReply | undefined> {
    return parse((await this.db.q<Body>('replyForThread', { channel, thread: threadTs })).rows)[0];
  }

  update(id: string, from: readonly ReplyState[], patch: ReplyPatch): Promise<QueuedReply | undefined> {
    return this.db.inTransaction(async (client) => {
      const [current] = parse((await this.db.q<Body>('replyGetForUpdate', { id }, client)).rows);
      if (!current || !from.includes(current.state)) return undefined;
      return this.write({ ...current, ...patch }, client);
    });
  }

  private async write(next: QueuedReply, client: pg.PoolClient): Promise<QueuedReply> {
    await this.db.q('replyWrite', { id: next.id, work: replyNeedsWork(next), body: JSON.stringify(next) }, client);
    return next;
  }
}
