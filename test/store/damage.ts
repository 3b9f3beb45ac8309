/** Damaging a store's file as a bad disk or a stray write would, for the health tests (no test runner here). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, SqliteStore } from '../../src/store/sqlite.ts';
import { requestAt } from './sample.ts';

/** Writes `bytes` of garbage over the file from `offset` (what a bad disk or a stray write leaves). */
export function overwrite(file: string, offset: number, bytes: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(bytes, 0xa5), 0, bytes, offset);
  } finally {
    closeSync(fd);
  }
}

/** A closed store under `dir` holding `n` requests (several hundred pages). */
export async function seedStore(dir: string, n: number): Promise<string> {
  const store = SqliteStore.open(dir);
  const requests = Array.from({ length: n }, (_, i) =>
    requestAt(`rr-${i.toString(16).padStart(8, '0')}`, i * 1000, {
      items: [`job-${i}`],
      state: 'accepted',
      published: { kind: 'slack', channel: 'C0INCIDENT', ts: `${i}.0` },
    }),
  );
  await store.insertMany(requests, { shown: true });
  await store.close();
  return join(dir, DB_FILE);
}
