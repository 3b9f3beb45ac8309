/**
 * Reading an alert: which rule a message in a channel matches, and the rerun it names. Pure: the
 * rules, the channel and the text in, the target and its raw parameters out.
 */
import type { AnyProvider, RawParams } from '../providers/types.ts';
import { findField, normalizeValue } from './input.ts';
import { REASON_GROUP, type AlertRule } from './model/alert.ts';
import type { Place } from './model/request.ts';
import { globToRegExp } from './policy.ts';

export interface AlertMatch {
  targetId: string;
  /** Keyed by the provider's field keys: the named groups' values, then the rule's fixed params. */
  raw: RawParams;
  /** What the named groups captured, one value per item (lists split): the jobs the alert names. */
  items: string[];
  /**
   * The reason the form is prefilled with (issue 19 item 4): what the rule's named group `reason`
   * captured (an incident reference), else the alert's title (its first line). A front end adds a
   * link to the alert.
   */
  reason?: string | undefined;
}

/** An alert's title, as a reason: one line, short enough for a button's value. */
const MAX_TITLE_CHARS = 150;

function titleOf(text: string): string | undefined {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  return line && (line.length > MAX_TITLE_CHARS ? `${line.slice(0, MAX_TITLE_CHARS - 1)}…` : line);
}

/** Whether a rule's `channel` names this place: its id, or its `#name` (a trailing `*` matches any end). */
export function ruleChannelMatches(channel: string, place: Place): boolean {
  return channel.startsWith('#')
    ? !!place.name && globToRegExp(channel.slice(1)).test(place.name)
    : channel === place.id;
}

/** The first rule for this place whose pattern matches the text, read into the rerun it names. */
export function readAlert(
  rules: readonly AlertRule[],
  providerOf: (targetId: string) => AnyProvider | undefined,
  place: Place,
  text: string,
): AlertMatch | undefined {
  for (const rule of rules) {
    if (!ruleChannelMatches(rule.channel, place)) continue;
    const provider = providerOf(rule.target);
    if (!provider) continue;
    const m = new RegExp(rule.match).exec(text);
    if (!m) continue;
    const raw: RawParams = {};
    const items: string[] = [];
    const captured = m.groups?.[REASON_GROUP]?.trim();
    for (const [name, value] of Object.entries(m.groups ?? {})) {
      if (name === REASON_GROUP) continue;
      const field = findField(provider, name);
      if (!field || value === undefined) continue;
      const v = normalizeValue(field, value);
      raw[field.key] = v;
      items.push(...(Array.isArray(v) ? v : [v]));
    }
    for (const [key, value] of Object.entries(rule.params)) {
      const field = findField(provider, key);
      if (field && raw[field.key] === undefined) raw[field.key] = normalizeValue(field, String(value));
    }
    const reason = captured ? captured.slice(0, MAX_TITLE_CHARS) : titleOf(text);
    return { targetId: rule.target, raw, items: [...new Set(items)].filter(Boolean), ...(reason ? { reason } : {}) };
  }
  return undefined;
}
