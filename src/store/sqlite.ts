/**
 * The embedded store (default): one SQLite file, `rerun.db`, under RERUN_DATA_DIR, through
 * better-sqlite3 (synchronous, in-process: a statement runs to completion before any other
 * JavaScript, so a transaction here is never interleaved with another caller's). How the file is
 * opened, and why (WAL, synchronous=FULL, one process per file), is in sqlite-connect.ts; writes are
 * committed in groups, one fsync per turn of the event loop (sqlite-commits.ts).
 */
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { AuditEntry, RequestState, RerunRequest } from '../core/model/request.ts';
import type { PostClaim, PostId, PostRecord } from '../core/model/post.ts';
import type { QueuedReply, ReplyPatch, ReplyState } from '../core/model/reply.ts';
import type { HomeViewer, Lease, PostSettle, RequestFilter, Store, TransitionOptions } from '../core/ports.ts';
import { systemClock, type Clock, type Logger } from '../lib/ports.ts';
import { importJournal, type ImportSummary } from './journal-import.ts';
import { GroupCommit } from './sqlite-commits.ts';
import { connect, type SqliteOpenOptions } from './sqlite-connect.ts';
import { checkDataDir, DamageWatch, watched, type FileCheck, type WatchedStatement } from './sqlite-health.ts';
import { sqliteJournalSink } from './sqlite-journal-sink.ts';
import { requireLatest } from './migrations.ts';
import { SqliteHome } from './sqlite-home.ts';
import { SqlitePosts } from './sqlite-posts.ts';
import { SqlitePaces } from './sqlite-paces.ts';
import { SqliteReplies } from './sqlite-replies.ts';
import { bindable, SQL } from './sqlite-sql.ts';
import { columnsOf, duplicateRequest, eligibleItems, RecordReader, warnNewer } from './rows.ts';
import { planTransition, type TransitionRow } from './transition.ts';
import { driverCode, StoreError } from './errors.ts';

export { connect, migrate, type SqliteOpenOptions } from './sqlite-connect.ts';

export const DB_FILE = 'rerun.db';
/** Every this many `firstTime` calls, forgotten keys are deleted (an indexed range delete). */
const PURGE_EVERY = 100;

type Statements = Record<keyof typeof SQL, WatchedStatement>;

export class SqliteStore implements Store {
  /** What the import of an older version's journal did at open, if there was one. */
  imported: ImportSummary | undefined;
  private readonly s: Statements;
  private readonly replies: SqliteReplies;
  private readonly posts: SqlitePosts;
  private readonly home: SqliteHome;
  private closed = false;
  /** Notices a damaged file in any statement's error: /readyz says so from then on. */
  private readonly damage: DamageWatch;
  private firstTimeCalls = 0;
  /** Provider pace slots, in memory (sqlite-paces.ts). */
  private readonly paces: SqlitePaces;
  private readonly records: RecordReader;
  /** The store's clock (ms): leases and due work are judged by it (core/store-ports.ts). */
  private readonly ms: () => number;
  /** Writes, committed together at the end of each turn of the event loop (sqlite-commits.ts). */
  private readonly commits: GroupCommit;

