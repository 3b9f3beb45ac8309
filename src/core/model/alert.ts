/** Alerts as the core knows them: the rules that read them, and what the bot offers for one. */
import type { Message } from '../../lib/message.ts';
import type { RawParams } from '../../providers/types.ts';
import type { SurfaceRef } from './request.ts';

/**
 * An alert rule (docs/SPEC.md §3 `alerts:`): in a channel, a message whose text matches `match`
 * is offered a rerun on `target`; the regular expression's named groups and the fixed `params`
 * are the rerun's parameters. config/ parses the file into this shape.
 */
export interface AlertRule {
  /** A channel id (C…/G…) or a `#name` that may end in `*`. */
  channel: string;
  /** A JavaScript regular expression with named groups, such as `job (?<job_ids>job-\w+) failed`. */
  match: string;
  target: string;
  params: Record<string, string | number | boolean>;
}

/** The named groups of a regular expression's source, in order. */
export function namedGroups(source: string): string[] {
  return [...source.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1] as string);
}

/**
 * What the bot offers for an alert (use-cases/alert.ts), without calling the provider: the rerun
 * the alert names with what is still missing, or the open request that already holds one of its jobs.
 */
export type Offer =
  /** Offer a rerun: the form opens with `raw`, `missing` fields marked. */
  | {
      kind: 'offer';
      targetId: string;
      raw: RawParams;
      items: string[];
      missing: string[];
      /** What the form's Reason is prefilled with (the alert's incident reference or title). */
      reason?: string;
    }
  /**
   * A job the alert names is already in an open request: say so instead of offering a second
   * (`published`: where that request's message is, for a front end to link it).
   */
  | { kind: 'open'; targetId: string; items: string[]; message: Message; published?: SurfaceRef | undefined }
  | { kind: 'unknown-target'; targetId: string };

/** The named group an alert rule may use to capture the incident reference (issue 19 item 4; never a provider's key). */
export const REASON_GROUP = 'reason';
