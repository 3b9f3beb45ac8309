/**
 * Reads the text of a rerun command (docs/SPEC.md §4), the same on every surface: Slack passes
 * what follows `/rerun`, the console a whole line. Pure: no I/O; every failure is a message that
 * says what to type instead.
 */
import type { Message } from '../lib/message.ts';
import { coreMsg } from './messages.ts';

export type Command =
  | { kind: 'form' }
  | { kind: 'help' }
  /** What waits for the caller, what they asked, and the last decisions (use-cases/pending.ts). */
  | { kind: 'pending' }
  | { kind: 'status'; id: string }
  | { kind: 'cancel'; id: string }
  | { kind: 'history'; targetId?: string; limit: number }
  | { kind: 'request'; targetId: string; pairs: [string, string][] }
  | { kind: 'error'; message: Message };

/** Slack escapes &, < and > in command text; people paste curly quotes from docs. */
function normalize(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\u00a0/g, ' ')
    .trim();
}

/** Splits on whitespace outside quotes; quotes group and are removed. */
export function tokenize(text: string): { tokens: string[] } | { error: Message } {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) return { error: coreMsg('command.openQuote', { quote }) };
  if (started) tokens.push(current);
  return { tokens };
}

const ID = /^[A-Za-z0-9-]{1,40}$/;

export function parseCommand(raw: string): Command {
  const text = normalize(raw);
  if (text === '') return { kind: 'form' };
  const t = tokenize(text);
  if ('error' in t) return { kind: 'error', message: t.error };
  const [head = '', ...rest] = t.tokens;
  const word = head.toLowerCase();
  if (word === 'help' || word === '?') return { kind: 'help' };
  if (word === 'pending' && rest.length === 0) return { kind: 'pending' };
  if (word === 'status' || word === 'cancel') {
    const id = rest[0];
    if (!id || rest.length > 1 || !ID.test(id)) return { kind: 'error', message: coreMsg('command.needsId', { word }) };
    return { kind: word, id };
  }
  if (word === 'history') {
    let targetId: string | undefined;
    let limit = 10;
    for (const arg of rest) {
      if (/^\d+$/.test(arg)) {
        // Zero requests is no answer: say so rather than quietly show one.
        if (Number(arg) < 1) return { kind: 'error', message: coreMsg('command.historyMin', {}) };
        limit = Math.min(Number(arg), 50);
      } else if (!targetId && /^[a-z0-9][a-z0-9_-]*$/i.test(arg)) targetId = arg;
      else return { kind: 'error', message: coreMsg('command.history', {}) };
    }
    return { kind: 'history', targetId, limit };
  }
  if (head.includes('=')) return { kind: 'error', message: coreMsg('command.targetFirst', { pair: head }) };
  const pairs: [string, string][] = [];
  for (const token of rest) {
    const eq = token.indexOf('=');
    if (eq <= 0) return { kind: 'error', message: coreMsg('command.notPair', { token }) };
    pairs.push([token.slice(0, eq), token.slice(eq + 1)]);
  }
  return { kind: 'request', targetId: head, pairs };
}
