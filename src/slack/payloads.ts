/** zod for what Slack hands back to us: button values, private_metadata, view state. */
import { z } from 'zod';

export const buttonValue = z.object({ id: z.string().regex(/^[a-z0-9-]{1,40}$/) });

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
