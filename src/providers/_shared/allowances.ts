/**
 * Each provider's allowances, one pace per credential and operation (docs/providers/FACTS.md):
 * the clouds count their limits per API, so a rerun never shares a queue with the reads (the
 * pacer still serves a person's calls first, pacing.ts). Where a provider also caps a user across
 * its APIs (one of the four counts 10 requests/s per user), a call waits for both its
 * operation's pace and that cap's.
 *
 * The defaults are each provider's (its limits.ts: the documented figure, the low one where
 * sources differ, or a conservative choice where none is published). A company with another
 * quota says so per target in the targets file: `limits: { DescribeJobs: 5/s }` (docs/SPEC.md §3,
 * README "Provider limits"); an operation the provider does not have is refused, naming the ones
 * it has.
 */
import { z } from 'zod';
import type { PaceLimit, Pacer, Pacers } from '../types.ts';

/** A provider's allowances, in calls per second. */
export interface Allowances<Op extends string = string> {
  /** Per operation, by the provider's own API name. */
  operations: Readonly<Record<Op, number>>;
  /** Caps across operations, by name (the key `limits:` takes): the rate and the operations it counts. */
  shared?: Readonly<Record<string, { perSecond: number; covers: readonly Op[] }>>;
}

/**
 * Calls are spaced 4% wider than an allowance, so timer jitter never puts one call too many in
 * the server's one-second window; 96% of the allowance stays in use.
 */
const HEADROOM = 1.04;

/** The spacing of calls at `perSecond`, with the headroom. */
export function spacingMs(perSecond: number): number {
  return Math.ceil((1000 / perSecond) * HEADROOM);
}

/** `5/s`, `0.5/s`, `120/m` (per minute) → calls per second. */
export function parseRate(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute)\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (!(n > 0)) return undefined;
  return /^m/i.test(m[2] as string) ? n / 60 : n;
}

/** The names `limits:` takes for these allowances: the operations, then the caps across them. */
export function allowanceNames(allowances: Allowances): string[] {
  return [...Object.keys(allowances.operations), ...Object.keys(allowances.shared ?? {})];
}

/**
 * The schema of a target's `limits:` (optional): each key an operation or a cap of `allowances`,
 * each value a rate (`5/s`, `120/m`), read as calls per second.
 */
export function limitsField(allowances: Allowances) {
  const known = allowanceNames(allowances);
  return z
    .record(z.string(), z.union([z.string(), z.number()]))
    .superRefine((limits, ctx) => {
      for (const [name, rate] of Object.entries(limits)) {
        if (!known.includes(name))
          ctx.addIssue({ code: 'custom', path: [name], message: `unknown operation; known: ${known.join(', ')}` });
        else if (parseRate(String(rate)) === undefined)
          ctx.addIssue({ code: 'custom', path: [name], message: 'must be a rate such as 5/s or 120/m' });
      }
    })
    .transform((limits) =>
      Object.fromEntries(Object.entries(limits).map(([name, rate]) => [name, parseRate(String(rate)) as number])),
    )
    .optional();
}

/**
 * The pacer of `op` for one credential (`credential`: the provider's own name for it, never a
 * secret): its operation's allowance, and every cap that counts it, each at the target's quota
 * when it sets one (`quota`, from `limits:`), else the provider's default.
 */
export function operationPacer<Op extends string>(
  pacers: Pacers,
  credential: string,
  allowances: Allowances<Op>,
  quota: Readonly<Record<string, number>> | undefined,
  op: Op,
): Pacer {
  const limits: PaceLimit[] = [
    { key: `${credential}:${op}`, intervalMs: spacingMs(quota?.[op] ?? allowances.operations[op]), name: op },
  ];
  for (const [name, cap] of Object.entries(allowances.shared ?? {}))
    if (cap.covers.includes(op))
      limits.push({ key: `${credential}:${name}`, intervalMs: spacingMs(quota?.[name] ?? cap.perSecond), name });
  return pacers.get(limits);
}

/** One pacer per operation, made when first used: what a client keeps for its credential. */
export function operationPacers<Op extends string>(
  pacers: Pacers,
  credential: string,
  allowances: Allowances<Op>,
  quota: Readonly<Record<string, number>> | undefined,
): (op: Op) => Pacer {
  const made = new Map<Op, Pacer>();
  return (op) => {
    let pacer = made.get(op);
    if (!pacer) {
      pacer = operationPacer(pacers, credential, allowances, quota, op);
      made.set(op, pacer);
    }
    return pacer;
  };
}
