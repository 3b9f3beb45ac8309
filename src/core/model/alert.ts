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
