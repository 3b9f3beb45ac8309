/**
 * Block Kit option objects (Block Kit reference, "Option object"): Slack takes at most 75
 * characters for an option's text and for its value. Providers return whole labels; they are
 * fitted to Slack's size here, the one layer that has it.
 */
import type { Locale, Message, ParamValue } from '../../lib/message.ts';
import type { Choice } from '../../providers/types.ts';
import { plain } from '../escape.ts';
import type { SlackWords } from '../words.ts';

const OPTION_TEXT_MAX = 75;
export const OPTION_VALUE_MAX = 75;

/**
 * A choice's label as option text of at most 75 characters. A longer label has its `name`
 * parameter cut (a job's or subtask's name, the one free-text part of a label, see `Choice`), so
 * the id and the state around it stay whole; a name with no room left is left out. Whatever is
 * still too long is cut at the end.
 */
function optionText(words: SlackWords, label: Message, locale: Locale): string {
  const whole = words.plain(label, locale);
  const name = label.params['name'];
  if (whole.length <= OPTION_TEXT_MAX || typeof name !== 'string') return plain(whole, OPTION_TEXT_MAX);
  const room = name.length - (whole.length - OPTION_TEXT_MAX);
  const params: Record<string, ParamValue> = { ...label.params };
  if (room > 1) params['name'] = `${name.slice(0, room - 1)}…`;
  else delete params['name'];
  return plain(words.plain({ id: label.id, params }, locale), OPTION_TEXT_MAX);
}

/** An option Slack takes: its text fitted, its value no longer than Slack allows. */
export function option(text: string, value: string): { text: { type: 'plain_text'; text: string }; value: string } {
  return { text: { type: 'plain_text', text: plain(text, OPTION_TEXT_MAX) }, value: value.slice(0, OPTION_VALUE_MAX) };
}

/**
 * The choices Slack can offer, each with its text fitted. A choice whose value is longer than
 * Slack takes is left out: cut, its value would name another item.
 */
export function fitChoices(
  words: SlackWords,
  choices: readonly Choice[],
  locale: Locale,
): { label: string; value: string }[] {
  return choices
    .filter((c) => c.value.length <= OPTION_VALUE_MAX)
    .map((c) => ({ label: optionText(words, c.label, locale), value: c.value }));
}
