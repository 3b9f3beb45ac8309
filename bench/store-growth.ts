/**
 * The embedded store as history grows: start-up time and idle RSS of the built bot with 0,
 * 10,000 and 100,000 stored requests in its SQLite file, and the time of the one-open-request-
 * per-job check (the question asked on every /rerun) against 100,000 requests on one target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RerunRequest } from '../src/core/model/request.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { requestAt } from '../test/store/sample.ts';
import { buildDist, footprint, type Footprint } from './footprint.ts';

const STATES = ['accepted', 'refused', 'partial', 'rejected', 'expired', 'cancelled'] as const;

/** `n` requests on one target (one in 400 still waiting for approval), jobs reused every 50,000. */
function history(n: number): RerunRequest[] {
  return Array.from({ length: n }, (_, i) => {
    const open = i % 400 === 0;
    const created = i * 1000;
    return requestAt(`rr-${i.toString(16).padStart(8, '0')}`, created, {
      targetId: 't1',
      items: [`job-${(i % 50_000).toString(36).padStart(6, '0')}`],
      state: open ? 'pending' : STATES[i % STATES.length],
      expires: open ? Date.now() + 86_400_000 : created + 60_000,
      published: { kind: 'slack', channel: 'C0INCIDENT', ts: `${i}.0` },
    });
  });
}

/** A data directory whose store holds `n` requests. */
async function seeded(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-growth-'));
  const store = SqliteStore.open(dir);
  const all = history(n);
  // As a long-running bot leaves it: every message posted and showing its request's state.
  for (let i = 0; i < all.length; i += 5_000) await store.insertMany(all.slice(i, i + 5_000), { shown: true });
  await store.close();
  return dir;
}

export interface GrowthRow extends Footprint {
  stored: number;
}

export async function storeGrowth(sizes = [0, 10_000, 100_000]): Promise<GrowthRow[]> {
  const out = buildDist();
  const rows: GrowthRow[] = [];
  for (const stored of sizes) {
    const dir = await seeded(stored);
    rows.push({ stored, ...(await footprint(3, dir, out)) });
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export interface OpenCheck {
  stored: number;
  n: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  found: number;
}

/** The open-request check (`openWith`) against `stored` requests: half the asks find one. */
export async function openCheck(stored = 100_000, n = 2_000): Promise<OpenCheck> {
  const dir = await seeded(stored);
  const store = SqliteStore.open(dir);
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    // An even i asks about a job in an open request, an odd one about a job in none.
    const job = i % 2 ? `job-x${i}` : `job-${(((i * 400) % stored) % 50_000).toString(36).padStart(6, '0')}`;
    const t0 = process.hrtime.bigint();
    const open = await store.openWith('t1', [job]);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
    if (open.length) found++;
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
  return { stored, n, p50Us: q(0.5), p99Us: q(0.99), maxUs: times[times.length - 1] ?? NaN, found };
}
