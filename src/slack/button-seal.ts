/**
 * A button that acts on a request from somewhere other than the request's own message (the App
 * Home's "Waiting for me", the answer to an ask that collided with an open request) carries a
 * sealed value. origin.ts can tie a click on the approval message to where the request was
 * posted; a Home view or an ephemeral answer has no such anchor, so the value itself says who it
 * was shown to, where, and which state of the request it showed, signed by the bot. A click counts
 * only when the signature holds, the clicker is the person it was shown to, it was shown on the
 * surface the click comes from, it has not expired, and the request still is as it was shown.
 *
 * Its key has its own label (sealed-text.ts), so a form's seal (form-seal.ts) never passes for a
 * button's, nor the other way round.
 */
import { z } from 'zod';
import { MAX_BUTTON_VALUE_CHARS } from './payloads.ts';
import { sealedText } from './sealed-text.ts';

/** Where a sealed button was shown: the clicker's App Home, or an answer only they could see. */
export type SealedSurface = 'home' | 'collision';

/** How long a shown button acts: a Home view is published again on every change well before. */
export const BUTTON_SEAL_TTL_MS = 24 * 60 * 60_000;

export interface SealedButton {
  requestId: string;
  /** The request as shown (its state and version, chosen by the caller), compared on the click. */
  shown: string;
  surface: SealedSurface;
}

export type OpenedButton =
  | { ok: true; button: SealedButton }
  | { ok: false; reason: 'malformed' | 'signature' | 'person' | 'surface' | 'expired' };

const body = z.object({
  q: z.string().regex(/^[a-z0-9-]{1,40}$/),
  v: z.string().min(1).max(80),
  s: z.enum(['home', 'collision']),
  u: z.string().min(1).max(40),
  x: z.number().int(),
});

const VERSION = 'b1';

export interface ButtonSeal {
  seal(button: SealedButton, userId: string, now: Date): string;
  /** `surface`: where Slack says the click came from. */
  open(value: string | undefined, userId: string, surface: SealedSurface, now: Date): OpenedButton;
}

export function buttonSeal(botToken: string): ButtonSeal {
  const sealed = sealedText(botToken, 'button value v1', VERSION);
  return {
    seal(button, userId, now) {
      const b: z.infer<typeof body> = {
        q: button.requestId,
        v: button.shown,
        s: button.surface,
        u: userId,
        x: Math.floor((now.getTime() + BUTTON_SEAL_TTL_MS) / 1000),
      };
      return sealed.seal(b);
    },
    open(value, userId, surface, now) {
      if (!value) return { ok: false, reason: 'malformed' };
      const opened = sealed.open(value, MAX_BUTTON_VALUE_CHARS);
      if (!opened.ok) return opened;
      const b = body.safeParse(opened.body);
      if (!b.success) return { ok: false, reason: 'malformed' };
      if (b.data.u !== userId) return { ok: false, reason: 'person' };
      if (b.data.s !== surface) return { ok: false, reason: 'surface' };
      if (b.data.x * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, button: { requestId: b.data.q, shown: b.data.v, surface: b.data.s } };
    },
  };
}
