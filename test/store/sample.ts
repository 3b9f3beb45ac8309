/** Requests for the store tests (no test runner here: a child process imports it too). */
import { REQUEST_SCHEMA_VERSION, type RerunRequest } from '../../src/core/model/request.ts';
import type { Clock } from '../../src/lib/ports.ts';

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

/** The tests' clock: `at(ms)` is `ms` after a fixed instant. */
export const T0 = Date.parse('2026-03-01T00:00:00.000Z');
export const at = (ms: number) => new Date(T0 + ms);
export const iso = (ms: number) => at(ms).toISOString();

/** A store's clock in the tests: it reads `at(ms)`, with `ms` set by the test (0 at first). */
export class TestTime implements Clock {
  private ms = 0;

  now(): Date {
    return at(this.ms);
  }

  set(ms: number): void {
    this.ms = ms;
  }
}

/** A request at test time `created` (ms), holding the eligible `items`, expiring at `expires`. */
export function requestAt(
  id: string,
  created: number,
  over: Partial<RerunRequest> & { items?: string[]; expires?: number } = {},
): RerunRequest {
  const { items = ['job-rybewp57'], expires = created + 60_000, ...rest } = over;
  return sampleRequest(id, {
    createdAt: iso(created),
    updatedAt: iso(created),
    expiresAt: iso(expires),
    preview: { items: items.map((i) => ({ id: i, state: 'FAILED', eligible: true })), notes: [] },
    ...rest,
  });
}
