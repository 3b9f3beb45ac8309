/**
 * The PostgreSQL store (DATABASE_URL): several replicas share one database. The same tables as
 * the SQLite store (migrations/postgres/), through a pg Pool.
 *
 * Every write is one statement (a data-modifying CTE where two tables change together), so it is
 * atomic on its own. `transition` is a read and then one conditional update guarded by the
 * version read: of concurrent callers, on any connection of any replica, one update matches and
 * the others re-read and find the state moved on. What it decides from the row read is shared with
 * the SQLite store (transition.ts). Statements name their parameters (postgres-sql.ts).
 *
 * Migrations run at start in one transaction under a transaction-level advisory lock with one
 * fixed key, so replicas starting together apply them once, one after the other.
 */
import pg from 'pg';
import type { AuditEntry, RequestState, RerunRequest } from '../core/model/request.ts';
import type { PostClaim, PostId, PostRecord } from '../core/model/post.ts';
import type { QueuedReply, ReplyPatch, ReplyState } from '../core/model/reply.ts';
import type { HomeViewer, Lease, PostSettle, RequestFilter, Store, TransitionOptions } from '../core/ports.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { requireLatest } from './migrations.ts';
import { PostgresHome } from './postgres-home.ts';
import { PostgresPosts } from './postgres-posts.ts';
import { PostgresReplies, type PostgresAccess } from './postgres-replies.ts';
import { valuesFor, type NamedValues } from './named-params.ts';
import { explainedAt, reachedAt } from './postgres-errors.ts';
import { applyMigrations } from './postgres-migrate.ts';
import { STATEMENTS, type Name } from './postgres-sql.ts';
import { duplicateRequest, eligibleItems, insertParams, RecordReader, warnNewer } from './rows.ts';
import { planTransition, type TransitionRow } from './transition.ts';
import { driverCode, PG_UNDEFINED_TABLE, PG_UNIQUE_VIOLATION, StoreError } from './errors.ts';

/** Every this many `firstTime` calls, forgotten keys are deleted (an indexed range delete). */
const PURGE_EVERY = 100;

