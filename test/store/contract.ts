/** The store test suite; every Store implementation runs it (embedded now, PostgreSQL later). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_VERSION, type RerunRequest } from '../../src/core/model/request.ts';
import type { Store } from '../../src/core/ports.ts';

export function sampleRequest(id: string, over: Partial<RerunRequest> = {}): RerunRequest {
  const now = new Date().toISOString();
  return {
    v: REQUEST_SCHEMA_VERSION,
    id,
    targetId: 'batch-gz',
    providerId: 'tencent-batch',
    providerName: { id: 'tencent-batch.name', params: {} },
    requester: 'U0ALICE',
    askerLocale: 'en',
    locale: 'en',
    place: { id: 'C0INCIDENT', name: 'inc-123' },
    surface: { kind: 'slack', channel: 'C0INCIDENT' },
    raw: { job_ids: ['job-rybewp57'] },
    params: { job_ids: ['job-rybewp57'] },
    send: { job_ids: ['job-rybewp57'] },
    summary: { id: 'tencent-batch.summary', params: { jobIds: ['job-rybewp57'] } },
    preview: { items: [{ id: 'job-rybewp57', state: 'FAILED', eligible: true }], notes: [] },
    calls: [],
    policy: { approval: 'peer', approvers: [], minApprovals: 1, expiresAfterMs: 60_000 },
    state: 'pending',
    decisions: [],
    createdAt: now,
    expiresAt: now,
    updatedAt: now,
    ...over,
  };
}

export function storeContract(
  name: string,
  open: () => Promise<{ store: Store; reopen: () => Promise<Store>; cleanup: () => Promise<void> }>,
): void {
  describe(`${name}: store contract`, () => {
    let store: Store;
    let reopen: () => Promise<Store>;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('stores and reads requests, newest first, filtered', async () => {
      await store.insert(sampleRequest('rr-a', { createdAt: '2026-01-01T00:00:00.000Z' }));
      await store.insert(sampleRequest('rr-b', { createdAt: '2026-01-02T00:00:00.000Z', targetId: 'other' }));
      expect((await store.get('rr-a'))?.targetId).toBe('batch-gz');
      expect((await store.list({ limit: 10 })).map((r) => r.id)).toEqual(['rr-b', 'rr-a']);
      expect((await store.list({ targetId: 'other', limit: 10 })).map((r) => r.id)).toEqual(['rr-b']);
      await expect(store.insert(sampleRequest('rr-a'))).rejects.toThrow();
    });

    it('lets exactly one of many concurrent claims win', async () => {
      await store.insert(sampleRequest('rr-claim'));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.transition('rr-claim', ['pending'], (r) => ({
            ...r,
            state: 'running',
            decisions: [{ userId: `U${i}`, kind: 'approve', at: r.createdAt }],
          })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.get('rr-claim'))?.state).toBe('running');
      expect(await store.transition('rr-claim', ['pending'], (r) => r)).toBeUndefined();
      expect(await store.transition('rr-claim', ['running'], () => undefined)).toBeUndefined();
    });

    it('keeps requests, audit and seen events across a reopen', async () => {
      await store.insert(sampleRequest('rr-keep'));
      const published = { kind: 'slack', channel: 'C0INCIDENT', ts: '1.2' };
      await store.transition('rr-keep', ['pending'], (r) => ({ ...r, published }));
      await store.appendAudit({
        at: 'now',
        requestId: 'rr-keep',
        event: 'requested',
        actor: 'U0ALICE',
        targetId: 'batch-gz',
      });
      expect(await store.seenEvent('Ev1')).toBe(false);
      expect(await store.seenEvent('Ev1')).toBe(true);
      await store.close();
      store = await reopen();
      expect(await store.get('rr-keep')).toMatchObject({
        v: REQUEST_SCHEMA_VERSION,
        published,
        summary: { id: 'tencent-batch.summary' },
      });
      expect(await store.auditOf('rr-keep')).toHaveLength(1);
      expect(await store.seenEvent('Ev1')).toBe(true);
      await store.ping();
    });
  });
}