  private constructor(
    private readonly db: Database.Database,
    /** The database file. */
    readonly file: string,
    /** What the start-up check of the file did. */
    readonly check: FileCheck,
    private readonly logger: Logger | undefined,
    clock: Clock,
  ) {
    this.ms = () => clock.now().getTime();
    this.records = new RecordReader(warnNewer(logger));
    const prepared = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]));
    this.damage = new DamageWatch(file, logger);
    this.commits = new GroupCommit(db, (err) => this.damage.noticed(err));
    this.s = watched(prepared as Record<keyof typeof SQL, Database.Statement>, this.damage);
    this.replies = new SqliteReplies(db, this.s);
    this.posts = new SqlitePosts(db, this.s);
    this.home = new SqliteHome(this.s, { live: () => this.live(), ms: this.ms, commits: this.commits });
    this.paces = new SqlitePaces(this.s);
  }

  /**
   * Opens (creating) `dir/rerun.db`, checks and migrates it. Refuses, in one line naming the path,
   * a read-only or full directory and a damaged file (sqlite-health.ts). Does not import an older
   * version's journal: `openImporting` does (a journal found here is left for it).
   */
  static open(dir: string, o: SqliteOpenOptions = {}): SqliteStore {
    checkDataDir(dir);
    const file = join(dir, DB_FILE);
    const clock = o.clock ?? systemClock;
    const { db, check } = connect(file, clock.now(), o);
    return new SqliteStore(db, file, check, o.logger, clock);
  }

  /** `open`, then the import of an older version's journal found in `dir` (streamed, resumable). */
  static async openImporting(dir: string, o: SqliteOpenOptions = {}): Promise<SqliteStore> {
    const store = SqliteStore.open(dir, o);
    try {
      const sink = sqliteJournalSink({
        db: store.db,
        s: store.s,
        insertRow: (r, shown) => store.insertRow(r, undefined, shown),
      });
      const now = (o.clock ?? systemClock).now();
      store.imported = await importJournal(dir, store.file, sink, {
        now,
        logger: o.logger,
        ...(o.importBatchLines ? { batchLines: o.importBatchLines } : {}),
      });
      return store;
    } catch (err) {
      store.db.close();
      throw err;
    }
  }

  private live(): void {
    if (this.closed) throw new StoreError('closed', `store is closed (${this.file})`);
  }

  private insertRow(request: RerunRequest, lease: Lease | undefined, shownState: RequestState | null): void {
    try {
      this.s.insert.run(
        bindable({
          ...columnsOf(request),
          shownState,
          leaseOwner: lease?.owner ?? null,
          leaseUntil: lease ? this.ms() + lease.ms : null,
        }),
      );
    } catch (err) {
      if (driverCode(err) === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw duplicateRequest(request.id, err);
      throw err;
    }
    for (const item of eligibleItems(request)) this.s.insertItem.run(request.id, item);
  }

  async insert(request: RerunRequest, lease?: Lease): Promise<void> {
    this.live();
    return this.commits.write(() => this.insertRow(request, lease, null));
  }

  async insertExclusive(request: RerunRequest, lease?: Lease): Promise<RerunRequest | undefined> {
    this.live();
    const items = eligibleItems(request);
    // One connection, one process: nothing runs between the check and the insert.
    return this.commits.write(() => {
      if (items.length) {
        const rows = this.s.openWith.all({
          targetId: request.targetId,
          items: JSON.stringify(items),
          now: this.ms(),
        }) as { body: string }[];
        if (rows[0]) return this.records.one(rows[0].body);
      }
      this.insertRow(request, lease, null);
      return undefined;
    });
  }

  /**
   * Inserts many requests in one transaction (one fsync): for imports, tests and benchmarks.
   * With `shown`, a published request counts as showing its state (settled history).
   */
  async insertMany(requests: readonly RerunRequest[], o: { shown?: boolean } = {}): Promise<void> {
    this.live();
    this.db.transaction(() => {
      for (const r of requests) this.insertRow(r, undefined, o.shown && r.published ? r.state : null);
    })();
  }

  async get(id: string): Promise<RerunRequest | undefined> {
    this.live();
    const row = this.s.get.get(id) as { body: string } | undefined;
    return row ? this.records.one(row.body) : undefined;
  }

  async transition(
    id: string,
    from: readonly RequestState[],
    change: (current: RerunRequest) => RerunRequest | undefined,
    options: TransitionOptions = {},
  ): Promise<RerunRequest | undefined> {
    this.live();
    // Read, decide and write in one transaction. Nothing can run between the read and the
    // update here (one synchronous connection, the file locked to this process), so the guarded
    // update cannot miss; the guard is kept so the statement means what PostgreSQL's does.
    return this.commits.write((): RerunRequest | undefined => {
      // Read when the group runs: the time the write is judged at is the time it is made.
      const now = this.ms();
      const read = this.s.read.get({ id, now }) as (Omit<TransitionRow, 'leaseOut'> & { leaseOut: number }) | undefined;
      const row = read && { ...read, leaseOut: read.leaseOut === 1 };
      const planned = planTransition(this.records, id, row, from, change, options);
      if (!planned) return undefined;
      return this.s.update.run(bindable({ ...planned.params, now })).changes === 1 ? planned.next : undefined;
    });
  }

  async list(filter: RequestFilter): Promise<RerunRequest[]> {
    this.live();
    const { targetId, requester, limit } = filter;
    const rows = (
      targetId && requester
        ? this.s.listBoth.all(targetId, requester, limit)
        : targetId
          ? this.s.listTarget.all(targetId, limit)
          : requester
            ? this.s.listRequester.all(requester, limit)
            : this.s.listAll.all(limit)
    ) as { body: string }[];
    return this.records.all(rows);
  }

  async openWith(targetId: string, itemIds: readonly string[]): Promise<RerunRequest[]> {
    this.live();
    if (!itemIds.length) return [];
    const rows = this.s.openWith.all({ targetId, items: JSON.stringify(itemIds), now: this.ms() }) as {
      body: string;
    }[];
    return this.records.all(rows);
  }

  async startedWith(targetId: string, itemIds: readonly string[], since: Date): Promise<RerunRequest[]> {
    this.live();
    if (!itemIds.length) return [];
    const rows = this.s.startedWith.all({ targetId, items: JSON.stringify(itemIds), since: since.getTime() }) as {
      body: string;
    }[];
    return this.records.all(rows);
  }

  async due(limit: number): Promise<RerunRequest[]> {
    this.live();
    const rows = this.s.due.all({ now: this.ms(), limit }) as { body: string }[];
    return this.records.all(rows);
  }

  async waiting(limit: number): Promise<RerunRequest[]> {
    this.live();
    return this.records.all(this.s.waiting.all({ now: this.ms(), limit }) as { body: string }[]);
  }

  async dueFollowUps(limit: number, aheadMs = 0, skipTargets: readonly string[] = []): Promise<RerunRequest[]> {
    this.live();
    const skip = JSON.stringify(skipTargets);
    const rows = this.s.dueFollowUps.all({ now: this.ms() + aheadMs, limit, skip }) as { body: string }[];
    return this.records.all(rows);
  }

  async dueNudges(limit: number): Promise<RerunRequest[]> {
    this.live();
    const rows = this.s.dueNudges.all({ now: this.ms(), limit }) as { body: string }[];
    return this.records.all(rows);
  }

  async markShown(id: string, state: RequestState): Promise<void> {
    this.live();
    await this.commits.write(() => this.s.markShown.run(state, id, state));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.live();
    await this.commits.write(() => this.s.appendAudit.run(entry.requestId, entry.at, JSON.stringify(entry)));
  }

  async auditOf(requestId: string): Promise<AuditEntry[]> {
    this.live();
    return (this.s.auditOf.all(requestId) as { body: string }[]).map((r) => JSON.parse(r.body) as AuditEntry);
  }

  async watch(requestId: string, userId: string, at: string): Promise<boolean> {
    this.live();
    return this.commits.write(() => this.s.watch.run({ requestId, userId, at }).changes === 1);
  }

  async watchersOf(requestId: string): Promise<string[]> {
    this.live();
    return (this.s.watchersOf.all(requestId) as { userId: string }[]).map((r) => r.userId);
  }

  async firstTime(key: string, now: Date, keepMs: number): Promise<boolean> {
    this.live();
    const at = now.getTime();
    const purge = ++this.firstTimeCalls % PURGE_EVERY === 0;
    return this.commits.write(() => {
      if (purge) this.s.purgeSeen.run(at);
      return this.s.firstTime.run({ key, until: at + keepMs, now: at }).changes === 1;
    });
  }

  async now(): Promise<Date> {
    this.live();
    return new Date(this.ms());
  }

  async claimLease(name: string, lease: Lease): Promise<boolean> {
    this.live();
    return this.commits.write(
      () => this.s.claimLease.run({ name, owner: lease.owner, ms: lease.ms, now: this.ms() }).changes === 1,
    );
  }

  async renewLeases(owner: string, ms: number): Promise<void> {
    this.live();
    await this.commits.write(() => {
      const until = this.ms() + ms;
      this.s.renewNamed.run(until, owner);
      this.s.renewRequests.run(until, owner);
      this.s.renewPosts.run(until, owner);
    });
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    this.live();
    await this.commits.write(() => this.s.releaseRequest.run(id, owner));
  }

  async releaseLeases(owner: string): Promise<void> {
    this.live();
    await this.commits.write(() => {
      this.s.releaseNamed.run(owner);
      this.s.releaseRequests.run(owner);
      this.s.releasePosts.run(owner);
    });
  }

  /** In memory, written back at close (sqlite-paces.ts). */
  async reservePace(key: string, intervalMs: number, now: Date): Promise<number> {
    this.live();
    return this.paces.reserve(key, intervalMs, now.getTime());
  }

  // The reply queue (sqlite-replies.ts).
  async enqueueReply(reply: QueuedReply, since: number): Promise<QueuedReply> {
    this.live();
    return this.commits.write(() => this.replies.enqueue(reply, since));
  }
  async replyWork(channel: string, limit: number): Promise<QueuedReply[]> {
    this.live();
    return this.replies.work(channel, limit);
  }
  async replyChannels(limit: number): Promise<string[]> {
    this.live();
    return this.replies.channels(limit);
  }
  async getReplies(ids: readonly string[]): Promise<QueuedReply[]> {
    this.live();
    return this.replies.get(ids);
  }
  async replyForThread(channel: string, threadTs: string): Promise<QueuedReply | undefined> {
    this.live();
    return this.replies.forThread(channel, threadTs);
  }
  async updateReply(id: string, from: readonly ReplyState[], patch: ReplyPatch): Promise<QueuedReply | undefined> {
    this.live();
    return this.commits.write(() => this.replies.update(id, from, patch));
  }

  // The post ledger (sqlite-posts.ts).
  async claimPost(post: PostRecord, now: Date): Promise<PostClaim | undefined> {
    this.live();
    return this.commits.write(() => this.posts.claim(post, now));
  }
  async settlePost(id: PostId, owner: string, settle: PostSettle): Promise<PostRecord | undefined> {
    this.live();
    return this.commits.write(() => this.posts.settle(id, owner, settle));
  }
  async adoptPost(post: PostRecord, ts: string): Promise<PostRecord> {
    this.live();
    return this.commits.write(() => this.posts.adopt(post, ts));
  }
  async getPost(id: PostId): Promise<PostRecord | undefined> {
    this.live();
    return this.posts.get(id);
  }
  async duePosts(now: Date, limit: number): Promise<PostRecord[]> {
    this.live();
    return this.posts.due(now, limit);
  }

  // The App Home's viewers (sqlite-home.ts).
  sawHome(user: string, locale: HomeViewer['locale'], keepMs: number): Promise<void> {
    return this.home.saw(user, locale, keepMs);
  }
  homeViewers(keepMs: number, limit: number): Promise<HomeViewer[]> {
    return this.home.viewers(keepMs, limit);
  }

  async ping(): Promise<void> {
    this.live();
    this.damage.check();
    requireLatest('sqlite', (this.s.schemaVersion.get() as { version: number | null }).version, this.file);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Writes still queued are committed before the file closes.
    this.commits.flush();
    this.paces.save(this.db);
    this.db.close();
  }
}
