/** The store contract, the audit (AuditStore): each request's trail in the order it was written. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/core/model/request.ts';
import type { AuditStore, StoreLifecycle } from '../../../src/core/ports.ts';
import { iso } from '../sample.ts';
import type { Opener, OpenedStore } from './opened.ts';

export function auditContract(open: Opener<AuditStore & StoreLifecycle>): void {
  describe('audit', () => {
    let store: AuditStore & StoreLifecycle;
    let opened: OpenedStore<AuditStore & StoreLifecycle>;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close();
      await opened.cleanup();
    });

    it('keeps the audit of each request in the order it was written', async () => {
      const entry = (requestId: string, event: AuditEntry['event'], n: number): AuditEntry => ({
        at: iso(0),
        requestId,
        event,
        actor: `U${n}`,
        targetId: 'batch-gz',
        detail: { n },
      });
      const written = [
        entry('rr-a', 'requested', 1),
        entry('rr-b', 'requested', 2),
        entry('rr-a', 'approved', 3),
        entry('rr-a', 'call-started', 4),
        entry('rr-b', 'rejected', 5),
        entry('rr-a', 'call-finished', 6),
      ];
      for (const e of written) await store.appendAudit(e);
      expect(await store.auditOf('rr-a')).toEqual(written.filter((e) => e.requestId === 'rr-a'));
      expect(await store.auditOf('rr-b')).toEqual(written.filter((e) => e.requestId === 'rr-b'));
      expect(await store.auditOf('rr-none')).toEqual([]);
    });
  });
}
