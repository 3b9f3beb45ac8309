/**
 * The PostgreSQL store's post ledger (core/model/post.ts): each change is one transaction that
 * reads the row FOR UPDATE, so of two replicas claiming one post at once, one claims it. What each
 * change makes of the row is shared with the SQLite store (posts.ts).
 */
import type pg from 'pg';
import type { PostClaim, PostId, PostRecord } from '../core/model/post.ts';
import type { PostSettle } from '../core/ports.ts';
import type { PostgresAccess } from './postgres-replies.ts';
import { idParams, planAdopt, planClaim, planSettle, postOf, postParams, type PostRow } from './posts.ts';

export class PostgresPosts {
  constructor(private readonly db: PostgresAccess) {}

  async get(id: PostId): Promise<PostRecord | undefined> {
    const [row] = (await this.db.q<PostRow>('postGet', idParams(id))).rows;
    return row ? postOf(row) : undefined;
  }

  claim(post: PostRecord, now: Date): Promise<PostClaim | undefined> {
    return this.db.inTransaction(async (client) => {
      const fresh = planClaim(undefined, post, now.getTime());
      if (fresh) {
        const inserted = await this.db.q('postInsertNew', postParams(fresh.post), client);
        if (inserted.rowCount === 1) return fresh;
      }
      const existing = await this.locked(post, client);
      const claim = planClaim(existing, post, now.getTime());
      if (claim) await this.write(claim.post, client);
      return claim;
    });
  }

  settle(id: PostId, owner: string, settle: PostSettle): Promise<PostRecord | undefined> {
    return this.db.inTransaction(async (client) => {
      const next = planSettle(await this.locked(id, client), owner, settle);
      if (next) await this.write(next, client);
      return next;
    });
  }

  adopt(post: PostRecord, ts: string): Promise<PostRecord> {
    return this.db.inTransaction(async (client) => {
      const adopted = planAdopt(undefined, post, ts);
      const inserted = await this.db.q('postInsertNew', postParams(adopted), client);
      if (inserted.rowCount === 1) return adopted;
      const existing = await this.locked(post, client);
      const next = planAdopt(existing, post, ts);
      if (next !== existing) await this.write(next, client);
      return next;
    });
  }

  async due(now: Date, limit: number): Promise<PostRecord[]> {
    return (await this.db.q<PostRow>('postsDue', { now: now.getTime(), limit })).rows.map(postOf);
  }

  private async locked(id: PostId, client: pg.PoolClient): Promise<PostRecord | undefined> {
    const [row] = (await this.db.q<PostRow>('postGetForUpdate', idParams(id), client)).rows;
    return row ? postOf(row) : undefined;
  }

  private async write(p: PostRecord, client: pg.PoolClient): Promise<void> {
    const { channel: _c, thread: _t, startedAt: _s, body: _b, ...changed } = postParams(p);
    await this.db.q('postWrite', changed, client);
  }
}
