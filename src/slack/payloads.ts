/**
 * zod for what Slack hands back to us: button values, private_metadata, view state. Every field
 * the bot reads has a cap (Slack's own limits, docs/slack/PLATFORM.md §3.3): a payload past it is
 * forged, and is refused before it is parsed, let alone acted on.
 */
import { z } from 'zod';

/** Slack's limit on a button's value. */
export const MAX_BUTTON_VALUE_CHARS = 2000;
/** Slack's limit on a view's private_metadata. */
export const MAX_METADATA_CHARS = 3000;
/** A plain_text_input holds at most 3,000 characters. */
const MAX_INPUT_CHARS = 3000;
/** A multi-select offers at most 100 options. */
const MAX_OPTIONS = 100;

/**
 * A JSON value from a payload, checked: undefined for text past `max`, text that is not JSON, or
 * JSON of another shape, so a listener answers one clear sentence instead of a parser's message.
 */
export function parseJson<T>(schema: z.ZodType<T>, text: string | undefined, max: number): T | undefined {
  if (typeof text !== 'string' || text.length > max) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const buttonValue = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/) });

/**
 * The Rerun… button of an alert reply: target, the raw params read from the alert, and where the
 * alert is (its channel and ts: the approval request goes in its thread). Short keys: a button
 * value holds at most 2000 characters.
 */
export const alertButton = z.object({
  t: z.string().min(1),
  r: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()])).default({}),
  c: z.string().min(1),
  ts: z.string().min(1),
  /** The reason the form is prefilled with (an alert's incident reference or title). */
  rs: z.string().max(300).optional(),
});
export type AlertButton = z.infer<typeof alertButton>;

/** Rerun selected… of a digest: the digest and the target whose multi-select it reads. */
export const digestButton = z.object({ d: z.string().regex(/^rd-[a-z0-9]{1,40}$/), t: z.string().min(1).max(200) });
export type DigestButton = z.infer<typeof digestButton>;

const option = z.object({ value: z.string().max(MAX_INPUT_CHARS) });
const stateValue = z.object({
  type: z.string().max(100),
  value: z.string().max(MAX_INPUT_CHARS).nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).max(MAX_OPTIONS).nullish(),
});
type StateValue = z.infer<typeof stateValue>;

export const viewState = z.record(z.string().max(255), z.record(z.string().max(255), stateValue));
export type ViewState = z.infer<typeof viewState>;

/** The text a state value holds, whatever the element. */
export function valueOf(v: StateValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.selected_option) return v.selected_option.value;
  if (v.selected_options) return v.selected_options.map((o) => o.value).join(',');
  return v.value ?? undefined;
}
