/**
 * The App Home's viewers on PostgreSQL (migrations/postgres/009; the port: core/store-ports.ts,
 * HomeViewerStore), by the server's clock: each call is one statement, so replicas recording
 * people at once never conflict (an upsert per person).
 */
import type { Locale } from '../lib/message.ts';
import type { HomeViewer } from '../core/ports.ts';
import type { PostgresAccess } from './postgres-replies.ts';
import { viewerOf, type ViewerRow } from './rows.ts';

export class PostgresHome {
  constructor(private readonly db: PostgresAccess) {}

  async saw(user: string, locale: Locale | undefined, keepMs: number): Promise<void> {
    await this.db.q('homeSaw', { user, locale: locale ?? null, keepMs });
  }

  async viewers(keepMs: number, limit: number): Promise<HomeViewer[]> {
    return (await this.db.q<ViewerRow & Record<string, unknown>>('homeViewers', { keepMs, limit })).rows.map(viewerOf);
  }
}
