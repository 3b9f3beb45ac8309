/**
 * Messages are data: an id with parameters, never a sentence. The core and the providers
 * return them, the store keeps them, and each surface renders them in the reader's language
 * (src/i18n). A stored message can therefore be shown again later, in another language.
 */

/** What a message may carry. Strings are untrusted text: every surface escapes them. */
export type ParamValue = string | number | boolean | undefined | Message | readonly (string | number | Message)[];

export interface Message {
  readonly id: string;
  readonly params: Readonly<Record<string, ParamValue>>;
}

/** The languages a catalog exists for. `en` is the default. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A message set: message id → its parameters. Write it as a `type` alias of object literal
 * types (interfaces have no index signature, so they do not fit `Record<string, ParamValue>`).
 */
type MessageSet = Record<string, Record<string, ParamValue>>;

/** How a list is joined: and, or, or units side by side (Intl.ListFormat's types). */
export type ListKind = 'conjunction' | 'disjunction' | 'unit';

/**
 * What a template may use. A surface implements it (Slack: mrkdwn, mentions and date tokens;
 * console: plain text). String parameters reach templates already escaped for the surface, so a
 * template may interpolate them directly; the helpers below only add meaning.
 */
export interface Format {
  readonly locale: Locale;
  /** The surface takes typed commands instead of buttons (the console): name the command, not the button. */
  readonly typed: boolean;
  /** An identifier or a typed value: a job id, a key, a state code. */
  code(s: string | number): string;
  /** A word to stand out: a state, a policy name. */
  strong(s: string): string;
  /** A person, by the id the surface knows them by. */
  user(id: string): string;
  /** A rerun command with its arguments, the way this surface takes it (`status rr-1`). */
  command(args: string): string;
  /** An absolute time (ISO string, epoch ms or Date). */
  date(at: string | number | Date): string;
  /** A time relative to now: "2 hours ago", "in 30 minutes". */
  relative(at: string | number | Date): string;
  duration(ms: number): string;
  number(n: number): string;
  list(items: readonly string[], type?: ListKind): string;
  /** Picks a plural form by Intl.PluralRules for this locale. */
  plural(n: number, forms: { one?: string; other: string }): string;
  /** A nested message, rendered in the same language. */
  msg(m: Message): string;
}

export type Template<P> = (p: P, f: Format) => string;

/** Every message of the set, in one language: a missing id fails the typecheck. */
export type Catalog<S extends MessageSet> = { [K in keyof S]: Template<S[K]> };

/**
 * One example of each message's parameters. Typed against the set, so a new message without an
 * example fails the typecheck; the rendering test enumerates the ids from it.
 */
export type Samples<S extends MessageSet> = { [K in keyof S]: S[K] };

/** A message set with its catalogs: what a provider folder, or the core, contributes. */
export interface MessageBundle<S extends MessageSet = MessageSet> {
  catalogs: { [L in Locale]: Catalog<S> };
  samples: Samples<S>;
}

/** Builds messages of one set with their parameters checked: `msg('x.y', { n: 1 })`. */
export function messagesOf<S extends MessageSet>() {
  return <K extends keyof S & string>(id: K, params: S[K]): Message => ({ id, params });
}

/** Checks a bundle's shape against its set while keeping the set's types (for the registry). */
export function defineBundle<S extends MessageSet>(b: MessageBundle<S>): MessageBundle {
  return b as unknown as MessageBundle;
}

export function isMessage(v: unknown): v is Message {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Message).id === 'string' &&
    typeof (v as Message).params === 'object' &&
    (v as Message).params !== null
  );
}
