/**
 * The embedded store (default): no server, one append-only journal file under RERUN_DATA_DIR.
 * State lives in memory and every change is appended before it is acknowledged; on start the
 * journal is replayed (last record of a request wins) and compacted. A lock file keeps a
 * second process off the same directory: several replicas need the PostgreSQL store.
 *
 * Atomicity: `transition` checks and changes the in-memory record synchronously, before its
 * first await, so of concurrent callers in this process exactly one wins.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import { join } from 'node:path';
import type { AuditEntry, RequestState, RerunRequest } from '../core/model/request.ts';
import { upgradeRequest } from '../core/model/upgrade.ts';
import type { RequestFilter, Store } from '../core/ports.ts';

type Row =
  { t: 'request'; v: RerunRequest } | { t: 'audit'; v: AuditEntry } | { t: 'event'; v: { id: string; at: number } };

const JOURNAL = 'rerun-journal.jsonl';
const LOCK = 'rerun.lock';
/** Slack retries an event for about 6 minutes; remembered ids are kept well past that. */
const EVENT_TTL_MS = 60 * 60_000;

export class EmbeddedStore implements Store {
  private readonly requests = new Map<string, RerunRequest>();
  private readonly audits = new Map<string, AuditEntry[]>();
  private readonly events = new Map<string, number>();
  private fd: number;
  private closed = false;

  private constructor(private readonly dir: string) {
    this.fd = -1;
  }

  static open(dir: string): EmbeddedStore {
    mkdirSync(dir, { recursive: true });
    const store = new EmbeddedStore(dir);
    store.lock();
    store.replay();
    store.compact();
    store.fd = openSync(join(dir, JOURNAL), 'a');
    return store;
  }

  private lock(): void {
    const path = join(this.dir, LOCK);
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `${this.dir} is in use by process ${pid}; run one bot per data directory, or set DATABASE_URL for several replicas`,
        );
      }
    }
    writeFileSync(path, String(process.pid));
  }

  private replay(): void {
    const path = join(this.dir, JOURNAL);
    if (!existsSync(path)) return;
    const lines = readFileSync(path, 'utf8').split('\n');
    for (const line of lines) {
      if (!line.trim()) continue;
      let row: Row;
      try {
        row = JSON.parse(line) as Row;
      } catch {
        continue; // a torn last line after a crash: the change it carried was never acknowledged
      }
      this.apply(row);
    }
  }

  /** Rewrites the journal with one line per live record, atomically (write then rename). */
  private compact(): void {
    const now = Date.now();
    const rows: Row[] = [];
    for (const v of this.requests.values()) rows.push({ t: 'request', v });
    for (const list of this.audits.values()) for (const v of list) rows.push({ t: 'audit', v });
    for (const [id, at] of this.events) if (now - at < EVENT_TTL_MS) rows.push({ t: 'event', v: { id, at } });
    const tmp = join(this.dir, JOURNAL + '.tmp');
    writeFileSync(tmp, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
    renameSync(tmp, join(this.dir, JOURNAL));
  }

  private apply(row: Row): void {
    if (row.t === 'request') this.requests.set(row.v.id, upgradeRequest(row.v));
    else if (row.t === 'audit') {
      const list = this.audits.get(row.v.requestId) ?? [];
      list.push(row.v);
      this.audits.set(row.v.requestId, list);
    } else this.events.set(row.v.id, row.v.at);
  }

  /** Applies and makes durable before returning: a change is never acknowledged unwritten. */
  private write(row: Row): void {
    if (this.closed) throw new Error('store is closed');
    writeSync(this.fd, JSON.stringify(row) + '\n');
    fsyncSync(this.fd);
    this.apply(row);
  }

  async insert(request: RerunRequest): Promise<void> {
    if (this.requests.has(request.id)) throw new Error(`request ${request.id} exists`);
    this.write({ t: 'request', v: request });
  }

  async get(id: string): Promise<RerunRequest | undefined> {
    return this.requests.get(id);
  }

  async transition(
    id: string,
    from: readonly RequestState[],
    change: (current: RerunRequest) => RerunRequest | undefined,
  ): Promise<RerunRequest | undefined> {
    const current = this.requests.get(id);
    if (!current || !from.includes(current.state)) return undefined;
    const next = change(current);
    if (!next) return undefined;
    this.write({ t: 'request', v: next });
    return next;
  }

  async list(filter: RequestFilter): Promise<RerunRequest[]> {
    return [...this.requests.values()]
      .filter(
        (r) =>
          (!filter.targetId || r.targetId === filter.targetId) &&
          (!filter.requester || r.requester === filter.requester),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, filter.limit);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.write({ t: 'audit', v: entry });
  }

  async auditOf(requestId: string): Promise<AuditEntry[]> {
    return [...(this.audits.get(requestId) ?? [])];
  }

  async seenEvent(eventId: string): Promise<boolean> {
    if (this.events.has(eventId)) return true;
    this.write({ t: 'event', v: { id: eventId, at: Date.now() } });
    return false;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store is closed');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    try {
      unlinkSync(join(this.dir, LOCK));
    } catch {
      // already gone
    }
  }
}

/** Whether a process still runs; a zombie (dead, not yet reaped) does not count. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Linux: the state is the field after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
