/** zod for what Slack hands back to us: button values, private_metadata, view state. */
import { z } from 'zod';

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
});
export type AlertButton = z.infer<typeof alertButton>;

/** Rerun selected… of a digest: the digest and the target whose multi-select it reads. */
export const digestButton = z.object({ d: z.string().regex(/^rd-[a-z0-9]{1,40}$/), t: z.string().min(1).max(200) });
export type DigestButton = z.infer<typeof digestButton>;

export const formMetadata = z.object({
  channel: z.string().min(1),
  channelName: z.string().optional(),
  threadTs: z.string().optional(),
  targetId: z.string().optional(),
});
export type FormMetadata = z.infer<typeof formMetadata>;

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
export type StateValue = z.infer<typeof stateValue>;

export const viewState = z.record(z.string(), z.record(z.string(), stateValue));
export type ViewState = z.infer<typeof viewState>;

/** The text a state value holds, whatever the element. */
export function valueOf(v: StateValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.selected_option) return v.selected_option.value;
  if (v.selected_options) return v.selected_options.map((o) => o.value).join(',');
  return v.value ?? undefined;
}
