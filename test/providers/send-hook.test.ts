/**
 * The rerun's `sending` hook (RerunHooks): awaited by the HTTP client just before each request
 * that carries the rerun, found through an AsyncLocalStorage scope that follows the rerun through
 * the pacer's wait. Two reruns on one credential at once each hear only their own request, and
 * only when its slot has come. The scope is opened by `defineProvider` around every provider's
 * rerun, which never sees the hooks itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider } from '../../src/providers/_shared/define.ts';
import {
  carryingRerun,
  createHttpClient,
  notCarryingRerun,
  NotSentError,
  withSendHook,
} from '../../src/providers/_shared/http.ts';
import { sharedMessages, sharedMsg } from '../../src/providers/_shared/messages.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { commonTargetFields } from '../../src/providers/_shared/target.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';
import type {
  AnyProvider,
  DefinedProvider,
  HttpClient,
  Pacers,
  ProviderCall,
  ProviderSession,
  RerunHooks,
  RerunOutcome,
} from '../../src/providers/types.ts';
import { captureLogger } from '../support/logs.ts';

const creds = { secretId: 'AKIDFAKEFAKEFAKE', secretKey: 'fake-secret-key-for-tests' };

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A sleep that only ends when the test says so. */
function heldSleep() {
  const sleepers: (() => void)[] = [];
  const asked: number[] = [];
  return {
    asked,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        asked.push(ms);
        sleepers.push(wake);
      }),
    async until(count: number): Promise<void> {
      for (let i = 0; sleepers.length < count; i += 1) {
        if (i > 1000) throw new Error(`${sleepers.length} asleep, not ${count}`);
        await settle();
      }
    },
    wakeAll: () => sleepers.splice(0).forEach((wake) => wake()),
  };
}

describe('the sending hook through the pace', () => {
  let emu: TencentEmulator;
  beforeEach(async () => {
    emu = await startTencentEmulator(creds);
    emu.ratePerSecond = 100;
  });
  afterEach(async () => {
    await emu.close();
  });

  function connect(pacers: Pacers): ProviderSession<unknown> {
    const target = tencentBatch.targetSchema.parse({
      provider: 'tencent-batch',
      region: 'ap-guangzhou',
      endpoint: emu.url,
      timeout: '1s',
      auth: creds,
    });
    return tencentBatch.connect(target, {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger: captureLogger().logger,
      timing: FAST_TIMING,
      pacers,
    });
  }

  it("calls each of two concurrent reruns' own hook, and the queued one's only after its wait", async () => {
    emu.addJob('job-failed01', 'FAILED');
    emu.addJob('job-failed02', 'FAILED');
    // One credential, two sessions, one pace stretched to a minute whose wait the test holds.
    const held = heldSleep();
    const stretched = createPacers({ sleep: held.sleep });
    const pacers: Pacers = { get: (limits) => stretched.get(limits.map(({ key }) => ({ key, intervalMs: 60_000 }))) };
    const [a, b] = [connect(pacers), connect(pacers)];
    const heard: Record<'a' | 'b', number[]> = { a: [], b: [] };
    /** Notes how many RetryJobs calls the emulator had when the hook was called. */
    const hooks = (who: 'a' | 'b'): RerunHooks => ({
      sending: async () => {
        heard[who].push(emu.retryCalls.length);
      },
    });

    const first = a?.rerun({ job_ids: ['job-failed01'] }, hooks('a'));
    const second = b?.rerun({ job_ids: ['job-failed02'] }, hooks('b'));
    expect((await first)?.status).toBe('accepted');
    await held.until(1);
    // b waits for its slot, a minute after a's: its hook has not been called, nor a's again.
    expect(held.asked).toHaveLength(1);
    expect(held.asked[0]).toBeGreaterThan(59_000);
    expect(heard).toEqual({ a: [0], b: [] });
    expect(emu.retryCalls).toEqual([['job-failed01']]);

    held.wakeAll(); // from the test, outside both reruns
    expect((await second)?.status).toBe('accepted');
    expect(heard).toEqual({ a: [0], b: [1] });
    expect(emu.retryCalls).toEqual([['job-failed01'], ['job-failed02']]);
  });
});

