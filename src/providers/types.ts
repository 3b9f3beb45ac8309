/**
 * The port every provider implements. A provider is one folder under src/providers/<id>/
 * whose index.ts exports one `Provider` object, made by `defineProvider` (_shared/define.ts); the
 * registry (index.ts) lists them. Nothing outside that folder names a provider: core/ and slack/
 * work only through this shape.
 *
 * Types only: importing this file loads nothing at run time (the architecture test holds it so),
 * and it names nothing of _shared/, which builds on it.
 */
import type { z } from 'zod';
import type { ProviderDemo } from '../emulators/demo.ts';
import type { Locale, Message, MessageBundle } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import type { CallOptions, HttpClient, Pacers } from './transport.ts';

export type { CallOptions, CallPriority, HttpClient, HttpResponse, Pacer, PaceLimit, Pacers } from './transport.ts';

/** The fields every target has, whatever its provider (their schema: _shared/target.ts). */
export interface CommonTarget {
  provider: string;
  endpoint?: string | undefined;
  timeZone: string;
  /** Milliseconds, parsed from the config's duration. */
  timeout: number;
  locale?: Locale | undefined;
  announce?: string | undefined;
  /**
   * The company's own quotas, in calls per second, by operation (or cap across operations) name:
   * `limits:` in the targets file (_shared/allowances.ts). Absent: the provider's defaults.
   */
  limits?: Readonly<Record<string, number>> | undefined;
}

/** How a field is typed in the form and read from `key=value` text. */
type FieldKind =
  | 'text' // one string
  | 'list' // comma-separated list of strings (one per line in the form also works)
  | 'integer'
  | 'boolean' // true/false, yes/no
  | 'choice' // one of `choices`
  | 'time'; // epoch ms, ISO 8601, `YYYY-MM-DD HH:mm` in the target's zone, or relative `-2h`

/** A case of a field: it holds one of `values` (its `default` counts when it is left out). */
export interface FieldCase {
  key: string;
  values: readonly string[];
}

export interface Choice {
  value: string;
  /**
   * Whole, whatever its length: a front end fits it to its own size (Slack: 75 characters) by
   * cutting its `name` parameter, the free-text part of a label (a job's or a subtask's name).
   */
  label: Message;
}

/**
 * One parameter as a person sees it. `key` is the friendly name used in text and as the
 * form block id; `aliases` are the API's own names, also accepted in text.
 */
export interface FieldSpec {
  key: string;
  aliases?: readonly string[];
  label: Message;
  hint: Message;
  /** A value as typed: language-neutral. */
  example: string;
  kind: FieldKind;
  /** Needed in every request, so the form marks it required; the params schema is still the rule. */
  required: boolean;
  /**
   * Read only in one case of another field (`begin` only with `mode=chain`); elsewhere the params
   * schema refuses it. Help lists such fields under their case.
   */
  when?: FieldCase;
  /** With `when`: needed in that case. The form cannot mark a field needed in one case only. */
  neededWhen?: boolean;
  /**
   * The needed field this one stands in for, together with the other fields that name it (`instance`,
   * or else `job_id`, `plan_time` and `submit_time`); help shows them as one choice.
   */
  insteadOf?: string;
  /** What an optional field means when left out, as typed (`mode`: `instance`). */
  default?: string;
  choices?: readonly Choice[];
  /**
   * The form offers a list fetched from the provider (`ProviderSession.options`) instead of
   * a text box; it is refreshed from the values of `dependsOn` already typed in the form.
   */
  pick?: { dependsOn: readonly string[] };
}

/** Raw input keyed by FieldSpec.key, before the provider's schema has read it. */
export type RawParams = Record<string, string | string[] | boolean | undefined>;

/** One thing the rerun would touch (a job, an instance, a subtask) and whether it may be sent. */
export interface PreviewItem {
  id: string;
  name?: string;
  /** The provider's own state code (FAILED, RUNNING…): people search for it. */
  state: string;
  eligible: boolean;
  /** Why it is refused, when it is not eligible. */
  reason?: Message;
  /** The provider's own code and request id behind the reason, when an answer refused it. */
  code?: string | undefined;
  requestId?: string | undefined;
  /** Extra facts a person wants before approving: failed node, when it failed, run count. */
  details?: Message[];
}

export interface Preview<P> {
  items: PreviewItem[];
  /** What the operation really does, shown with the preview. */
  notes: Message[];
  /** The parameters approval will send (only the eligible items), or null if none is. */
  send: P | null;
}

