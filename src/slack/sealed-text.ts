/**
 * Text the bot hands to Slack and reads back later (a form's private_metadata, a button's value),
 * signed so a forged or edited copy is refused: `<version>.<base64url JSON>.<HMAC>`. The key is
 * derived with HKDF (RFC 5869) from the bot token under a label of its own per use, so one kind
 * of sealed text never passes for another. Each use checks the body's shape and meaning itself.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export type Opened = { ok: true; body: unknown } | { ok: false; reason: 'malformed' | 'signature' };

export interface SealedText {
  seal(body: unknown): string;
  /** The body, if the text is sealed by this key; at most `max` characters are read at all. */
  open(text: string, max: number): Opened;
}

export function sealedText(botToken: string, label: string, version: string): SealedText {
  const key = Buffer.from(hkdfSync('sha256', botToken, 'rerun-bot', label, 32));
  const mac = (payload: string) => createHmac('sha256', key).update(`${version}.${payload}`).digest('base64url');
  return {
    seal(body) {
      const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
      return `${version}.${payload}.${mac(payload)}`;
    },
    open(text, max) {
      if (text.length > max) return { ok: false, reason: 'malformed' };
      const [v, payload, signature, ...rest] = text.split('.');
      if (v !== version || !payload || !signature || rest.length) return { ok: false, reason: 'malformed' };
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, reason: 'signature' };
      try {
        return { ok: true, body: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) };
      } catch {
        return { ok: false, reason: 'malformed' };
      }
    },
  };
}
