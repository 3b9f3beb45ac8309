/**
 * The schema's migrations: plain SQL files under `migrations/<dialect>/`, named
 * `NNN_what.sql`, applied in order at start and recorded in `schema_migrations`. They are read
 * next to this module: from src/ when run by tsx, from dist/ once `npm run build` has copied them
 * there (tsc copies no .sql file).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

const loaded = new Map<Dialect, Migration[]>();

/** The dialect's migrations, oldest first (read once per process). */
export function migrationsOf(dialect: Dialect): Migration[] {
  const cached = loaded.get(dialect);
  if (cached) return cached;
  const dir = fileURLToPath(new URL(`./migrations/${dialect}/`, import.meta.url));
  if (!existsSync(dir)) {
    throw new Error(
      `the ${dialect} migrations are missing: ${dir} does not exist (npm run build copies src/store/migrations next to the compiled store)`,
    );
  }
  const list = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()
    .map((f) => {
      const [, version = '', name = ''] = FILE.exec(f) ?? [];
      return { version: Number(version), name, sql: readFileSync(join(dir, f), 'utf8') };
    });
  if (!list.length) throw new Error(`the ${dialect} migrations are missing: no NNN_name.sql file in ${dir}`);
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`${dir}: migration ${i + 1} is missing (found ${m.version}_${m.name})`);
  });
  loaded.set(dialect, list);
  return list;
}

/** The version the code expects the schema to be at. */
export function latestVersion(dialect: Dialect): number {
  const list = migrationsOf(dialect);
  return list[list.length - 1]?.version ?? 0;
}

/**
 * Refuses a schema not at the version this code needs (StoreError `schema`): `where` names the
 * database as the message shows it (a file, `PostgreSQL at host:port/db`).
 */
export function requireLatest(dialect: Dialect, version: number | null | undefined, where: string): void {
  const latest = latestVersion(dialect);
  if (version !== latest) {
    throw new StoreError(
      'schema',
      `${where} is at schema version ${version ?? 'none'}, this version of rerun-bot needs ${latest}`,
    );
  }
}
