import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { sampleRequest, storeContract } from './contract.ts';

storeContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
  return {
    store: EmbeddedStore.open(dir),
    reopen: async () => EmbeddedStore.open(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('embedded store specifics', () => {
  it('ignores a torn last line left by a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
    const a = EmbeddedStore.open(dir);
    await a.insert(sampleRequest('rr-ok'));
    await a.close();
    appendFileSync(join(dir, 'rerun-journal.jsonl'), '{"t":"request","v":{"id":"rr-to');
    const b = EmbeddedStore.open(dir);
    expect((await b.get('rr-ok'))?.id).toBe('rr-ok');
    expect(await b.list({ limit: 10 })).toHaveLength(1);
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a request written by version 1 (sentences and Slack fields) in the current shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
    const v1 = {
      id: 'rr-old',
      targetId: 'batch-gz',
      providerId: 'tencent-batch',
      providerName: 'Tencent Cloud Batch',
      requester: 'U0ALICE',
      channel: 'C0INCIDENT',
      channelName: 'inc-1',
      messageTs: '1700000000.000001',
      raw: { job_ids: ['job-rybewp57'] },
      params: { job_ids: ['job-rybewp57'] },
      send: { job_ids: ['job-rybewp57'] },
      summary: 'Retry 1 Batch job(s): job-rybewp57',
      preview: {
        items: [{ id: 'job-rybewp57', state: 'FAILED', eligible: true, details: ['failed tasks: 1'] }],
        notes: ['RetryJobs reruns only the failed task instances'],
      },
      calls: [],
      policy: { approval: 'peer', approvers: [], minApprovals: 1, expiresAfterMs: 60_000 },
      state: 'succeeded',
      decisions: [{ userId: 'U0BOB', kind: 'approve', at: '2026-01-01T00:00:01.000Z' }],
      execution: {
        startedAt: '2026-01-01T00:00:01.000Z',
        outcome: {
          status: 'accepted',
          items: [{ id: 'job-rybewp57', result: 'accepted' }],
          message: 'Tencent Cloud accepted the retry',
          calls: 1,
        },
      },
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:30:00.000Z',
      updatedAt: '2026-01-01T00:00:02.000Z',
    };
    appendFileSync(join(dir, 'rerun-journal.jsonl'), JSON.stringify({ t: 'request', v: v1 }) + '\n');
    const store = EmbeddedStore.open(dir);
    expect(await store.get('rr-old')).toMatchObject({
      v: 2,
      locale: 'en',
      place: { id: 'C0INCIDENT', name: 'inc-1' },
      surface: { kind: 'slack', channel: 'C0INCIDENT' },
      published: { kind: 'slack', channel: 'C0INCIDENT', ts: '1700000000.000001' },
      summary: { id: 'stored.text', params: { text: 'Retry 1 Batch job(s): job-rybewp57' } },
      preview: {
        items: [{ id: 'job-rybewp57', details: [{ id: 'stored.text', params: { text: 'failed tasks: 1' } }] }],
        notes: [{ id: 'stored.text', params: { text: 'RetryJobs reruns only the failed task instances' } }],
      },
      execution: { outcome: { message: { id: 'stored.text', params: { text: 'Tencent Cloud accepted the retry' } } } },
    });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second live process on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'rerun.lock'), String(process.ppid));
    expect(() => EmbeddedStore.open(dir)).toThrow(/in use by process .*DATABASE_URL/);
    rmSync(dir, { recursive: true, force: true });
  });
});
