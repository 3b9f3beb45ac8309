/**
 * The contract every provider adapter runs (docs/STYLE.md): accepted answer, not found,
 * throttled then resent, 5xx, dropped connection and timeout each send the rerun exactly
 * once and report "outcome unknown", an answer past the size cap is cut there (counted at the
 * emulator) and leaves the outcome unknown, and no secret ever reaches a log line. The caller's
 * `sending` hook is awaited just before each request that carries the rerun, and a hook that
 * fails stops it: nothing is sent. Several followed requests' status read together
 * (`statusMany`) answers each as its own `status` does, with fewer calls, and so does the
 * one-call-per-request fallback a provider without batching gets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMessage, type Message } from '../../src/lib/message.ts';
import { createHttpClient, DEFAULT_MAX_ANSWER_BYTES } from '../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../src/providers/_shared/messages.ts';
import { defineProvider } from '../../src/providers/_shared/define.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { isProviderFailure } from '../../src/core/errors.ts';
import type {
  AnyProvider,
  JobStatus,
  ProviderSession,
  RawParams,
  RerunHooks,
  StatusAnswer,
} from '../../src/providers/types.ts';
import { STREAM_CHUNK_BYTES, type EmulatorServer, type RecordedRequest } from '../../src/emulators/server.ts';
import { captureLogger } from '../support/logs.ts';

export interface ContractSetup {
  provider: AnyProvider;
  server: EmulatorServer;
  /** The target's YAML entry as an object (endpoint pointing at the emulator, short timeout). */
  target: Record<string, unknown>;
  /** Raw params (as typed in text) naming one item that is eligible for a rerun. */
  params: Record<string, string | string[] | boolean>;
  /** Every credential string that must never be logged. */
  secrets: string[];
  isRerunCall(req: RecordedRequest): boolean;
  /** Makes the next rerun call answer the provider's "not found" error. */
  notFoundNext(): void;
  /** Seeds the emulator with followed requests whose status is read together (see StatusMix). */
  statusMix(): StatusMix;
  /** Makes the next rerun call answer the provider's throttling error. */
  throttleNext(): void;
  close(): Promise<void>;
}

/** What one request's status read comes to: not final, how it ended (`ended`: the provider cannot say), or a failure. */
export type Seen = 'running' | 'succeeded' | 'failed' | 'ended' | 'error';

/**
 * Followed requests read together: their jobs end at different moments (`steps`), one fails again
 * at once after its acceptance (not to be taken for the failure it was rerun for), and one names
 * what the provider does not know.
 */
export interface StatusMix {
  /** Each request as typed, and when its rerun was accepted. */
  requests: { params: RawParams; acceptedAt: string }[];
  /** Each moves the emulator on, then says what each request reads. */
  steps: { act(): void; expect: Seen[] }[];
  /** A request the emulator got that reads status (the calls counted). */
  isStatusRead(req: RecordedRequest): boolean;
}

function seenOf(answer: StatusAnswer | undefined): Seen {
  if (!answer || 'error' in answer) return 'error';
  const s: JobStatus = answer.status;
  if (!s.terminal) return 'running';
  if (s.items.some((i) => i.result === 'failed')) return 'failed';
  return s.items.every((i) => i.result === 'succeeded') ? 'succeeded' : 'ended';
}

/** An answer as compared across the two paths: a status as is, a failure by its message id and code. */
function comparable(answer: StatusAnswer | undefined): unknown {
  if (!answer || 'status' in answer) return answer;
  const e = answer.error;
  return isProviderFailure(e) ? { error: e.detail.id, code: e.code } : { error: String(e) };
}

/** The provider as a folder without `statusMany` would make it: defineProvider's fallback, one status call each. */
function withoutBatching(provider: AnyProvider): AnyProvider {
  return defineProvider({
    ...provider,
    connect: (target, deps) => {
      const { statusMany: _batched, ...session } = provider.connect(target, deps);
      return session;
    },
  });
}

/** Every id in a message, nested ones included. */
function idsOf(m: Message): string[] {
  const nested = Object.values(m.params).flatMap((v) =>
    isMessage(v) ? idsOf(v) : Array.isArray(v) ? v.filter(isMessage).flatMap(idsOf) : [],
  );
  return [m.id, ...nested];
}

