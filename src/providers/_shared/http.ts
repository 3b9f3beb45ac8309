/**
 * The one way providers send HTTP: undici with an overall deadline, and transport failures
 * classified once into "never reached the server" and "outcome unknown" (docs/SPEC.md §4: a rerun
 * call whose outcome is unknown is never sent again by itself).
 *
 * It also tells the caller of a rerun when the rerun goes out: every provider's `rerun` runs in
 * `withSendHook(hooks, …)` (applied by `defineProvider`, define.ts, so no provider can leave it
 * out), `sendRerun` marks each attempt of the rerun call as carrying it, and every request made in
 * that scope awaits `hooks.sending()` just before it is handed to the network. The scope is an
 * AsyncLocalStorage, so it follows the work through every await (the pacer's wait included) and no
 * provider passes it along by hand.
 *
 * Bounded: an answer is read up to `maxAnswerBytes` and refused past it (the connection is dropped,
 * so a never-ending body costs at most that much memory), and each call's timeout is cut to what is
 * left of its operation's budget (lib/budget.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { request, type Dispatcher } from 'undici';
import type { Message } from '../../lib/message.ts';
import type { HttpClient, ProviderFailure, RerunHooks } from '../types.ts';
import { budgetMs, remainingMs } from '../../lib/budget.ts';
import { sharedMsg } from './messages.ts';

/** The rerun being sent, and whether the requests made now carry it (or only read around it). */
interface SendScope {
  hooks: RerunHooks;
  carrying: boolean;
}

const sendScope = new AsyncLocalStorage<SendScope>();

/**
 * Runs a provider's rerun under the caller's hooks: each request that carries the rerun (made
 * inside `carryingRerun`, as `sendRerun` does for every attempt) awaits `hooks.sending()` first.
 */
export function withSendHook<T>(hooks: RerunHooks | undefined, fn: () => Promise<T>): Promise<T> {
  return hooks ? sendScope.run({ hooks, carrying: false }, fn) : fn();
}

/** The requests `fn` makes carry the rerun: each one awaits the rerun's hook before it goes. */
export function carryingRerun<T>(fn: () => Promise<T>): Promise<T> {
  const scope = sendScope.getStore();
  return scope ? sendScope.run({ ...scope, carrying: true }, fn) : fn();
}

/**
 * The requests `fn` makes do not carry the rerun, though made while sending it (an access token
 * fetched for the rerun call): they go without the hook.
 */
export function notCarryingRerun<T>(fn: () => Promise<T>): Promise<T> {
  const scope = sendScope.getStore();
  return scope?.carrying ? sendScope.run({ ...scope, carrying: false }, fn) : fn();
}

/**
 * A request stopped before it was handed to the network: the rerun's hook failed, so the caller
 * could not record that it was sent. Nothing of it left this process.
 */
export class NotSentError extends Error implements ProviderFailure {
  override readonly name = 'NotSentError';
  constructor(
    readonly detail: Message,
    options?: { cause?: unknown },
  ) {
    const cause = options?.cause;
    super(
      cause === undefined ? detail.id : `${detail.id}: ${cause instanceof Error ? cause.message : String(cause)}`,
      options,
    );
  }
}

/**
 * What every HttpClient awaits just before it hands a request to the network: the rerun's
 * hook, when the request carries a rerun. The hook runs outside the scope (what it sends does not
 * carry the rerun); a failing hook becomes a NotSentError.
 */
async function beforeSending(): Promise<void> {
  const scope = sendScope.getStore();
  if (!scope?.carrying) return;
  try {
    await sendScope.exit(() => scope.hooks.sending());
  } catch (err) {
    throw new NotSentError(sharedMsg('provider.sendNotRecorded', {}), { cause: err });
  }
}

type TransportFailure = 'timeout' | 'reset' | 'refused' | 'too-large' | 'other';

/** A request that got no complete HTTP answer. `message` is for logs; `detail` for people. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    /** False only when the request provably never reached the server (connection refused). */
    readonly maybeDelivered: boolean,
    message: string,
    readonly detail: Message,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const NOT_DELIVERED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
]);

function classify(err: unknown, timedOut: boolean): TransportError {
  if (err instanceof TransportError) return err;
  const code = (err as { code?: string }).code ?? '';
  const causeCode = (err as { cause?: { code?: string } }).cause?.code ?? '';
  if (NOT_DELIVERED_CODES.has(code) || NOT_DELIVERED_CODES.has(causeCode)) {
    const c = code || causeCode;
    return new TransportError(
      'refused',
      false,
      `could not connect (${c})`,
      sharedMsg('provider.transport.refused', { code: c }),
      {
        cause: err,
      },
    );
  }
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TransportError(
      'timeout',
      true,
      'no answer before the timeout',
      sharedMsg('provider.transport.timeout', {}),
      {
        cause: err,
      },
    );
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new TransportError(
      'reset',
      true,
      'the connection was reset before the answer arrived',
      sharedMsg('provider.transport.reset', {}),
      { cause: err },
    );
  }
  const text = (err as Error).message ?? String(err);
  return new TransportError(
    'other',
    true,
    `transport error: ${text}`,
    sharedMsg('provider.transport.other', { text }),
    {
      cause: err,
    },
  );
}

/**
 * The largest answer read by default. The vendors' documented answers are a few kB (a full list
 * page of the busiest API is well under 100 kB), so 1 MiB leaves room while a hostile answer
 * costs little.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

interface HttpClientOptions {
  dispatcher?: Dispatcher;
  /** Answers longer than this are refused (see DEFAULT_MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
}

/**
 * An answer longer than the limit: the request reached the server, so a rerun it carried may have
 * run (as after any answer the bot cannot read); the connection is dropped, not drained.
 */
function tooLarge(limit: number): TransportError {
  return new TransportError(
    'too-large',
    true,
    `the answer was longer than ${limit} bytes`,
    sharedMsg('provider.transport.tooLarge', { limit }),
  );
}

/** Reads the body up to `limit` bytes; past it, stops and destroys the stream (closing the socket). */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const { dispatcher, maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES } = options;
  return {
    async send(req) {
      // Spent before the request left: nothing was sent, so a rerun it would carry did not run.
      const left = remainingMs();
      if (left <= 0) throw new NotSentError(sharedMsg('provider.budgetSpent', { ms: budgetMs() }));
      await beforeSending();
      const timeoutMs = Math.max(1, Math.ceil(Math.min(req.timeoutMs, remainingMs())));
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await request(req.url, {
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          signal,
          dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const declared = Number(res.headers['content-length']);
        if (declared > maxAnswerBytes) {
          res.body.destroy();
          throw tooLarge(maxAnswerBytes);
        }
        const body = await readCapped(res.body, maxAnswerBytes);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        return { status: res.statusCode, headers, body };
      } catch (err) {
        throw classify(err, signal.aborted);
      }
    },
  };
}
