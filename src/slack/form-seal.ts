/**
 * The form's context, sealed. Slack hands a modal's `private_metadata` back on every interaction
 * with it, but a forged or replayed payload can hold anything there, and what it holds decides
 * where the approval request is posted and which channel a `channels:` policy checks. So the bot
 * signs it when it opens the form and refuses it unless the signature, the person and the expiry
 * all hold: a channel typed into the metadata never reaches the core. The channel's name is not in
 * it: it is read from Slack when the form is submitted (channels.ts), so a rename counts.
 *
 * The person's language travels in it too (as the bot knew it when it filled the form in), so the
 * submission's answer, given in its ack, needs no users.info look-up at whichever replica gets it.
 *
 * The key is derived from the bot token (sealed-text.ts): every replica has the same token,
 * in HTTP mode and in Socket Mode alike (where there may be no signing secret), so a form opened
 * at one replica is read at another. A rotated token makes open forms stale; the person is told
 * to open a new one.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { resolveLocale } from '../i18n/locale.ts';
import type { Locale } from '../lib/message.ts';
import { MAX_METADATA_CHARS } from './payloads.ts';
import { sealedText } from './sealed-text.ts';

/** Long enough to fill in a form during an incident; a form left open longer is opened anew. */
export const FORM_CONTEXT_TTL_MS = 2 * 60 * 60_000;

/** What the bot decided when it opened the form (Slack's own channel id, the thread). */
export interface FormContext {
  channel: string;
  threadTs?: string | undefined;
  targetId?: string | undefined;
  /** The request a break-glass form approves (listeners/views/glass-form.ts). */
  requestId?: string | undefined;
  /** One per opened form: a second submission of the same form is recognised by it. */
  formId: string;
  /**
   * The person's language as the bot knew it when it opened (or filled in) the form: what answers
   * the submission in its ack, at any replica, without a users.info look-up. Forms sealed before
   * it was carried have none.
   */
  locale?: Locale | undefined;
  /**
   * Whether the channel is private, as the payload that opened the form said (channels.ts); forms
   * sealed before it was carried, or opened from a payload that did not say, have none.
   */
  private?: boolean | undefined;
}

/** Why sealed metadata was refused; each gets the same clear answer, the reason goes to the log. */
type Unsealed =
  | { ok: true; context: FormContext }
  | { ok: false; reason: 'too-large' | 'malformed' | 'signature' | 'person' | 'expired' };

/** Short keys: the sealed text must fit Slack's 3,000 characters with room to spare. */
const sealedBody = z.object({
  c: z.string().regex(/^[CDGU][A-Z0-9]{2,30}$/),
  /** The channel name forms sealed before names came from Slack still carry: read, never used. */
  n: z.string().max(80).optional(),
  th: z
    .string()
    .regex(/^\d{1,12}\.\d{1,9}$/)
    .optional(),
  t: z.string().max(200).optional(),
  q: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  u: z.string().min(1).max(40),
  x: z.number().int(),
  f: z.string().regex(/^[A-Za-z0-9_-]{8,40}$/),
  /**
   * The person's language (optional: forms sealed before it was carried). Any short tag is read, as
   * resolveLocale reads Slack's: a replica of another version may know other catalogs.
   */
  l: z.string().max(20).optional(),
  /** The channel is private (1) or public (0), as the opening payload said (optional). */
  p: z.union([z.literal(0), z.literal(1)]).optional(),
});

const VERSION = 'v1';

export interface FormSeal {
  /** A new form's id (random: it names nothing). */
  newFormId(): string;
  seal(context: FormContext, userId: string, now: Date): string;
  open(metadata: string | undefined, userId: string, now: Date): Unsealed;
}

export function formSeal(botToken: string): FormSeal {
  const sealed = sealedText(botToken, 'form private_metadata v1', VERSION);
  return {
    newFormId: () => randomBytes(12).toString('base64url'),
    seal(context, userId, now) {
      const body: z.infer<typeof sealedBody> = {
        c: context.channel,
        ...(context.threadTs ? { th: context.threadTs } : {}),
        ...(context.targetId ? { t: context.targetId } : {}),
        ...(context.requestId ? { q: context.requestId } : {}),
        u: userId,
        x: Math.floor((now.getTime() + FORM_CONTEXT_TTL_MS) / 1000),
        f: context.formId,
        ...(context.locale ? { l: context.locale } : {}),
        ...(context.private !== undefined ? { p: context.private ? (1 as const) : (0 as const) } : {}),
      };
      return sealed.seal(body);
    },
    open(metadata, userId, now) {
      if (!metadata || metadata.length > MAX_METADATA_CHARS) return { ok: false, reason: 'too-large' };
      const opened = sealed.open(metadata, MAX_METADATA_CHARS);
      if (!opened.ok) return opened;
      const body = sealedBody.safeParse(opened.body);
      if (!body.success) return { ok: false, reason: 'malformed' };
      if (body.data.u !== userId) return { ok: false, reason: 'person' };
      if (body.data.x * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
      const { c, th, t, q, f, l, p } = body.data;
      return {
        ok: true,
        context: {
          channel: c,
          threadTs: th,
          targetId: t,
          requestId: q,
          formId: f,
          locale: l ? resolveLocale(l) : undefined,
          ...(p !== undefined ? { private: p === 1 } : {}),
        },
      };
    },
  };
}
