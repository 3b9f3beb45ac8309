/**
 * A small HTTP server on 127.0.0.1 for provider emulators: records every request, and can be
 * told to misbehave on the next requests (timeout, reset, 5xx, malformed JSON, slow body, 429,
 * a huge answer, a body that never ends, an error quoting the request with its credentials).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Path and query exactly as sent on the request line. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface EmulatorReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export type Fault =
  | { kind: 'hang' } // never answers: the client's timeout fires
  | { kind: 'reset' } // closes the connection without an answer
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'malformed' } // HTTP 200 with a body that is not JSON
  | { kind: 'slow'; ms: number } // answers normally after a delay
  | { kind: 'hold'; until: Promise<unknown> } // answers normally once `until` settles (a test holds the answer)
  | { kind: 'huge'; bytes: number; declare?: boolean; chunkMs?: number } // HTTP 200, a body of `bytes` (Content-Length unless declare: false)
  | { kind: 'endless'; chunkMs?: number } // HTTP 200, chunked, a body that never ends
  | { kind: 'echo'; status: number; body: (req: RecordedRequest) => string }; // an error that quotes the request back

interface FaultRule {
  fault: Fault;
  /** Which requests it applies to; all when absent. */
  match?: (req: RecordedRequest) => boolean;
  /** Whether the request is still handled (state changes) before the fault: "executed, answer lost". */
  execute?: boolean;
  times?: number;
}

export interface EmulatorServer {
  url: string;
  host: string;
  requests: RecordedRequest[];
  /**
   * Body bytes of `huge` and `endless` answers the client took: each chunk is counted once the
   * socket has handed it to the kernel, and the next is written only then (see `stream`).
   */
  bodyBytesWritten(): number;
  inject(rule: FaultRule): void;
  close(): Promise<void>;
}

export async function startEmulator(
  handle: (req: RecordedRequest) => EmulatorReply | Promise<EmulatorReply>,
): Promise<EmulatorServer> {
  const requests: RecordedRequest[] = [];
  const rules: (FaultRule & { left: number })[] = [];
  const sockets = new Set<Socket>();
  let streamed = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const rawUrl = req.url ?? '/';
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: rawUrl.split('?')[0] ?? '/',
          url: rawUrl,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(recorded);
        const rule = rules.find((r) => r.left > 0 && (!r.match || r.match(recorded)));
        if (rule) rule.left -= 1;
        const fault = rule?.fault;
        if (fault && rule?.execute) await handle(recorded);
        if (fault?.kind === 'hang') return;
        if (fault?.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'status') {
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(fault.body ?? '{}');
          return;
        }
        if (fault?.kind === 'echo') {
          res.writeHead(fault.status, { 'content-type': 'application/json' });
          res.end(fault.body(recorded));
          return;
        }
        if (fault?.kind === 'malformed') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"Response": {"RequestId": ');
          return;
        }
        if (fault?.kind === 'huge' || fault?.kind === 'endless') {
          const total = fault.kind === 'huge' ? fault.bytes : Infinity;
          res.writeHead(200, {
            'content-type': 'application/json',
            ...(fault.kind === 'huge' && fault.declare !== false ? { 'content-length': String(total) } : {}),
          });
          await stream(res, total, fault.chunkMs ?? 1, (n) => (streamed += n));
          return;
        }
        if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
        if (fault?.kind === 'hold') await fault.until.catch(() => undefined);
        const reply = await handle(recorded);
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    bodyBytesWritten: () => streamed,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The size of each chunk of a `huge` or `endless` body. */
export const STREAM_CHUNK_BYTES = 16 * 1024;
const CHUNK = STREAM_CHUNK_BYTES;

/**
 * Writes `total` bytes of body (a JSON array that never closes) in chunks, one at a time: the next
 * only once the last was flushed and `pauseMs` (default 1 ms) has passed. The pause lets the
 * client read each chunk before the next, so the kernel's socket buffers (megabytes on loopback)
 * do not fill up and the count of flushed bytes is what the client read, give or take a chunk.
 * Ends when the client goes away or `total` is written.
 */
async function stream(res: ServerResponse, total: number, pauseMs: number, wrote: (n: number) => void) {
  const filler = Buffer.alloc(CHUNK, '1,');
  let gone: () => void = () => undefined;
  const closed = new Promise<false>((resolve) => (gone = () => resolve(false)));
  res.once('close', gone);
  let left = total;
  let first = true;
  while (left > 0 && !res.destroyed) {
    const piece = first ? Buffer.concat([Buffer.from('['), filler]).subarray(0, CHUNK) : filler;
    first = false;
    const chunk = piece.subarray(0, Math.min(piece.length, left));
    const flushed = await Promise.race([
      new Promise<boolean>((resolve) => res.write(chunk, (err) => resolve(!err))),
      closed,
    ]);
    if (!flushed) return;
    wrote(chunk.length);
    left -= chunk.length;
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
  res.off('close', gone);
  if (!res.destroyed) res.end();
}

/**
 * The rate window is counted at arrival on loopback, where a busy test machine can bunch
 * requests by some tens of milliseconds; this much slack keeps that from reading as a
 * throttling breach, while a missing or too-fast pacer (3 calls in 666 ms) is still caught.
 */
export const ARRIVAL_JITTER_MS = 100;

/** A cloud gateway's "N requests per second" limit, kept per caller (one key when there is one). */
export class RateWindow {
  private readonly arrivals = new Map<string, number[]>();

  /** `now`: the emulated cloud's time (ms since the epoch); a test may share its own with the bot. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Records an arrival and says whether it went over `perSecond`; a refused one is not counted. */
  admit(perSecond: number, who = '', jitterMs = ARRIVAL_JITTER_MS): boolean {
    const now = this.now();
    const times = this.arrivals.get(who) ?? [];
    while (times.length && now - (times[0] as number) >= 1000 - jitterMs) times.shift();
    this.arrivals.set(who, times);
    if (times.length >= perSecond) return false;
    times.push(now);
    return true;
  }
}
