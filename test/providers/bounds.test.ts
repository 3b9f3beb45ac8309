/**
 * A hostile provider costs a bounded amount (issue 9, "bounded resources"): an answer is read up
 * to the size cap and no further, whatever the body (huge, declared or not; never-ending, fast or
 * trickling), and one operation with its retries ends within its time budget. Every provider sends
 * through the same HTTP client, so one of them (Tencent Batch) stands for all here; the contract
 * (contract.ts) runs the rerun-call cases for each. Bytes are counted at the emulator; times are
 * short and injected, and no test measures the wall clock: an operation that overran its budget
 * would be seen as retries (requests at the emulator) and as this file's test timeouts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STREAM_CHUNK_BYTES, type Fault } from '../../src/emulators/server.ts';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import type { Message } from '../../src/lib/message.ts';
import { createHttpClient, DEFAULT_MAX_ANSWER_BYTES } from '../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../src/providers/_shared/messages.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';
import { isProviderFailure } from '../../src/core/errors.ts';
import type { ProviderSession } from '../../src/providers/types.ts';
import { captureLogger } from '../support/logs.ts';

const creds = { secretId: 'AKIDFAKEFAKEFAKE', secretKey: 'fake-secret-key-for-tests' };
const JOB = { job_ids: ['job-failed01'] };

const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => `\`${s}\``,
  strong: (s) => `*${s}*`,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([sharedMessages, tencentBatch.messages], () => new Date());
const english = (m: Message) => renderer.render(m, 'en', plain);

/** The cap, plus the chunk that crossed it and one in flight: what the emulator may have handed over. */
const READ_AT_MOST = DEFAULT_MAX_ANSWER_BYTES + 2 * STREAM_CHUNK_BYTES;