/** The exact request approval will send, with every credential removed. */
export interface CallDescription {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ItemOutcome {
  id: string;
  result: 'accepted' | 'refused' | 'unknown';
  reason?: Message;
}

export interface RerunOutcome {
  /** accepted: all sent items accepted; rejected: none; partial: some; unknown: no proof either way. */
  status: 'accepted' | 'rejected' | 'partial' | 'unknown';
  items: ItemOutcome[];
  /** What a person can act on. */
  message: Message;
  code?: string;
  requestId?: string;
  /** Number of HTTP calls that carried the rerun (for the audit). */
  calls: number;
}

export interface StatusItem {
  id: string;
  /** The provider's own state code. */
  state: string;
  terminal: boolean;
  /**
   * How a terminal item ended, when the provider says: `succeeded`, or `failed` (again).
   * Absent when the provider cannot tell (E-HPC's listing only says a job left the scheduler).
   */
  result?: 'succeeded' | 'failed';
  detail?: Message;
}

export interface JobStatus {
  items: StatusItem[];
  /** True when every item has reached a state it will not leave by itself. */
  terminal: boolean;
}

/** What the store knows about the last rerun of these items, for reading their state after it. */
export interface StatusContext {
  /** When the provider accepted the rerun (ISO time), from the stored execution. */
  acceptedAt?: string;
}

/** One request's status read, among several read together (`statusMany`). */
export interface StatusQuery<P> {
  params: P;
  context: StatusContext;
}

/** One request's status, or the failure that kept it from being read (what `status` would have thrown). */
export type StatusAnswer = { status: JobStatus } | { error: unknown };

/**
 * A failure a provider explains: every error a session throws carries one, so the core can show
 * it without knowing the provider (ProviderError and TransportError in _shared implement it; the
 * core recognizes one with `isProviderFailure`, core/errors.ts).
 */
export interface ProviderFailure {
  detail: Message;
  code?: string | undefined;
  requestId?: string | undefined;
}

/** Timing knobs with a fast variant for tests (see DEFAULT_TIMING / FAST_TIMING). */
export interface ProviderTiming {
  /** First backoff delay for retried reads, in ms. */
  retryBaseMs: number;
  /** How many times a read is retried after a transient failure. */
  readRetries: number;
  /**
   * The most one operation of a session (preview, rerun, status, options) may take, every call
   * and retry in it included (_shared/budget.ts).
   */
  actionBudgetMs: number;
}

export interface ProviderDeps {
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  timing: ProviderTiming;
  /** The pace of each credential's operations, shared by every target that uses it; made once per process. */
  pacers: Pacers;
  /** Told how each operation of the session went (metrics); none in the console. */
  observer?: ProviderObserver | undefined;
  /** The id of the target being connected: the observer's label (ids come from the config). */
  targetId?: string | undefined;
}

export type ProviderOperation = 'preview' | 'rerun' | 'status' | 'status-many' | 'options';

/**
 * How one operation of a session ended. `outcome` is `ok`, a rerun's status, or the kind of
 * failure (`error`: the provider answered with one; `transport`: no complete answer; `not_sent`);
 * `code` is the provider's own error code, when it gave one.
 */
export interface ProviderCall {
  provider: string;
  target: string;
  operation: ProviderOperation;
  outcome: string;
  ms: number;
  code?: string | undefined;
}

export interface ProviderObserver {
  call(call: ProviderCall): void;
}

/** What the caller of `rerun` learns while it runs. */
export interface RerunHooks {
  /**
   * Awaited just before each HTTP request of the rerun is handed to the network, after any wait
   * for the pace: the caller records "sent" durably here. A throw stops the request (nothing is
   * sent): the rerun then reports it not sent.
   */
  sending(): Promise<void>;
}

/** A provider bound to one target: every call here uses that target's endpoint and credentials. */
export interface ProviderSession<P> {
  /**
   * Reads the current state of what `params` names and decides what may be sent. `call.priority`:
   * `person` by default; `rerun` for the re-check just before an approved rerun is sent.
   */
  preview(params: P, call?: CallOptions): Promise<Preview<P>>;
  /** The request `rerun(send)` will make, secrets redacted. Pure: no I/O. */
  describeCall(send: P): CallDescription[];
  /**
   * Sends the rerun. Never repeats a call whose outcome is unknown. `hooks.sending()` is awaited
   * before each request that carries the rerun (not before the reads around it).
   */
  rerun(send: P, hooks?: RerunHooks): Promise<RerunOutcome>;
  /**
   * The current state of what `params` names, after the rerun. `call.priority`: `person` by
   * default (`/rerun status`); `background` for a follow-up poll; `rerun` for the read after an
   * unknown outcome.
   */
  status(params: P, context: StatusContext, call?: CallOptions): Promise<JobStatus>;
  /**
   * The current state of several requests' items, read with as few calls as the provider's API
   * allows (each request's status derived from the shared answers by the same rules as `status`).
   * One answer per query, in their order. Never throws: a read that fails is the answer of every
   * query that needed it, and of no other. `call.priority`: `background` by default (the
   * follow-up's polls, which nobody waits for).
   */
  statusMany(queries: readonly StatusQuery<P>[], call?: CallOptions): Promise<StatusAnswer[]>;
  /**
   * Choices for a `pick` field, given what the form holds so far (a person waits: `person`,
   * whatever `call.priority` says; `call.party` names the person).
   */
  options?(key: string, partial: RawParams, call?: CallOptions): Promise<Choice[]>;
}

/**
 * A session as a provider's folder writes it: its `rerun` is not handed the caller's hooks, since
 * `defineProvider` (_shared/define.ts) runs every rerun inside them, and the HTTP client calls them.
 */
export interface BareSession<P> extends Omit<ProviderSession<P>, 'rerun' | 'statusMany'> {
  /** Sends the rerun. Never repeats a call whose outcome is unknown. */
  rerun(send: P): Promise<RerunOutcome>;
  /**
   * As `ProviderSession.statusMany`; each shared read within its own time budget (see
   * _shared/status-many.ts). Left out by a provider whose API cannot read several requests at
   * once: `defineProvider` then reads them one `status` call each.
   */
  statusMany?(queries: readonly StatusQuery<P>[]): Promise<StatusAnswer[]>;
}

export interface ParamsContext<T> {
  target: T;
  /** "Now", for relative times such as `-2h`. */
  now: Date;
}

export interface Provider<T extends CommonTarget = CommonTarget, P = unknown> {
  id: string;
  /** The product's name as its own console writes it, in each language. */
  displayName: Message;
  /** zod schema of this provider's entry under `targets:` (strict: unknown keys rejected). */
  targetSchema: z.ZodType<T>;
  /** zod schema of the rerun parameters, with the rules between fields, read from RawParams. */
  paramsSchema(ctx: ParamsContext<T>): z.ZodType<P>;
  fields: readonly FieldSpec[];
  /** For `/rerun help`: one line on what the operation does, and `key=value` examples. */
  help: { summary: Message; examples: readonly string[] };
  /** A short readable line of exactly what will be rerun. */
  summarize(params: P): Message;
  /**
   * The raw parameters that name exactly `items` (preview item ids) of a request asked with
   * `raw`: what "Rerun the N remaining…" and an alert digest prefill the form with. Undefined
   * when one request of this provider cannot name those items together.
   */
  selectItems?(raw: RawParams, items: readonly string[]): RawParams | undefined;
  /** This provider's messages in every language (its own folder's catalogs). */
  messages: MessageBundle;
  /** Binds the provider to one target's endpoint and credentials. */
  connect(target: T, deps: ProviderDeps): ProviderSession<P>;
  /** An emulator seeded with the documented examples and the demo target that points at it. */
  demo?: ProviderDemo;
}

/** A provider with its types erased, as the registry and core hold them. */
export type AnyProvider = Provider<CommonTarget, unknown>;

/** Only a type: marks what `defineProvider` made. */
declare const definedByDefineProvider: unique symbol;

/**
 * A provider made by `defineProvider` (_shared/define.ts), the only kind the registry lists: an
 * object written by hand would not run its reruns within the caller's hooks, nor within the budget.
 */
export type DefinedProvider = AnyProvider & { readonly [definedByDefineProvider]: true };

/**
 * A provider as its folder writes it, handed to `defineProvider` (_shared/define.ts), which
 * returns the `Provider` everyone else sees: its sessions run within the caller's rerun hooks,
 * within the time budget, and measured.
 */
export interface ProviderDefinition<T extends CommonTarget, P> extends Omit<Provider<T, P>, 'connect'> {
  /** Binds the provider to one target's endpoint and credentials. */
  connect(target: T, deps: ProviderDeps): BareSession<P>;
}
