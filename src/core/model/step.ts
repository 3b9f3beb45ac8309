/**
 * A lifecycle step (lifecycle.ts, following.ts): the request a transition makes, or why the lifecycle
 * refuses it. Use cases run steps inside the store's conditional update, through `orNothing`.
 */
/** A refused transition: what the lifecycle does not allow, as a short code (logs and tests). */
export type Refusal =
  | 'not-pending'
  | 'not-sending'
  | 'not-followed'
  | 'already-published'
  | 'already-approved'
  | 'not-expired'
  | 'past-expiry'
  | 'approvals-missing'
  | 'not-watching'
  | 'reply-not-due'
  | 'reply-not-giving'
  | 'not-ended'
  | 'already-following'
  | 'no-break-glass'
  | 'already-reviewed'
  | 'not-published'
  | 'nothing-due';

export type Step<R> = { ok: true; request: R } | { ok: false; refused: Refusal };

export const ok = <R>(request: R): Step<R> => ({ ok: true, request });
export const no = <R>(refused: Refusal): Step<R> => ({ ok: false, refused });

/** Runs `next` on the request a step produced; a refusal stays a refusal. */
export function andThen<R>(step: Step<R>, next: (r: R) => Step<R>): Step<R> {
  return step.ok ? next(step.request) : step;
}

/** For `Store.transition`: the new request, or undefined (nothing stored) when the lifecycle refuses. */
export function orNothing<R>(step: Step<R>): R | undefined {
  return step.ok ? step.request : undefined;
}