export function providerContract(name: string, start: () => Promise<ContractSetup>): void {
  describe(`${name}: provider contract`, () => {
    let setup: ContractSetup;
    let session: ProviderSession<unknown>;
    let params: unknown;
    let logs: ReturnType<typeof captureLogger>;

    beforeEach(async () => {
      setup = await start();
      // The shape test (test/architecture.test.ts) finds a provider's contract run by this name.
      expect(name.split(' ')[0], 'a contract run is named by the id of the provider it runs').toBe(setup.provider.id);
      logs = captureLogger();
      const target = setup.provider.targetSchema.parse(setup.target);
      params = setup.provider.paramsSchema({ target, now: new Date() }).parse(setup.params);
      session = setup.provider.connect(target, {
        http: createHttpClient(),
        clock: { now: () => new Date() },
        logger: logs.logger,
        timing: FAST_TIMING,
        pacers: createPacers(),
      });
    });
    afterEach(async () => {
      await setup.close();
    });

    /** A message the provider returns has words in its own catalogs or the shared ones. */
    const known = (m: Message) => {
      const catalog = { ...sharedMessages.catalogs.en, ...setup.provider.messages.catalogs.en };
      for (const id of idsOf(m)) expect(Object.keys(catalog), id).toContain(id);
    };

    const rerunCalls = () => setup.server.requests.filter((r) => setup.isRerunCall(r));

    /** A `sending` hook that notes how many requests the server had when it was called. */
    function recordingHooks(): RerunHooks & { seen: number[] } {
      const seen: number[] = [];
      return {
        seen,
        sending: async () => {
          seen.push(setup.server.requests.length);
        },
      };
    }

    async function previewSend(): Promise<unknown> {
      const preview = await session.preview(params);
      expect(preview.items.some((i) => i.eligible)).toBe(true);
      expect(preview.send).not.toBeNull();
      return preview.send;
    }

    it('reports an accepted answer with the provider request id', async () => {
      const send = await previewSend();
      const outcome = await session.rerun(send);
      expect(outcome.status).toBe('accepted');
      expect(outcome.items.every((i) => i.result === 'accepted')).toBe(true);
      expect(rerunCalls()).toHaveLength(1);
      known(outcome.message);
      const status = await session.status(params, { acceptedAt: new Date().toISOString() });
      expect(status.items.length).toBeGreaterThan(0);
    });

    it('reports not found as refused with the vendor code', async () => {
      const send = await previewSend();
      setup.notFoundNext();
      const outcome = await session.rerun(send);
      expect(outcome.status).toBe('rejected');
      expect(outcome.code).toBeTruthy();
      // The provider's own explanation of its code, not a generic one.
      expect(outcome.message.id.startsWith(`${setup.provider.id}.`), outcome.message.id).toBe(true);
      known(outcome.message);
      expect(rerunCalls()).toHaveLength(1);
    });

    it('sends again after a throttling answer, which proves nothing ran', async () => {
      const send = await previewSend();
      setup.throttleNext();
      const hooks = recordingHooks();
      const outcome = await session.rerun(send, hooks);
      expect(outcome.status).toBe('accepted');
      expect(rerunCalls()).toHaveLength(2);
      // Once before each request that carried the rerun.
      expect(hooks.seen).toHaveLength(2);
    });

    it('awaits the sending hook just before the rerun call, not before the reads around it', async () => {
      const send = await previewSend();
      const hooks = recordingHooks();
      const outcome = await session.rerun(send, hooks);
      expect(outcome.status).toBe('accepted');
      expect(rerunCalls()).toHaveLength(1);
      expect(hooks.seen).toHaveLength(1);
      // The next request the server got after the hook was the rerun call itself.
      const next = setup.server.requests[hooks.seen[0] ?? -1];
      expect(next && setup.isRerunCall(next)).toBe(true);
    });

    it('sends nothing when the sending hook fails, and reports the rerun not sent', async () => {
      const send = await previewSend();
      let asked = 0;
      const outcome = await session.rerun(send, {
        sending: async () => {
          asked += 1;
          throw new Error('store unreachable');
        },
      });
      expect(asked).toBeGreaterThan(0);
      expect(rerunCalls()).toHaveLength(0);
      expect(outcome).toMatchObject({
        status: 'rejected',
        calls: 0,
        message: { id: 'provider.notSent', params: { reason: { id: 'provider.sendNotRecorded' } } },
      });
      expect(outcome.items.length).toBeGreaterThan(0);
      expect(outcome.items.every((i) => i.result === 'refused')).toBe(true);
      known(outcome.message);
    });

    it('a 5xx leaves the outcome unknown and is not repeated', async () => {
      const send = await previewSend();
      setup.server.inject({
        fault: { kind: 'status', status: 502, body: '<html>Bad Gateway</html>' },
        match: setup.isRerunCall,
      });
      const outcome = await session.rerun(send);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message.id).toBe('provider.outcomeUnknown');
      expect(rerunCalls()).toHaveLength(1);
    });

    it('a dropped connection sends exactly one request and reports "outcome unknown"', async () => {
      const send = await previewSend();
      setup.server.inject({ fault: { kind: 'reset' }, match: setup.isRerunCall, execute: true });
      const outcome = await session.rerun(send);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message.id).toBe('provider.outcomeUnknown');
      expect(rerunCalls()).toHaveLength(1);
    });

    it('a timeout sends exactly one request and reports "outcome unknown"', async () => {
      const send = await previewSend();
      setup.server.inject({ fault: { kind: 'hang' }, match: setup.isRerunCall });
      const outcome = await session.rerun(send);
      expect(outcome.status).toBe('unknown');
      expect(rerunCalls()).toHaveLength(1);
    });

    /** At most the cap, plus the chunk that crossed it and one in flight (the emulator's own count). */
    const READ_AT_MOST = DEFAULT_MAX_ANSWER_BYTES + 2 * STREAM_CHUNK_BYTES;

    it.each([
      ['a 50 MB answer', { kind: 'huge', bytes: 50_000_000, declare: false }],
      ['a never-ending answer', { kind: 'endless' }],
    ] as const)('%s to the rerun call is cut at the size cap and leaves the outcome unknown', async (_, fault) => {
      const send = await previewSend();
      setup.server.inject({ fault, match: setup.isRerunCall, execute: true });
      const outcome = await session.rerun(send);
      expect(setup.server.bodyBytesWritten()).toBeGreaterThan(0);
      expect(setup.server.bodyBytesWritten()).toBeLessThanOrEqual(READ_AT_MOST);
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toMatchObject({
        id: 'provider.outcomeUnknown',
        params: { reason: { id: 'provider.transport.tooLarge', params: { limit: DEFAULT_MAX_ANSWER_BYTES } } },
      });
      // An answer the bot could not read may follow a rerun that ran: never sent again.
      expect(rerunCalls()).toHaveLength(1);
    });

    it('malformed JSON from a read is a clear error, not a crash', async () => {
      setup.server.inject({ fault: { kind: 'malformed' }, times: 10 });
      const err: unknown = await session.preview(params).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isProviderFailure(err)).toBe(true);
      if (isProviderFailure(err)) known(err.detail);
    });

    it('never writes a secret into a log line or the described call', async () => {
      const send = await previewSend();
      setup.throttleNext();
      await session.rerun(send);
      const described = JSON.stringify(session.describeCall(send));
      expect(logs.lines.length).toBeGreaterThan(0);
      for (const secret of setup.secrets) {
        expect(logs.text()).not.toContain(secret);
        expect(described).not.toContain(secret);
      }
    });

    it("reads several requests' status together: each as its own status() says, in fewer calls than one by one", async () => {
      const mix = setup.statusMix();
      const target = setup.provider.targetSchema.parse(setup.target);
      const schema = setup.provider.paramsSchema({ target, now: new Date() });
      const queries = mix.requests.map((r) => ({
        params: schema.parse(r.params),
        context: { acceptedAt: r.acceptedAt },
      }));
      // The pace is another test's subject: here the calls go at once (the emulator admits them).
      const deps = {
        http: createHttpClient(),
        clock: { now: () => new Date() },
        logger: logs.logger,
        timing: FAST_TIMING,
        pacers: createPacers({ sleep: async () => undefined }),
      };
      const batched = setup.provider.connect(target, deps);
      const fallback = withoutBatching(setup.provider).connect(target, deps);
      const reads = () => setup.server.requests.filter((r) => mix.isStatusRead(r)).length;
      for (const [n, step] of mix.steps.entries()) {
        step.act();
        const before = reads();
        const together = await batched.statusMany(queries);
        const calls = reads() - before;
        const oneByOne = await fallback.statusMany(queries);
        const fallbackCalls = reads() - before - calls;
        expect(together.map(seenOf), `step ${n + 1}, batched`).toEqual(step.expect);
        expect(oneByOne.map(seenOf), `step ${n + 1}, one by one`).toEqual(step.expect);
        expect(together.map(comparable), `step ${n + 1}: the same answers`).toEqual(oneByOne.map(comparable));
        // Fewer calls than one read per request made one by one; a provider whose reads asked at
        // the same moment share calls anyway (Tencent's previews, listing.ts) may tie with its fallback.
        const why = `step ${n + 1}: ${calls} batched calls, ${fallbackCalls} one by one, ${queries.length} requests`;
        expect(calls, why).toBeLessThan(Math.max(fallbackCalls, queries.length));
        expect(calls, why).toBeLessThanOrEqual(fallbackCalls);
        for (const a of together) if ('status' in a) for (const i of a.status.items) if (i.detail) known(i.detail);
      }
    });
  });
}