export interface PostgresOptions {
  /** A postgres:// URL. */
  url: string;
  /** The schema to keep the tables in (its search_path), created if missing; default: the server's search_path. */
  schema?: string | undefined;
  /** Connections in the pool (default 10). */
  max?: number;
  logger?: Logger | undefined;
  /** How long connecting may take before a query fails (default 10 s). */
  connectTimeoutMs?: number;
  /**
   * Stands in for the database server's clock, by which leases, expiry and follow-ups are judged:
   * for tests that move time (MovableClock) instead of waiting for it. Default (in service): the
   * server's own clock, `statement_timestamp()`.
   */
  clock?: Clock | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export class PostgresStore implements Store {
  private readonly pool: pg.Pool;
  /** The server, as `host:port/database` (no credentials), for messages. */
  readonly where: string;
  private readonly schema: string | undefined;
  private readonly records: RecordReader;
  /** What stands in for the server's clock (tests), or undefined: the server's own. */
  private readonly clock: Clock | undefined;
  private closed = false;
  private firstTimeCalls = 0;
  /** A named statement and a transaction, for the concerns kept in files of their own. */
  private readonly access: PostgresAccess = {
    q: (name, values, on) => this.q(name, values, on),
    inTransaction: (work) => this.inTransaction(work),
  };
  private readonly replies = new PostgresReplies(this.access);
  private readonly posts = new PostgresPosts(this.access);
  private readonly home = new PostgresHome(this.access);

  private constructor(o: PostgresOptions) {
    if (o.schema !== undefined && !SCHEMA_NAME.test(o.schema)) {
      throw new Error(`schema ${JSON.stringify(o.schema)}: use lower-case letters, digits and _`);
    }
    this.schema = o.schema;
    this.clock = o.clock;
    this.records = new RecordReader(warnNewer(o.logger));
    const url = new URL(o.url);
    this.where = `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname}`;
    const options = [url.searchParams.get('options'), o.schema ? `-c search_path=${o.schema}` : undefined]
      .filter(Boolean)
      .join(' ');
    url.searchParams.delete('options');
    this.pool = new pg.Pool({
      connectionString: url.toString(),
      max: o.max ?? 10,
      connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
      ...(options ? { options } : {}),
    });
    // An idle connection the server dropped (a restart, a failover) must not crash the process;
    // the pool replaces it, and the next query reports any lasting problem.
    this.pool.on('error', (err) => o.logger?.warn({ err, store: this.where }, 'PostgreSQL dropped an idle connection'));
  }

  /** Connects and migrates: the store is ready to use. */
  static async open(o: PostgresOptions): Promise<PostgresStore> {
    const store = new PostgresStore(o);
    try {
      await store.migrate();
    } catch (err) {
      await store.close();
      throw explainedAt(store.where, err, 'could not apply the migrations', 'schema');
    }
    return store;
  }

  /** A store that has not migrated (nor connected) yet: `migrate()` makes it ready. */
  static connect(o: PostgresOptions): PostgresStore {
    return new PostgresStore(o);
  }

  /**
   * Applies the migrations not yet applied, in order, in one transaction holding the advisory
   * lock: a replica starting at the same time waits, then finds them applied.
   */
  async migrate(): Promise<void> {
    await this.inTransaction((client) => applyMigrations(client, this.schema));
  }

  private live(): void {
    if (this.closed) throw new StoreError('closed', `store is closed (PostgreSQL at ${this.where})`);
  }

  /** Runs the named statement with `params` by name; a server out of reach is said so, coded. */
  private async q<R extends pg.QueryResultRow>(
    name: Name,
    params: NamedValues,
    on: pg.Pool | pg.PoolClient = this.pool,
  ): Promise<pg.QueryResult<R>> {
    this.live();
    const statement = STATEMENTS[name];
    try {
      const storeNow = this.clock ? this.clock.now().getTime() : null;
      return await on.query<R>({ name, text: statement.text, values: valuesFor(statement, { storeNow, ...params }) });
    } catch (err) {
      throw reachedAt(this.where, err);
    }
  }

  private async insertRows(
    requests: readonly RerunRequest[],
    lease: Lease | undefined,
    on: pg.Pool | pg.PoolClient = this.pool,
  ): Promise<void> {
    try {
      await this.q('insert', insertParams(requests, lease), on);
    } catch (err) {
      if (driverCode(err) === PG_UNIQUE_VIOLATION) {
        const id = requests.length === 1 ? requests[0]?.id : (err as { detail?: string }).detail;
        throw duplicateRequest(String(id), err);
      }
      throw err;
    }
  }

  async insert(request: RerunRequest, lease?: Lease): Promise<void> {
    await this.insertRows([request], lease);
  }

  async insertExclusive(request: RerunRequest, lease?: Lease): Promise<RerunRequest | undefined> {
    this.live();
    const items = eligibleItems(request);
    if (!items.length) {
      await this.insertRows([request], lease);
      return undefined;
    }
    return this.inTransaction(async (client) => {
      // One asker at a time per target, across replicas, between the check and the insert; held
      // to the end of this transaction only.
      await this.q('openLock', { targetId: request.targetId }, client);
      const { rows } = await this.q<{ body: string }>('openWith', { targetId: request.targetId, items }, client);
      const holder = this.bodies(rows)[0];
      if (!holder) await this.insertRows([request], lease, client);
      return holder;
    });
  }

  /** Inserts many requests in one statement: for imports and tests. */
  async insertMany(requests: readonly RerunRequest[]): Promise<void> {
    if (requests.length) await this.insertRows(requests, undefined);
  }

  private bodies(rows: { body: string }[]): RerunRequest[] {
    return this.records.all(rows);
  }

  async get(id: string): Promise<RerunRequest | undefined> {
    const { rows } = await this.q<{ body: string }>('get', { id });
    return rows[0] ? this.records.one(rows[0].body) : undefined;
  }

  async transition(
    id: string,
    from: readonly RequestState[],
    change: (current: RerunRequest) => RerunRequest | undefined,
    options: TransitionOptions = {},
  ): Promise<RerunRequest | undefined> {
    // Each round: read, decide, one update guarded by the version read. No match means another
    // writer got in between; the next round reads what it wrote (the state may still be in `from`).
    for (;;) {
      const { rows } = await this.q<TransitionRow>('read', { id });
      const planned = planTransition(this.records, id, rows[0], from, change, options);
      if (!planned) return undefined;
      if ((await this.q('update', planned.params)).rowCount === 1) return planned.next;
    }
  }

  async list(filter: RequestFilter): Promise<RerunRequest[]> {
    const { targetId, requester, limit } = filter;
    const { rows } =
      targetId && requester
        ? await this.q<{ body: string }>('listBoth', { targetId, requester, limit })
        : targetId
          ? await this.q<{ body: string }>('listTarget', { targetId, limit })
          : requester
            ? await this.q<{ body: string }>('listRequester', { requester, limit })
            : await this.q<{ body: string }>('listAll', { limit });
    return this.bodies(rows);
  }

  async openWith(targetId: string, itemIds: readonly string[]): Promise<RerunRequest[]> {
    if (!itemIds.length) return [];
    const { rows } = await this.q<{ body: string }>('openWith', { targetId, items: itemIds });
    return this.bodies(rows);
  }

  async startedWith(targetId: string, itemIds: readonly string[], since: Date): Promise<RerunRequest[]> {
    if (!itemIds.length) return [];
    const { rows } = await this.q<{ body: string }>('startedWith', {
      targetId,
      items: itemIds,
      since: since.getTime(),
    });
    return this.bodies(rows);
  }

  async due(limit: number): Promise<RerunRequest[]> {
    const { rows } = await this.q<{ body: string }>('due', { limit });
    return this.bodies(rows);
  }

  async waiting(limit: number): Promise<RerunRequest[]> {
    return this.bodies((await this.q<{ body: string }>('waiting', { limit })).rows);
  }

  async dueFollowUps(limit: number, aheadMs = 0, skipTargets: readonly string[] = []): Promise<RerunRequest[]> {
    const { rows } = await this.q<{ body: string }>('dueFollowUps', { limit, aheadMs, skip: [...skipTargets] });
    return this.bodies(rows);
  }

  async dueNudges(limit: number): Promise<RerunRequest[]> {
    const { rows } = await this.q<{ body: string }>('dueNudges', { limit });
    return this.bodies(rows);
  }

  async markShown(id: string, state: RequestState): Promise<void> {
    await this.q('markShown', { id, state });
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.q('appendAudit', { requestId: entry.requestId, at: entry.at, body: JSON.stringify(entry) });
  }
  async auditOf(requestId: string): Promise<AuditEntry[]> {
    const { rows } = await this.q<{ body: string }>('auditOf', { requestId });
    return rows.map((r) => JSON.parse(r.body) as AuditEntry);
  }

  async watch(requestId: string, userId: string, at: string): Promise<boolean> {
    return (await this.q('watch', { requestId, userId, at })).rowCount === 1;
  }
  async watchersOf(requestId: string): Promise<string[]> {
    return (await this.q<{ userId: string }>('watchersOf', { requestId })).rows.map((r) => r.userId);
  }

  async firstTime(key: string, now: Date, keepMs: number): Promise<boolean> {
    const at = now.getTime();
    if (++this.firstTimeCalls % PURGE_EVERY === 0) await this.q('purgeSeen', { now: at });
    return (await this.q('firstTime', { key, until: at + keepMs, now: at })).rowCount === 1;
  }

  async now(): Promise<Date> {
    // bigint comes back as text (it may not fit a number; a time in ms does).
    const { rows } = await this.q<{ now: string }>('clock', {});
    return new Date(Number(rows[0]?.now));
  }

  async claimLease(name: string, lease: Lease): Promise<boolean> {
    return (await this.q('claimLease', { name, owner: lease.owner, ms: lease.ms })).rowCount === 1;
  }

  async renewLeases(owner: string, ms: number): Promise<void> {
    await this.q('renewLeases', { owner, ms });
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.q('releaseLease', { id, owner });
  }

  async releaseLeases(owner: string): Promise<void> {
    await this.q('releaseLeases', { owner });
  }

  async reservePace(key: string, intervalMs: number, now: Date): Promise<number> {
    const { rows } = await this.q<{ next_at: string }>('reservePace', { key, intervalMs, now: now.getTime() });
    return Number(rows[0]?.next_at) - intervalMs;
  }

  /** Runs `work` in one transaction on one connection. */
  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.live();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw reachedAt(this.where, err);
    }
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw reachedAt(this.where, err);
    } finally {
      client.release();
    }
  }

  // The reply queue (postgres-replies.ts).
  enqueueReply(reply: QueuedReply, since: number): Promise<QueuedReply> {
    return this.replies.enqueue(reply, since);
  }
  replyWork(channel: string, limit: number): Promise<QueuedReply[]> {
    return this.replies.work(channel, limit);
  }
  replyChannels(limit: number): Promise<string[]> {
    return this.replies.channels(limit);
  }
  getReplies(ids: readonly string[]): Promise<QueuedReply[]> {
    return this.replies.get(ids);
  }
  replyForThread(channel: string, threadTs: string): Promise<QueuedReply | undefined> {
    return this.replies.forThread(channel, threadTs);
  }
  updateReply(id: string, from: readonly ReplyState[], patch: ReplyPatch): Promise<QueuedReply | undefined> {
    return this.replies.update(id, from, patch);
  }

  // The post ledger (postgres-posts.ts).
  claimPost(post: PostRecord, now: Date): Promise<PostClaim | undefined> {
    return this.posts.claim(post, now);
  }
  settlePost(id: PostId, owner: string, settle: PostSettle): Promise<PostRecord | undefined> {
    return this.posts.settle(id, owner, settle);
  }
  adoptPost(post: PostRecord, ts: string): Promise<PostRecord> {
    return this.posts.adopt(post, ts);
  }
  getPost(id: PostId): Promise<PostRecord | undefined> {
    return this.posts.get(id);
  }
  duePosts(now: Date, limit: number): Promise<PostRecord[]> {
    return this.posts.due(now, limit);
  }

  // The App Home's viewers (postgres-home.ts).
  sawHome(user: string, locale: HomeViewer['locale'], keepMs: number): Promise<void> {
    return this.home.saw(user, locale, keepMs);
  }
  homeViewers(keepMs: number, limit: number): Promise<HomeViewer[]> {
    return this.home.viewers(keepMs, limit);
  }

  async ping(): Promise<void> {
    let version: number | null | undefined;
    try {
      version = (await this.q<{ version: number | null }>('schemaVersion', {})).rows[0]?.version;
    } catch (err) {
      if (driverCode(err) === PG_UNDEFINED_TABLE) {
        throw new StoreError(
          'schema',
          `PostgreSQL at ${this.where}${this.schema ? ` (schema ${this.schema})` : ''} has no migrations applied`,
          { cause: err },
        );
      }
      throw explainedAt(this.where, err, 'health check failed');
    }
    requireLatest('postgres', version, `PostgreSQL at ${this.where}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
