/** Splitting bulk requests into provider-sized calls and merging their outcomes per item. */
import type { ItemOutcome, RerunOutcome } from '../types.ts';
import { sharedMsg } from './messages.ts';

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function statusOf(items: readonly ItemOutcome[]): RerunOutcome['status'] {
  const accepted = items.filter((i) => i.result === 'accepted').length;
  const unknown = items.filter((i) => i.result === 'unknown').length;
  if (accepted === items.length) return 'accepted';
  if (unknown > 0 && accepted === 0 && unknown === items.length) return 'unknown';
  if (accepted === 0 && unknown === 0) return 'rejected';
  return 'partial';
}

/** One outcome from the outcomes of several calls: items concatenated, distinct messages kept in order. */
export function mergeOutcomes(parts: readonly RerunOutcome[]): RerunOutcome {
  if (parts.length === 1 && parts[0]) return parts[0];
  const items = parts.flatMap((p) => p.items);
  const seen = new Set<string>();
  const messages = parts
    .map((p) => p.message)
    .filter((m) => !seen.has(JSON.stringify(m)) && !!seen.add(JSON.stringify(m)));
  const requestIds = parts.map((p) => p.requestId).filter((x): x is string => !!x);
  const codes = [...new Set(parts.map((p) => p.code).filter((x): x is string => !!x))];
  return {
    status: statusOf(items),
    items,
    message: messages.length === 1 && messages[0] ? messages[0] : sharedMsg('provider.merged', { parts: messages }),
    code: codes.length ? codes.join(', ') : undefined,
    requestId: requestIds.length ? requestIds.join(', ') : undefined,
    calls: parts.reduce((n, p) => n + p.calls, 0),
  };
}
