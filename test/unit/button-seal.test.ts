/**
 * The sealed value of a button shown away from the request's own message (App Home, the answer to
 * a colliding ask): it counts only for the person, surface, request state and time it was sealed for.
 */
import { describe, expect, it } from 'vitest';
import { BUTTON_SEAL_TTL_MS, buttonSeal } from '../../src/slack/button-seal.ts';
import { formSeal } from '../../src/slack/form-seal.ts';

const TOKEN = 'xoxb-fake';
const now = new Date('2026-12-04T03:00:00Z');
const seal = buttonSeal(TOKEN);
const shown = { requestId: 'rr-1a2b3c4d', shown: 'pending:7', surface: 'home' as const };

describe('button seal', () => {
  it('opens for the person, surface and time it was sealed for, with what was shown', () => {
    const value = seal.seal(shown, 'U0BOB', now);
    expect(value.length).toBeLessThan(2000);
    expect(seal.open(value, 'U0BOB', 'home', now)).toEqual({ ok: true, button: shown });
  });

  it('refuses another person, another surface, an expired seal', () => {
    const value = seal.seal(shown, 'U0BOB', now);
    expect(seal.open(value, 'U0MALLORY', 'home', now)).toEqual({ ok: false, reason: 'person' });
    expect(seal.open(value, 'U0BOB', 'collision', now)).toEqual({ ok: false, reason: 'surface' });
    const later = new Date(now.getTime() + BUTTON_SEAL_TTL_MS + 1_000);
    expect(seal.open(value, 'U0BOB', 'home', later)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a value changed by hand, sealed with another token, or not sealed at all', () => {
    const value = seal.seal(shown, 'U0BOB', now);
    const [v, payload, mac] = value.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), u: 'U0MALLORY' }),
    ).toString('base64url');
    expect(seal.open(`${v}.${forged}.${mac}`, 'U0MALLORY', 'home', now)).toEqual({ ok: false, reason: 'signature' });
    const other = buttonSeal('xoxb-fake-2').seal(shown, 'U0BOB', now);
    expect(seal.open(other, 'U0BOB', 'home', now)).toEqual({ ok: false, reason: 'signature' });
    expect(seal.open('{"id":"rr-1a2b3c4d"}', 'U0BOB', 'home', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(seal.open(undefined, 'U0BOB', 'home', now)).toEqual({ ok: false, reason: 'malformed' });
    expect(seal.open('x'.repeat(2001), 'U0BOB', 'home', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it("never takes a form's sealed context for a button's", () => {
    const forms = formSeal(TOKEN);
    const metadata = forms.seal({ channel: 'C0INCIDENT', formId: forms.newFormId() }, 'U0BOB', now);
    expect(seal.open(metadata, 'U0BOB', 'home', now).ok).toBe(false);
  });
});