describe('bounded provider answers', () => {
  let emu: TencentEmulator;

  function connect(opts: { timeout?: string; budgetMs?: number; maxAnswerBytes?: number } = {}) {
    const target = tencentBatch.targetSchema.parse({
      provider: 'tencent-batch',
      region: 'ap-guangzhou',
      endpoint: emu.url,
      timeout: opts.timeout ?? '5s',
      auth: creds,
    });
    return tencentBatch.connect(target, {
      http: createHttpClient(opts.maxAnswerBytes ? { maxAnswerBytes: opts.maxAnswerBytes } : {}),
      clock: { now: () => new Date() },
      logger: captureLogger().logger,
      timing: { ...FAST_TIMING, ...(opts.budgetMs ? { actionBudgetMs: opts.budgetMs } : {}) },
      pacers: createPacers(),
    });
  }

  const reads = () => emu.requests.filter((r) => r.headers['x-tc-action'] === 'DescribeJobs');

  async function previewFailure(session: ProviderSession<unknown>): Promise<Message> {
    const err: unknown = await session.preview(JOB).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isProviderFailure(err), String(err)).toBe(true);
    return isProviderFailure(err) ? err.detail : { id: '', params: {} };
  }

  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 100;
    emu.addJob('job-failed01', 'FAILED');
  });
  afterEach(async () => {
    await emu.close();
  });

  it.each<[string, Fault]>([
    ['a 50 MB answer with its length declared', { kind: 'huge', bytes: 50_000_000 }],
    ['a 50 MB answer without a declared length', { kind: 'huge', bytes: 50_000_000, declare: false }],
    ['a never-ending answer', { kind: 'endless' }],
  ])('%s to a read is refused at the cap, said clearly, and not read again', async (_, fault) => {
    emu.inject({ fault, times: 10 });
    const detail = await previewFailure(connect());
    expect(detail).toEqual({ id: 'provider.transport.tooLarge', params: { limit: DEFAULT_MAX_ANSWER_BYTES } });
    expect(english(detail)).toBe('the answer was larger than 1 MiB, so the bot stopped reading it');
    expect(emu.bodyBytesWritten()).toBeLessThanOrEqual(READ_AT_MOST);
    // The same read would fetch the same answer: one request, no retry.
    expect(reads()).toHaveLength(1);
  });

  it('the cap is the client’s to set', async () => {
    emu.inject({ fault: { kind: 'endless' } });
    const detail = await previewFailure(connect({ maxAnswerBytes: 64 * 1024 }));
    expect(english(detail)).toBe('the answer was larger than 64 KiB, so the bot stopped reading it');
    expect(emu.bodyBytesWritten()).toBeLessThanOrEqual(64 * 1024 + 2 * STREAM_CHUNK_BYTES);
  });

  it('a body that trickles forever is cut by the per-call timeout before the cap', { timeout: 10_000 }, async () => {
    // A chunk every 50 ms: 1 MiB would take more than 3 s; the call's timeout is 300 ms.
    emu.inject({ fault: { kind: 'endless', chunkMs: 50 }, times: 10 });
    const detail = await previewFailure(connect({ timeout: '300ms' }));
    expect(detail.id).toBe('provider.transport.timeout');
    expect(emu.bodyBytesWritten()).toBeLessThan(DEFAULT_MAX_ANSWER_BYTES);
  });

  it(
    'a read that would take its timeout on every retry ends with the budget, retries and all',
    { timeout: 8_000 },
    async () => {
      // Each call may take 5 s and a read is tried 3 times (15 s and more); the budget is 500 ms.
      emu.inject({ fault: { kind: 'endless', chunkMs: 50 }, times: 10 });
      const detail = await previewFailure(connect({ timeout: '5s', budgetMs: 500 }));
      expect(detail.id).toBe('provider.transport.timeout');
      // The budget cut the first call short and left no time for a second.
      expect(reads()).toHaveLength(1);
      expect(emu.bodyBytesWritten()).toBeLessThan(DEFAULT_MAX_ANSWER_BYTES);
    },
  );

  it(
    'a rerun call that trickles forever ends with the budget: outcome unknown, sent once',
    { timeout: 8_000 },
    async () => {
      const session = connect({ timeout: '5s', budgetMs: 1_000 });
      emu.inject({
        fault: { kind: 'endless', chunkMs: 50 },
        match: (r) => r.headers['x-tc-action'] === 'RetryJobs',
        execute: true,
      });
      const outcome = await session.rerun(JOB);
      expect(outcome).toMatchObject({
        status: 'unknown',
        message: { id: 'provider.outcomeUnknown', params: { reason: { id: 'provider.transport.timeout' } } },
      });
      expect(emu.retryCalls).toHaveLength(1);
    },
  );

  it(
    'a bulk rerun whose first call used up the budget sends no more calls, and says so',
    { timeout: 8_000 },
    async () => {
      const ids = Array.from({ length: 250 }, (_, i) => `job-b${String(i).padStart(7, '0')}`);
      for (const id of ids) emu.addJob(id, 'FAILED');
      const session = connect({ timeout: '5s', budgetMs: 1_000 });
      emu.inject({
        fault: { kind: 'endless', chunkMs: 50 },
        match: (r) => r.headers['x-tc-action'] === 'RetryJobs',
        execute: true,
      });
      const outcome = await session.rerun({ job_ids: ids });
      // The first call of 100 went and its answer never ended; the other 150 never left.
      expect(emu.retryCalls.map((c) => c.length)).toEqual([100]);
      expect(outcome.status).toBe('partial');
      expect(outcome.items.filter((i) => i.result === 'unknown')).toHaveLength(100);
      const notSent = outcome.items.filter((i) => i.result === 'refused');
      expect(notSent).toHaveLength(150);
      expect(notSent[0]?.reason).toEqual({ id: 'provider.budgetSpent', params: { ms: 1_000 } });
      expect(english(notSent[0]?.reason as Message)).toBe('the time allowed for one action (1 second) ran out');
    },
  );
});
