/**
 * The one-time import of the journal the store before SQLite kept: every line imported or set
 * aside with its reason, once, into an empty store.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_VERSION, type AuditEntry } from '../../src/core/model/request.ts';
import { EVENT_TTL_MS, JOURNAL, OLD_LOCK, UNREADABLE } from '../../src/store/journal-import.ts';
import { openStore } from '../../src/store/open.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { captureLogger } from '../support/logs.ts';
import { at, iso, requestAt, T0 } from './sample.ts';

const line = (t: string, v: unknown) => JSON.stringify({ t, v });
const audit = (requestId: string, event: AuditEntry['event']): AuditEntry => ({
  at: iso(0),
  requestId,
  event,
  actor: 'U0ALICE',
  targetId: 'batch-gz',
});
const clockAt = (ms: number) => ({ now: () => at(ms) });

/** A request as version 1 wrote it: English sentences and Slack fields, no `v`. */
const V1 = {
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

describe('importing the older journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-import-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeJournal = (lines: string[]) => writeFileSync(join(dir, JOURNAL), lines.join('\n') + '\n');
  const files = () => readdirSync(dir).sort();

  it('reads a request written by version 1 (sentences and Slack fields) in the current shape', async () => {
    writeJournal([line('request', V1)]);
    const store = await SqliteStore.openImporting(dir, { clock: clockAt(0) });
    expect(store.imported).toMatchObject({ requests: 1, unreadable: 0 });
    expect(await store.get('rr-old')).toMatchObject({
      v: REQUEST_SCHEMA_VERSION,
      // Version 1's `succeeded` was an accepted call: the lifecycle's word for it.
      state: 'accepted',
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
    // Indexed like any other: its call started then (cooldown), and it is settled and shown (not due).
    expect(await store.startedWith('batch-gz', ['job-rybewp57'], new Date('2026-01-01T00:00:00Z'))).toHaveLength(1);
    expect(await store.due(10)).toEqual([]);
    await store.close();
  });

  it('imports every readable line once, the last line of a request winning; sets every other line aside with its number', async () => {
    const pending = requestAt('rr-1', 0, { expires: 100_000 });
    const published = { kind: 'slack', channel: 'C0INCIDENT', ts: '1.2' };
    const lines = [
      line('request', pending),
      line('audit', audit('rr-1', 'requested')),
      'null',
      '[1,2,3]',
      line('request', null),
      'garbage',
      line('audit', {}),
      line('request', { ...pending, id: 'rr-newer', v: 99 }),
      line('request', { ...pending, id: 'rr-bad-time', createdAt: 'yesterday' }),
      line('nope', {}),
      line('request', { ...pending, published }),
      line('event', { id: 'Ev-recent', at: T0 - 1000 }),
      line('event', { id: 'Ev-old', at: T0 - EVENT_TTL_MS - 1 }),
      line('request', requestAt('rr-2', 1, { state: 'sending', published })),
      line('audit', audit('rr-1', 'approved')),
      '',
      '{"t":"request","v":{"id":"rr-to', // torn by a crash
    ];
    writeJournal(lines);
    writeFileSync(join(dir, OLD_LOCK), '12345');
    const logs = captureLogger();
    const store = (await openStore({ dataDir: dir, logger: logs.logger, clock: clockAt(0) })) as SqliteStore;

    const renamed = `rerun-journal.imported-${iso(0).replace(/[:.]/g, '-')}.jsonl`;
    expect(store.imported).toEqual({
      journal: join(dir, JOURNAL),
      renamedTo: join(dir, renamed),
      requests: 2,
      audit: 2,
      events: 1,
      unreadable: 9,
      unreadableFile: join(dir, UNREADABLE),
    });
    expect(files().filter((f) => !f.startsWith('rerun.db'))).toEqual([renamed, UNREADABLE].sort());
    expect(readFileSync(join(dir, renamed), 'utf8')).toBe(lines.join('\n') + '\n');

    const unreadable = readFileSync(join(dir, UNREADABLE), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; line: number; reason: string; text: string });
    expect(unreadable.map((u) => u.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 17]);
    for (const u of unreadable) {
      expect(u.file).toBe(JOURNAL);
      expect(u.text).toBe(lines[u.line - 1]);
      expect(u.reason).not.toBe('');
    }

    expect(await store.get('rr-1')).toMatchObject({ published });
    expect((await store.list({ limit: 10 })).map((r) => r.id).sort()).toEqual(['rr-1', 'rr-2']);
    expect((await store.auditOf('rr-1')).map((a) => a.event)).toEqual(['requested', 'approved']);
    expect(await store.firstTime('Ev-recent', at(0), 1000)).toBe(false);
    expect(await store.firstTime('Ev-old', at(0), 1000)).toBe(true);
    // Unfinished imported work comes due (running: the process that ran it is gone); shown work does not.
    expect((await store.due(10)).map((r) => r.id)).toEqual(['rr-2']);

    const warning = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 40);
    expect(warning).toMatchObject({ unreadable: 9, unreadableFile: join(dir, UNREADABLE), requests: 2 });
    expect(String(warning?.['msg'])).toContain('could not be read');
    await store.close();

    // Imported once: the next start finds no journal.
    const again = await SqliteStore.openImporting(dir);
    expect(again.imported).toBeUndefined();
    expect(await again.list({ limit: 10 })).toHaveLength(2);
    await again.close();
  });

  it('finishes an import committed just before a crash without importing it twice', async () => {
    writeJournal([line('request', requestAt('rr-1', 0)), line('audit', audit('rr-1', 'requested'))]);
    const first = await SqliteStore.openImporting(dir, { clock: clockAt(0) });
    await first.close();
    // The rename never happened: the journal is back where it was.
    copyFileSync(first.imported?.renamedTo as string, join(dir, JOURNAL));
    const second = await SqliteStore.openImporting(dir, { clock: clockAt(1000) });
    expect(second.imported).toMatchObject({ alreadyImported: true, requests: 0 });
    expect(existsSync(join(dir, JOURNAL))).toBe(false);
    expect(await second.list({ limit: 10 })).toHaveLength(1);
    expect(await second.auditOf('rr-1')).toHaveLength(1);
    await second.close();
  });

  it('refuses a journal beside a store that already holds requests, and leaves both as they are', async () => {
    const store = SqliteStore.open(dir);
    await store.insert(requestAt('rr-new', 0));
    await store.close();
    writeJournal([line('request', requestAt('rr-old', 0))]);
    await expect(SqliteStore.openImporting(dir)).rejects.toThrow(
      /rerun-journal\.jsonl was written by an older rerun-bot, but .*rerun\.db already holds requests/,
    );
    expect(existsSync(join(dir, JOURNAL))).toBe(true);
    rmSync(join(dir, JOURNAL));
    const reopened = await SqliteStore.openImporting(dir);
    expect((await reopened.list({ limit: 10 })).map((r) => r.id)).toEqual(['rr-new']);
    await reopened.close();
  });

  it('imports an empty journal and removes the old lock file', async () => {
    writeFileSync(join(dir, JOURNAL), '');
    writeFileSync(join(dir, OLD_LOCK), String(process.pid));
    const store = await SqliteStore.openImporting(dir);
    expect(store.imported).toMatchObject({ requests: 0, audit: 0, unreadable: 0 });
    expect(files().filter((f) => !f.startsWith('rerun.db'))).toEqual([
      expect.stringMatching(/^rerun-journal\.imported-.*\.jsonl$/),
    ]);
    await store.close();
  });
});
