/**
 * The command dispatcher (core/dispatch.ts) on a real core: each kind of command to its neutral
 * answer, over a real SQLite store and the Tencent emulator. What needs no I/O is answered `now`;
 * everything else waits in `later`, and nothing of it (the asker's place, the store, the provider)
 * starts before `later` is called: that is what lets Slack ack within 3 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.ts';
import type { CommandCaller, Core, LaterAnswer } from '../../src/core/compose.ts';
import { coreMsg } from '../../src/core/messages.ts';
import type { Store } from '../../src/core/ports.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { sampleRequest } from '../store/sample.ts';
import { TENCENT_CREDS, testAsker, testCore, type RecordingNotifier } from '../support/core.ts';

const JOB = 'job-dispatch1';

/** `batch-gz` for anyone; `batch-sh` only from `#ops-*` channels (the test asks from `#inc-1`). */
function config(endpoint: string): string {
  const { secretId, secretKey } = TENCENT_CREDS;
  const target = (id: string) =>
    `  ${id}:\n    provider: tencent-batch\n    region: ap-guangzhou\n    endpoint: ${endpoint}\n` +
    `    timeout: 2s\n    auth: { secretId: ${secretId}, secretKey: ${secretKey} }\n`;
  return (
    `targets:\n${target('batch-gz')}${target('batch-sh')}` +
    'policies:\n  batch-sh: { approval: peer, channels: ["#ops-*"] }\n' +
    '  default: { approval: peer, expiresAfter: 10m }\n'
  );
}

