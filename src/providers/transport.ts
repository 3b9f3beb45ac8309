/**
 * What a provider session sends through: HTTP (made by `createHttpClient`, _shared/http.ts) and the
 * paces of its credentials' operations, with the priority a call waits at (_shared/pacing.ts). Part
 * of the provider port (types.ts re-exports it), kept apart as the outside world a session is given.
 */
/** One HTTP request, as a provider's client builds it. */
interface HttpRequest {
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

/** How providers send HTTP (made by `createHttpClient`, _shared/http.ts). */
export interface HttpClient {
  /** Sends `req`; inside a rerun's scope it first awaits the rerun's hook (`beforeSending`, _shared/http.ts). */
  send(req: HttpRequest): Promise<HttpResponse>;
}

/**
 * Whose call this is, which decides its place in a pacer's queue (_shared/pacing.ts):
 * - `rerun`: an approved rerun's whole chain (the re-check read just before sending, the rerun
 *   call, the read after an unknown outcome): a person clicked Approve and is watching;
 * - `person`: a call someone waits for (a preview, a form's choices within Slack's 3 seconds,
 *   `/rerun status`);
 * - `background`: what nobody waits for (a follow-up poll).
 * A pacer serves the higher ones first but gives the lower ones their share, so none starves.
 */
export type CallPriority = 'rerun' | 'person' | 'background';

/** How the caller of a session's operation wants it run. */
export interface CallOptions {
  /** Default: `person` (`rerun` for `rerun` itself, whatever is asked). */
  priority?: CallPriority;
  /**
   * Whom the operation is for (a person's id): within a priority, a pacer serves the calls of one
   * allowance round robin by party, so one person's many calls never hold up another's one.
   * Kept in memory only: never logged or measured. Default: none (each call its own).
   */
  party?: string;
  /**
   * Told, while the operation's calls wait for their pace slot, how many calls wait ahead of them
   * (the most over its calls waiting): when one has to wait behind others, whenever the number
   * changes, and 0 once none waits behind another. Never told while nothing is ahead.
   */
  queued?: (ahead: number) => void;
}

/** Runs `fn` when the pace allows: in priority order (the caller's, see CallPriority), then call order. */
export type Pacer = <T>(fn: () => Promise<T>) => Promise<T>;

/** One allowance: calls of `key` start at least `intervalMs` apart. */
export interface PaceLimit {
  /** A provider's own name for a credential and an operation (or a cap across operations), never a secret. */
  key: string;
  intervalMs: number;
  /**
   * The provider's name for what the limit counts (an operation such as `DescribeJobs`, or a cap
   * across operations): how the metrics label the slots taken (a bounded name, never a secret).
   */
  name?: string;
}

/** The paces of each credential's operations (made by `createPacers`, _shared/pacing.ts). */
export interface Pacers {
  /**
   * A pacer that waits for every one of `limits` at once (an operation's own allowance, and a
   * cap across operations where the provider has one, such as 10 requests/s per user across
   * APIs): a call starts when each has a free slot, and takes one of each. Each call is
   * spaced by the intervals of the pacer it went through, so a reloaded target's quota applies
   * at once.
   */
  get(limits: readonly PaceLimit[]): Pacer;
}
