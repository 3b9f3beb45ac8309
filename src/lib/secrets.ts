/**
 * The secret values this process knows, and the one step that removes them from text. Everything
 * that leaves for Slack, the console or a log passes `redactSecrets` (i18n/render.ts for what
 * people read, logging.ts for every log line), whatever produced the text: a provider's error
 * echoing the request it got is scrubbed like anything else.
 *
 * Filled when the config is loaded (every credential under a target's `auth`) and whenever a
 * credential is obtained at run time (an IAM token). One registry per process, like the config
 * it comes from: a value is a secret wherever it turns up, so every path must see the same set,
 * and handing it down every call chain would be one more thing a new path could forget.
 */

export const REDACTED = '[redacted]';

/**
 * Values shorter than this are not registered: replacing every "ab" in every message would mangle
 * ordinary words and numbers while protecting nothing (such a secret is guessed in moments).
 */
const MIN_SECRET_LENGTH = 4;

/**
 * Keys under `auth` that name, not prove: a user or domain name and an address are what a person
 * needs to read in an error ("IAM refused user … in domain …"), and a user name such as the bot's
 * own would otherwise be cut out of every message that names the bot.
 */
const NOT_SECRET_KEYS = new Set(['username', 'domain', 'iamEndpoint', 'kind']);

const known = new Set<string>();
/** Longest first, so a secret that contains another is removed whole. */
let ordered: string[] = [];

/** Registers a secret value; short or empty values are ignored (see MIN_SECRET_LENGTH). */
export function addSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || known.has(value)) return;
  known.add(value);
  // How it looks inside a JSON string (a log line, a vendor's echoed request body) or a URL
  // (an echoed query or form body), when that differs.
  for (const form of [JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])
    if (form !== value) known.add(form);
  ordered = [...known].sort((a, b) => b.length - a.length);
}

/** Registers every credential under a target's `auth` (nested values included, names excepted). */
export function addSecretsOf(auth: unknown): void {
  if (typeof auth === 'string') addSecret(auth);
  else if (Array.isArray(auth)) auth.forEach(addSecretsOf);
  else if (auth && typeof auth === 'object')
    for (const [k, v] of Object.entries(auth)) if (!NOT_SECRET_KEYS.has(k)) addSecretsOf(v);
}

/**
 * Forgets every registered secret, as a new process starts. Only for a test runner that runs
 * several test files in one process: each file starts with the registry a fresh bot would have
 * (test/support/per-file.ts), so what one file registered never redacts another file's text.
 */
export function forgetSecrets(): void {
  known.clear();
  ordered = [];
}

/** `text` with every known secret replaced by REDACTED. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
