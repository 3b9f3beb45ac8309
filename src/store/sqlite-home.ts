/**
 * The App Home's viewers on SQLite (migrations/sqlite/009; the port: core/store-ports.ts,
 * HomeViewerStore), by the store's clock; postgres-home.ts is the same on PostgreSQL.
 * What a row reads as is shared (rows.ts, viewerOf).
 */
import type { Locale } from '../lib/message.ts';
import type { HomeViewer } from '../core/ports.ts';
import type { SQL } from './sqlite-sql.ts';
import type { GroupCommit } from './sqlite-commits.ts';
import type { WatchedStatement } from './sqlite-health.ts';
import { viewerOf, type ViewerRow } from './rows.ts';

type HomeStatements = Pick<Record<keyof typeof SQL, WatchedStatement>, 'homeSaw' | 'homeForget' | 'homeViewers'>;

/** What the viewers need of the store: that it is open, its clock (ms), and its group commits. */
export interface SqliteAccess {
  live(): void;
  ms(): number;
  commits: GroupCommit;
}

export class SqliteHome {
  constructor(
    private readonly s: HomeStatements,
    private readonly store: SqliteAccess,
  ) {}

  /** `user` seen now, by the store's clock; everyone else not seen for `keepMs` forgotten, in the same write. */
  async saw(user: string, locale: Locale | undefined, keepMs: number): Promise<void> {
    this.store.live();
    await this.store.commits.write(() => {
      const now = this.store.ms();
      this.s.homeForget.run({ user, before: now - keepMs });
      this.s.homeSaw.run({ user, locale: locale ?? null, now });
    });
  }

  async viewers(keepMs: number, limit: number): Promise<HomeViewer[]> {
    this.store.live();
    return (this.s.homeViewers.all({ since: this.store.ms() - keepMs, limit }) as ViewerRow[]).map(viewerOf);
  }
}
