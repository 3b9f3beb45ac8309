/**
 * The port every provider implements. A provider is one folder under src/providers/<id>/
 * whose index.ts exports one `Provider` object; the registry (index.ts) lists them. Nothing
 * outside that folder names a provider: core/ and slack/ work only through this shape.
 */
import type { z } from 'zod';
import type { Clock, Logger } from '../core/ports.ts';
import type { ProviderDemo } from '../emulators/demo.ts';
import type { HttpClient } from './_shared/http.ts';
import type { CommonTarget } from './_shared/target.ts';

/** How a field is typed in the form and read from `key=value` text. */
export type FieldKind =
  | 'text' // one string
  | 'list' // comma-separated list of strings (one per line in the form also works)
  | 'integer'
  | 'boolean' // true/false, yes/no
  | 'choice' // one of `choices`
  | 'time'; // epoch ms, ISO 8601, `YYYY-MM-DD HH:mm` in the target's zone, or relative `-2h`

export interface Choice {
  value: string;
  label: string;
}

/**
 * One parameter as a person sees it. `key` is the friendly name used in text and as the
 * form block id; `aliases` are the API's own names, also accepted in text.
 */
export interface FieldSpec {
  key: string;
  aliases?: readonly string[];
  label: string;
  hint: string;
  example: string;
  kind: FieldKind;
  /** Shown as required in the form; the params schema is still the rule. */
  required: boolean;
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
  state: string;
  eligible: boolean;
  /** Why it is refused, when it is not eligible. */
  reason?: string;
  /** Extra facts a person wants before approving: failed node, when it failed, run count. */
  details?: string[];
}

export interface Preview<P> {
  items: PreviewItem[];
  /** Plain sentences about what the operation really does, shown with the preview. */
  notes: string[];
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
  reason?: string;
}

export interface RerunOutcome {
  /** accepted: all sent items accepted; rejected: none; partial: some; unknown: no proof either way. */
  status: 'accepted' | 'rejected' | 'partial' | 'unknown';
  items: ItemOutcome[];
  /** A sentence a person can act on. */
  message: string;
  code?: string;
  requestId?: string;
  /** Number of HTTP calls that carried the rerun (for the audit). */
  calls: number;
}

export interface StatusItem {
  id: string;
  state: string;
  terminal: boolean;
  detail?: string;
}

export interface JobStatus {
  items: StatusItem[];
  /** True when every item has reached a state it will not leave by itself. */
  terminal: boolean;
  summary: string;
}

/** Timing knobs with a fast variant for tests (see DEFAULT_TIMING / FAST_TIMING). */
export interface ProviderTiming {
  /** First backoff delay for retried reads, in ms. */
  retryBaseMs: number;
  /** How many times a read is retried after a transient failure. */
  readRetries: number;
}

export interface ProviderDeps {
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  timing: ProviderTiming;
}

/** A provider bound to one target: every call here uses that target's endpoint and credentials. */
export interface ProviderSession<P> {
  /** Reads the current state of what `params` names and decides what may be sent. */
  preview(params: P): Promise<Preview<P>>;
  /** The request `rerun(send)` will make, secrets redacted. Pure: no I/O. */
  describeCall(send: P): CallDescription[];
  /** Sends the rerun. Never repeats a call whose outcome is unknown. */
  rerun(send: P): Promise<RerunOutcome>;
  /** The current state of what `params` names, after the rerun. */
  status(params: P): Promise<JobStatus>;
  /** Choices for a `pick` field, given what the form holds so far. */
  options?(key: string, partial: RawParams): Promise<Choice[]>;
}

export interface ParamsContext<T> {
  target: T;
  /** "Now", for relative times such as `-2h`. */
  now: Date;
}

export interface Provider<T extends CommonTarget = CommonTarget, P = unknown> {
  id: string;
  displayName: string;
  /** zod schema of this provider's entry under `targets:` (strict: unknown keys rejected). */
  targetSchema: z.ZodType<T>;
  /** zod schema of the rerun parameters, with the rules between fields, read from RawParams. */
  paramsSchema(ctx: ParamsContext<T>): z.ZodType<P>;
  fields: readonly FieldSpec[];
  /** For `/rerun help`: one line on what the operation does, and `key=value` examples. */
  help: { summary: string; examples: readonly string[] };
  /** A short readable line of exactly what will be rerun. */
  summarize(params: P): string;
  /** Binds the provider to one target's endpoint and credentials. */
  connect(target: T, deps: ProviderDeps): ProviderSession<P>;
  /** An emulator seeded with the documented examples and the demo target that points at it. */
  demo?: ProviderDemo;
}

/** A provider with its types erased, as the registry and core hold them. */
export type AnyProvider = Provider<CommonTarget, unknown>;

/** Identity helper that keeps a provider's own types while checking its shape. */
export function defineProvider<T extends CommonTarget, P>(p: Provider<T, P>): AnyProvider {
  return p as unknown as AnyProvider;
}
