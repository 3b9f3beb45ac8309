/**
 * The metrics module over real SQLite stores: label values capped, one registry per bot (two in
 * one process keep their own counts), the store decorator's lifecycle and latency, and the gauges
 * read from the store at scrape time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports.ts';
import type { QueuedReply } from '../../src/core/model/reply.ts';
import { createMetrics } from '../../src/metrics/index.ts';
import { labelCap, OTHER } from '../../src/metrics/labels.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { Scrape } from '../support/metrics.ts';
import { at, iso, requestAt, T0 } from '../store/sample.ts';

const clock = { now: () => at(0) };
const dirs: string[] = [];
const stores: Store[] = [];

function sqlite(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-metrics-'));
  dirs.push(dir);
  const store = SqliteStore.open(dir, { clock });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const read = async (m: ReturnType<typeof createMetrics>) => new Scrape((await m.scrape()).body);

function reply(id: string, channel: string): QueuedReply {
  return {
    id,
    channel,
    collapseKey: id,
    createdAt: T0,
    body: { kind: 'alert', threadTs: '1.1', targetId: 'batch-gz', raw: {}, items: ['job-1'], locale: 'en' },
    state: 'pending',
    count: 1,
    shownCount: 0,
    attempts: 0,
  };
}

describe('label values', () => {
  it('keeps safe values up to the cap and counts the rest as other', () => {
    const cap = labelCap(2);
    expect(cap('InvalidParameter')).toBe('InvalidParameter');
    expect(cap('ResourceNotFound.Job')).toBe('ResourceNotFound.Job');
    expect(cap('LimitExceeded')).toBe(OTHER);
    // A value already seen keeps its own series after the cap is reached.
    expect(cap('InvalidParameter')).toBe('InvalidParameter');
    expect(labelCap(5)('has space')).toBe(OTHER);
    expect(labelCap(5)('<@U0BOSS>')).toBe(OTHER);
    expect(labelCap(5)('x'.repeat(65))).toBe(OTHER);
    expect(labelCap(5)(undefined)).toBe(OTHER);
  });
});

describe('createMetrics', () => {
  it('gives each bot its own registry: two in one process neither collide nor share counts', async () => {
    const a = createMetrics(sqlite());
    const b = createMetrics(sqlite());
    await a.store.insert(requestAt('rr-a', 0));
    expect((await read(a)).sum('rerun_requests_total', { target: 'batch-gz' })).toBe(1);
    expect((await read(b)).sum('rerun_requests_total', { target: 'batch-gz' })).toBe(0);
    // The process's metrics are served by both, once each: every family is declared once.
    const types = [...(await read(a)).text.matchAll(/^# TYPE (\S+)/gm)].map((t) => t[1]);
    expect(types).toContain('process_cpu_user_seconds_total');
    expect(types).toContain('rerun_requests_total');
    expect(new Set(types).size).toBe(types.length);
  });

  it('counts a state change once, with the approval latency from the record, and nothing for a refused update', async () => {
    const m = createMetrics(sqlite());
    await m.store.insert(requestAt('rr-1', 0));
    const approve = { userId: 'U0BOB', kind: 'approve' as const, at: iso(90_000) };
    const moved = await m.store.transition('rr-1', ['pending'], (r) => ({
      ...r,
      state: 'sending',
      decisions: [approve],
    }));
    expect(moved?.state).toBe('sending');
    // Already running: the update is refused, and nothing is counted.
    expect(await m.store.transition('rr-1', ['pending'], (r) => ({ ...r, state: 'cancelled' }))).toBeUndefined();
    await m.store.transition('rr-1', ['sending'], (r) => ({
      ...r,
      state: 'partial',
      execution: {
        startedAt: iso(91_000),
        outcome: { status: 'partial', items: [], message: { id: 'x', params: {} }, calls: 1 },
      },
    }));
    const s = await read(m);
    expect(s.sum('rerun_request_transitions_total', { target: 'batch-gz', state: 'sending' })).toBe(1);
    expect(s.sum('rerun_request_transitions_total', { target: 'batch-gz', state: 'cancelled' })).toBe(0);
    expect(s.sum('rerun_call_outcomes_total', { target: 'batch-gz', outcome: 'partial' })).toBe(1);
    expect(s.sum('rerun_approval_latency_seconds_count', { decision: 'approve' })).toBe(1);
    expect(s.sum('rerun_approval_latency_seconds_sum', { decision: 'approve' })).toBe(90);
    expect(s.sum('rerun_approval_latency_seconds_bucket', { decision: 'approve', le: '60' })).toBe(0);
    expect(s.sum('rerun_approval_latency_seconds_bucket', { decision: 'approve', le: '120' })).toBe(1);
    expect(s.sum('rerun_store_operation_duration_seconds_count', { operation: 'transition', outcome: 'ok' })).toBe(3);
  });

  it("sets the clock skew gauge to what the core last measured, in seconds (negative: behind the store's)", async () => {
    const m = createMetrics(sqlite());
    m.core.clockSkew(90_000);
    expect((await read(m)).sum('rerun_clock_skew_seconds', {})).toBe(90);
    m.core.clockSkew(-1_500);
    expect((await read(m)).sum('rerun_clock_skew_seconds', {})).toBe(-1.5);
  });

  it('times a failing store operation as an error', async () => {
    const store = sqlite();
    const m = createMetrics(store);
    await store.close();
    await expect(m.store.get('rr-1')).rejects.toThrow();
    expect(
      (await read(m)).sum('rerun_store_operation_duration_seconds_count', { operation: 'get', outcome: 'error' }),
    ).toBe(1);
  });

  it('reads the reply queue and the followed reruns from the store when scraped', async () => {
    const store = sqlite();
    const m = createMetrics(store);
    await store.enqueueReply(reply('rp-1', 'C1'), 0);
    await store.enqueueReply(reply('rp-2', 'C1'), 0);
    await store.enqueueReply(reply('rp-3', 'C2'), 0);
    await store.insert(
      requestAt('rr-f', 0, {
        state: 'accepted',
        follow: { phase: 'running', startedAt: iso(0), until: iso(86_400_000), nextAt: iso(60_000), polls: 0 },
      }),
    );
    let s = await read(m);
    expect(s.sum('rerun_reply_queue_depth')).toBe(3);
    expect(s.sum('rerun_followups_active')).toBe(1);
    await store.updateReply('rp-1', ['pending'], { state: 'posted', postedTs: '2.2', shownCount: 1 });
    s = await read(m);
    expect(s.sum('rerun_reply_queue_depth')).toBe(2);
    // The channel ids of the queue are not labels.
    expect(s.text).not.toMatch(/"C[12]"/);
  });

  it('reports NaN for the store gauges when the store is unreachable, and still serves the rest', async () => {
    const store = sqlite();
    const m = createMetrics(store);
    await store.close();
    const s = await read(m);
    expect(s.sum('rerun_reply_queue_depth')).toBeNaN();
    expect(s.has('process_cpu_user_seconds_total')).toBe(true);
  });
});
