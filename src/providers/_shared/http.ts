/**
 * The one way providers send HTTP: undici with an overall deadline, and transport failures
 * classified once into "never reached the server" and "outcome unknown" (docs/SPEC.md §4: a rerun
 * call whose outcome is unknown is never sent again by itself).
 */
import { request, type Dispatcher } from 'undici';
import type { Message } from '../../lib/message.ts';
import { sharedMsg } from './messages.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpClient {
  send(req: HttpRequest): Promise<HttpResponse>;
}

export type TransportFailure = 'timeout' | 'reset' | 'refused' | 'other';

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

export function createHttpClient(dispatcher?: Dispatcher): HttpClient {
  return {
    async send(req) {
      const signal = AbortSignal.timeout(req.timeoutMs);
      try {
        const res = await request(req.url, {
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          signal,
          dispatcher,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
        });
        const body = await res.body.text();
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
