/**
 * Reading the state after an accepted rerun. When DataArts accepted it comes from the store
 * (StatusContext.acceptedAt), so the answer does not depend on which process sent the call.
 */
import type { StatusContext } from '../types.ts';
import type { SessionContext } from './context.ts';
import { RESTART_GRACE_MS } from './limits.ts';
import { TERMINAL, type JobInstance } from './model.ts';

/** Epoch ms of the accepted rerun while it is within the grace period, else undefined. */
export function acceptedWithinGrace({ deps }: SessionContext, context: StatusContext): number | undefined {
  const at = context.acceptedAt === undefined ? NaN : Date.parse(context.acceptedAt);
  if (!Number.isFinite(at)) return undefined;
  return deps.clock.now().getTime() - at > RESTART_GRACE_MS ? undefined : at;
}

/** True while a just-accepted rerun may not show yet: the list still holds the old run's end. */
export function notRestartedYet(acceptedAt: number | undefined, inst: JobInstance): boolean {
  if (acceptedAt === undefined) return false;
  return TERMINAL.has(inst.status) && (inst.end_time ?? 0) < acceptedAt;
}
