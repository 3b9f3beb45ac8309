/**
 * Around the rerun call: the state read again just before sending, the items the re-check
 * leaves out, and the state read after an unknown outcome.
 */
import type { PreviewItem, RerunOutcome } from '../providers/types.ts';
import type { RerunRequest } from './request.ts';
import type { Target } from './targets.ts';

/**
 * Approval can come long after the preview: the state is read again just before sending,
 * and only what is still eligible is sent. If it cannot be read, nothing is sent.
 */
export async function recheckBeforeSend(
  target: Target,
  request: RerunRequest,
): Promise<{ send: unknown; refused: PreviewItem[] } | { outcome: RerunOutcome }> {
  let fresh;
  try {
    fresh = await target.session.preview(request.send);
  } catch (err) {
    return {
      outcome: {
        status: 'rejected',
        items: [],
        message: `Could not read the current state just before sending (${describeError(err)}); nothing was sent. Ask again when ${target.provider.displayName} answers.`,
        calls: 0,
      },
    };
  }
  const refused = fresh.items.filter((i) => !i.eligible);
  if (fresh.send === null) {
    const reasons = refused.map((i) => `${i.id}: ${i.state}${i.reason ? ` (${i.reason})` : ''}`).join('; ');
    return {
      outcome: {
        status: 'rejected',
        items: refused.map((i) => ({ id: i.id, result: 'refused', reason: i.reason ?? i.state })),
        message: `The state changed since the request was made, so nothing was sent: ${reasons}.`,
        calls: 0,
      },
    };
  }
  return { send: fresh.send, refused };
}

/**
 * After an unknown outcome the job's state is read again, so the message says what is
 * known (docs/SPEC.md §4); the call itself is never repeated.
 */
export async function withCurrentState(
  target: Target,
  request: RerunRequest,
  outcome: RerunOutcome,
): Promise<RerunOutcome> {
  try {
    const now = await target.session.status(request.send);
    return { ...outcome, message: `${outcome.message} State read just now: ${now.summary}.` };
  } catch (err) {
    return {
      ...outcome,
      message: `${outcome.message} The current state could not be read either (${describeError(err)}).`,
    };
  }
}

/** Adds the items the re-check left out to an outcome, as refused. */
export function withRefused(outcome: RerunOutcome, refused: readonly PreviewItem[]): RerunOutcome {
  const items = [
    ...outcome.items,
    ...refused.map((i) => ({
      id: i.id,
      result: 'refused' as const,
      reason: `changed since the request: ${i.reason ?? i.state}`,
    })),
  ];
  const status = outcome.status === 'accepted' ? 'partial' : outcome.status === 'unknown' ? 'unknown' : outcome.status;
  return {
    ...outcome,
    items,
    status,
    message: `${outcome.message} Left out because their state changed since the request: ${refused.map((i) => `${i.id} (${i.state})`).join(', ')}.`,
  };
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const e = err as Error & { code?: string; requestId?: string };
    const ids = [e.code && `code ${e.code}`, e.requestId && `request id ${e.requestId}`].filter(Boolean).join(', ');
    return ids ? `${e.message} (${ids})` : e.message;
  }
  return String(err);
}