describe('withSendHook and the HTTP client', () => {
  let server: Server;
  let url: string;
  let received: number;
  beforeEach(async () => {
    received = 0;
    server = createServer((_req, res) => {
      received += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const http = createHttpClient();
  const get = () => http.send({ method: 'GET', url, headers: {}, timeoutMs: 2000 });

  it('awaits the hook only for requests that carry the rerun, each time, before the server sees them', async () => {
    const heard: number[] = [];
    const hooks: RerunHooks = {
      sending: async () => {
        heard.push(received);
      },
    };
    await withSendHook(hooks, async () => {
      await get(); // a read before the rerun call
      await carryingRerun(async () => {
        await get();
        await notCarryingRerun(get); // an access token for the call
        await get();
      });
      await get(); // a read after it
    });
    await carryingRerun(get); // no rerun scope: no hook
    expect(received).toBe(6);
    expect(heard).toEqual([1, 3]);
  });

  it('sends nothing when the hook fails, and says so with a NotSentError that keeps the cause', async () => {
    const cause = new Error('store unreachable');
    const err: unknown = await withSendHook({ sending: () => Promise.reject(cause) }, () => carryingRerun(get)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NotSentError);
    expect((err as NotSentError).detail).toEqual({ id: 'provider.sendNotRecorded', params: {} });
    expect((err as NotSentError).cause).toBe(cause);
    expect(received).toBe(0);
  });

  it('runs the hook outside the rerun scope, so what it sends does not call it again', async () => {
    let calls = 0;
    await withSendHook(
      {
        sending: async () => {
          calls += 1;
          await get();
        },
      },
      () => carryingRerun(get),
    );
    expect(calls).toBe(1);
    expect(received).toBe(2);
  });
});

describe('defineProvider', () => {
  let server: Server;
  let url: string;
  let received: number;
  beforeEach(async () => {
    received = 0;
    server = createServer((_req, res) => {
      received += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** What the bare session's rerun was handed, call by call. */
  let handed: unknown[][];

  /**
   * A provider written the way a folder writes one, with no word of the hooks: its rerun reads,
   * then sends one request that carries the rerun, then reads again. Any message stands for its
   * words (the test renders none).
   */
  const plain = defineProvider({
    id: 'plain-test',
    displayName: sharedMsg('provider.transport.timeout', {}),
    targetSchema: z.object({ provider: z.literal('plain-test'), ...commonTargetFields }).strict(),
    paramsSchema: () => z.object({ id: z.string() }),
    fields: [],
    help: { summary: sharedMsg('provider.transport.timeout', {}), examples: ['id=one'] },
    summarize: () => sharedMsg('provider.transport.timeout', {}),
    messages: sharedMessages,
    connect: (_target, deps) => {
      const get = () => deps.http.send({ method: 'GET', url, headers: {}, timeoutMs: 2000 });
      return {
        preview: async (params) => ({ items: [], notes: [], send: params }),
        describeCall: () => [],
        async rerun(...args: [{ id: string }]): Promise<RerunOutcome> {
          handed.push(args);
          await get();
          await carryingRerun(get);
          await get();
          return {
            status: 'accepted',
            items: [{ id: args[0].id, result: 'accepted' }],
            message: sharedMsg('provider.transport.timeout', {}),
            calls: 1,
          };
        },
        status: async () => ({ items: [], terminal: true }),
      };
    },
  });

  function connect(http: HttpClient, observed: ProviderCall[] = []): ProviderSession<unknown> {
    handed = [];
    return plain.connect(plain.targetSchema.parse({ provider: 'plain-test' }), {
      http,
      clock: { now: () => new Date() },
      logger: captureLogger().logger,
      timing: FAST_TIMING,
      pacers: createPacers(),
      observer: { call: (c) => observed.push(c) },
      targetId: 'plain',
    });
  }

  it("runs every provider's rerun within the caller's hooks, which the provider never sees", async () => {
    const heard: number[] = [];
    const observed: ProviderCall[] = [];
    const session = connect(createHttpClient(), observed);
    const outcome = await session.rerun(
      { id: 'one' },
      {
        sending: async () => {
          heard.push(received);
        },
      },
    );
    expect(outcome.status).toBe('accepted');
    // Only the request that carries the rerun waited for the hook, before the server saw it.
    expect(received).toBe(3);
    expect(heard).toEqual([1]);
    expect(handed).toEqual([[{ id: 'one' }]]);
    // Measured too, under the provider's id and the target's.
    expect(
      observed.map(({ provider, target, operation, outcome: o }) => ({ provider, target, operation, outcome: o })),
    ).toEqual([{ provider: 'plain-test', target: 'plain', operation: 'rerun', outcome: 'accepted' }]);
  });

  it('sends nothing that carries the rerun when the hook fails', async () => {
    const session = connect(createHttpClient());
    const err: unknown = await session
      .rerun({ id: 'one' }, { sending: () => Promise.reject(new Error('store unreachable')) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NotSentError);
    // The read before it went; the rerun call and what follows did not.
    expect(received).toBe(1);
  });

  it('is the only way into the registry: a provider written by hand does not type as one', () => {
    const byHand: AnyProvider = { ...plain };
    // @ts-expect-error -- not made by defineProvider: the registry's element type refuses it
    const listed: DefinedProvider = byHand;
    expect(listed.connect).toBe(plain.connect);
  });

  it('reruns without hooks when the caller gives none', async () => {
    const outcome = await connect(createHttpClient()).rerun({ id: 'two' });
    expect(outcome.items).toEqual([{ id: 'two', result: 'accepted' }]);
    expect(received).toBe(3);
  });
});
