/**
 * The SQLite store's post ledger (core/model/post.ts): the statements of sqlite-sql.ts, each
 * change in one transaction on the store's connection (postgres-posts.ts is the same on
 * PostgreSQL; what each change makes of the row is shared, posts.ts).
 */
import type Database from 'better-sqlite3';
import type { PostClaim, PostId, PostRecord } from '../core/model/post.ts';
import type { PostSettle } from '../core/ports.ts';
import type { SQL } from './sqlite-sql.ts';
import type { WatchedStatement } from './sqlite-health.ts';
import { idParams, planAdopt, planClaim, planSettle, postOf, postParams, type PostRow } from './posts.ts';

type PostStatements = Pick<
  Record<keyof typeof SQL, WatchedStatement>,
  'postGet' | 'postInsert' | 'postWrite' | 'postsDue'
>;

export class SqlitePosts {
  constructor(
    private readonly db: Database.Database,
    private readonly s: PostStatements,
  ) {}

  get(id: PostId): PostRecord | undefined {
    const row = this.s.postGet.get(idParams(id)) as PostRow | undefined;
    return row ? postOf(row) : undefined;
  }

  claim(post: PostRecord, now: Date): PostClaim | undefined {
    return this.db.transaction(() => {
      const existing = this.get(post);
      const claim = planClaim(existing, post, now.getTime());
      if (claim) this.write(claim.post, !existing);
      return claim;
    })();
  }

  settle(id: PostId, owner: string, settle: PostSettle): PostRecord | undefined {
    return this.db.transaction(() => {
      const next = planSettle(this.get(id), owner, settle);
      if (next) this.write(next, false);
      return next;
    })();
  }

  adopt(post: PostRecord, ts: string): PostRecord {
    return this.db.transaction(() => {
      const existing = this.get(post);
      const next = planAdopt(existing, post, ts);
      if (next !== existing) this.write(next, !existing);
      return next;
    })();
  }

  due(now: Date, limit: number): PostRecord[] {
    return (this.s.postsDue.all({ now: now.getTime(), limit }) as PostRow[]).map(postOf);
  }

  private write(p: PostRecord, insert: boolean): void {
    const params = postParams(p);
    if (insert) this.s.postInsert.run(params);
    else {
      const { channel: _c, thread: _t, startedAt: _s, body: _b, ...changed } = params;
      this.s.postWrite.run(changed);
    }
  }
}