describe('the command dispatcher', () => {
  let emu: TencentEmulator;
  let dir: string;
  let store: Store;
  let core: Core;
  let notifier: RecordingNotifier;
  /** How often the dispatcher asked who is asking (Slack: a channel look-up, after the ack only). */
  let askerReads: number;

  const caller = (userId = 'U0ALICE', forms = true): CommandCaller => ({
    userId,
    asker: async () => {
      askerReads += 1;
      return { ...testAsker, userId };
    },
    forms,
  });
  /** The command's answer: `now`, and what `later` comes to (run here). */
  const answer = async (text: string, who = caller()) => {
    const d = core.command(parseCommand(text), who);
    return { now: d.now, later: d.later ? await d.later() : undefined };
  };
  /** A request asked the ordinary way, by `userId`. */
  const asked = async (userId = 'U0ALICE') => {
    const a = await answer(`batch-gz job_ids=${JOB}`, caller(userId));
    if (a.later?.kind !== 'asked' || a.later.result.kind !== 'posted') throw new Error(`not posted: ${a.later?.kind}`);
    return a.later.result.request;
  };

  beforeEach(async () => {
    emu = await startTencentEmulator(TENCENT_CREDS);
    emu.ratePerSecond = 1000;
    emu.addJob(JOB, 'FAILED');
    dir = mkdtempSync(join(tmpdir(), 'rerun-dispatch-'));
    store = SqliteStore.open(dir);
    ({ core, notifier } = testCore({ yaml: config(emu.url), store, clock: { now: () => new Date() }, replica: 'a' }));
    askerReads = 0;
  });
  afterEach(async () => {
    await store.close();
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a mistyped command now, with the core message that says what to type, and nothing later', async () => {
    expect(core.command(parseCommand('status'), caller())).toEqual({
      now: { kind: 'message', message: coreMsg('command.needsId', { word: 'status' }) },
    });
    expect(core.command(parseCommand('history 0'), caller())).toEqual({
      now: { kind: 'message', message: coreMsg('command.historyMin', {}) },
    });
    expect(askerReads).toBe(0);
  });

  it('answers help later, with the targets this person may use here', async () => {
    const a = await answer('help');
    expect(a.now).toBeUndefined();
    expect(a.later?.kind).toBe('help');
    expect(a.later?.kind === 'help' && a.later.targets.map((t) => t.id)).toEqual(['batch-gz']);
  });

  it('opens the form for an empty command where there is one, and answers help where there is none', async () => {
    expect(await answer('')).toEqual({ now: undefined, later: { kind: 'form' } });
    const noForms = await answer('', caller('U0ALICE', false));
    expect(noForms.later?.kind === 'help' && noForms.later.targets.map((t) => t.id)).toEqual(['batch-gz']);
  });

  it('answers text it cannot read, or values with problems, now, each with a request that would work', async () => {
    const unreadable = await answer('batch-gz nope=1');
    expect(unreadable.later).toBeUndefined();
    expect(unreadable.now).toMatchObject({ kind: 'unreadable', message: { id: 'input.unknownParam' } });
    expect(unreadable.now?.kind === 'unreadable' && unreadable.now.example).toContain('batch-gz');
    const invalid = await answer('batch-gz job_ids=BAD');
    expect(invalid.later).toBeUndefined();
    expect(invalid.now?.kind).toBe('invalid');
    expect(invalid.now?.kind === 'invalid' && Object.keys(invalid.now.errors)).toEqual(['job_ids']);
    expect(invalid.now?.kind === 'invalid' && invalid.now.example).toContain('batch-gz');
    expect(askerReads).toBe(0);
  });

  it('answers a request with required fields missing later, as the form to fill in', async () => {
    const a = await answer('batch-gz');
    expect(a.now).toBeUndefined();
    expect(a.later).toMatchObject({ kind: 'fill', targetId: 'batch-gz', prefill: {}, missing: ['job_ids'] });
    expect(a.later?.kind === 'fill' && a.later.example).toContain('batch-gz job_ids=');
  });

  it('answers a request for a target nobody has later, with the targets this person may use here', async () => {
    expect(await answer('nope job_ids=x')).toEqual({
      now: undefined,
      later: { kind: 'unknown-target', target: 'nope', targets: ['batch-gz'] },
    });
  });

  it('says "checking" now and asks only when later runs: no asker, no store, no provider before', async () => {
    const d = core.command(parseCommand(`batch-gz job_ids=${JOB}`), caller());
    expect(d.now).toEqual({ kind: 'checking', targetId: 'batch-gz' });
    expect(askerReads).toBe(0);
    expect(await store.list({ limit: 10 })).toEqual([]);
    expect(notifier.published).toHaveLength(0);
    const later = (await d.later?.()) as Extract<LaterAnswer, { kind: 'asked' }>;
    expect(later.kind).toBe('asked');
    expect(later.result).toMatchObject({ kind: 'posted', request: { targetId: 'batch-gz', requester: 'U0ALICE' } });
    expect(askerReads).toBe(1);
    expect(notifier.published).toHaveLength(1);
  });

  it("answers a refused ask later, with the core's reason (here: not from this channel)", async () => {
    const a = await answer(`batch-sh job_ids=${JOB}`);
    expect(a.now).toEqual({ kind: 'checking', targetId: 'batch-sh' });
    expect(a.later).toEqual({
      kind: 'asked',
      result: { kind: 'refused', message: coreMsg('ask.wrongPlace', { target: 'batch-sh', places: ['#ops-*'] }) },
    });
  });

  it('answers status later: no such request, the request with its job read live, a record a newer version wrote', async () => {
    expect(await answer('status rr-nothere')).toEqual({
      now: undefined,
      later: { kind: 'no-request', id: 'rr-nothere' },
    });
    const request = await asked();
    const s = await answer(`status ${request.id}`);
    expect(s.later?.kind).toBe('status');
    if (s.later?.kind !== 'status') return;
    expect(s.later.status.request.id).toBe(request.id);
    expect(s.later.status.live?.items.map((i) => [i.id, i.state])).toEqual([[JOB, 'FAILED']]);
    expect(s.later.status.audit.length).toBeGreaterThan(0);
    await store.transition(request.id, ['pending'], (r) => ({ ...r, v: 99 }) as unknown as typeof r);
    expect(await answer(`status ${request.id}`)).toEqual({
      now: undefined,
      later: { kind: 'message', message: coreMsg('request.newer', { id: request.id }) },
    });
    expect(askerReads).toBe(1);
  });

  it("answers cancel later: the requester's cancel is done, anyone else's refused with why", async () => {
    const request = await asked();
    const other = await answer(`cancel ${request.id}`, caller('U0BOB'));
    expect(other.later).toEqual({
      kind: 'cancel',
      id: request.id,
      result: { ok: false, message: coreMsg('click.onlyRequesterCancels', {}) },
    });
    const own = await answer(`cancel ${request.id}`);
    expect(own.later).toMatchObject({ kind: 'cancel', id: request.id, result: { ok: true } });
    expect((await store.get(request.id))?.state).toBe('cancelled');
  });

  it('answers pending later: what waits for the caller, what they asked, and the decisions they could have made', async () => {
    const pending = async (userId: string) => {
      const a = (await answer('pending', caller(userId))).later;
      if (a?.kind !== 'pending') throw new Error(`not pending: ${a?.kind}`);
      const ids = (l: { requests: { id: string }[]; more: number }) => [l.requests.map((r) => r.id), l.more];
      return { waiting: ids(a.lists.waiting), mine: ids(a.lists.mine), decided: ids(a.lists.decided) };
    };
    const request = await asked();
    // Under peer: it waits for Bob, never for Alice, who asked it.
    expect(await pending('U0BOB')).toEqual({ waiting: [[request.id], 0], mine: [[], 0], decided: [[], 0] });
    expect(await pending('U0ALICE')).toEqual({ waiting: [[], 0], mine: [[request.id], 0], decided: [[], 0] });
    expect((await core.decide(request.id, 'U0BOB', 'reject')).ok).toBe(true);
    // Decided: among the last decisions of whoever could have decided it; the requester's stays in hers.
    for (const who of ['U0BOB', 'U0CAROL'])
      expect(await pending(who)).toEqual({ waiting: [[], 0], mine: [[], 0], decided: [[request.id], 0] });
    expect((await pending('U0ALICE')).decided).toEqual([[], 0]);
  });

  it('bounds each list and counts the rest: 20 waiting, 10 asked', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    await Promise.all(
      Array.from({ length: 23 }, (_, i) =>
        store.insert(sampleRequest(`rr-many${String(i).padStart(2, '0')}`, { expiresAt: later })),
      ),
    );
    const bob = (await answer('pending', caller('U0BOB'))).later;
    const alice = (await answer('pending', caller('U0ALICE'))).later;
    if (bob?.kind !== 'pending' || alice?.kind !== 'pending') throw new Error('not pending');
    expect([bob.lists.waiting.requests.length, bob.lists.waiting.more]).toEqual([20, 3]);
    expect([alice.lists.mine.requests.length, alice.lists.mine.more]).toEqual([10, 13]);
  });

  it('answers history later: the requests, or that no target has the name, with the targets here', async () => {
    expect(await answer('history')).toEqual({ now: undefined, later: { kind: 'history', requests: [] } });
    const request = await asked();
    const h = await answer('history batch-gz 5');
    expect(h.later?.kind === 'history' && h.later.requests.map((r) => r.id)).toEqual([request.id]);
    expect(await answer('history nope')).toEqual({
      now: undefined,
      later: { kind: 'unknown-target', target: 'nope', targets: ['batch-gz'] },
    });
  });
});
