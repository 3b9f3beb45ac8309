/** Which targets a person may ask for from a place, and why not when they may not. */
import type { Locale, Message } from '../../lib/message.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import type { Policy } from '../model/policy.ts';
import type { Place, SurfaceRef } from '../model/request.ts';
import type { Target } from '../model/target.ts';
import { isAmong, placeAllowed, policyFor } from '../policy.ts';

/** Who asks, and from where, as a front end reports it. */
export interface Asker {
  userId: string;
  /** The asker's own language (their Slack locale; the console's setting). */
  locale: Locale;
  place: Place;
  /** Where to publish the approval request (opaque to the core). */
  surface: SurfaceRef;
}

export function policyOf(ctx: CoreContext, targetId: string): Policy {
  return policyFor(ctx.policies, targetId);
}

export async function whyNotAllowed(ctx: CoreContext, targetId: string, asker: Asker): Promise<Message | undefined> {
  const policy = policyOf(ctx, targetId);
  if (!placeAllowed(policy, asker.place)) {
    return coreMsg('ask.wrongPlace', { target: targetId, places: policy.channels ?? [] });
  }
  if (policy.requesters?.length && !(await isAmong(ctx.directory, asker.userId, policy.requesters))) {
    return coreMsg('ask.notRequester', { target: targetId, requesters: policy.requesters });
  }
  return undefined;
}

/** Targets this person may ask for from this place, for help and the form. */
export async function targetsFor(ctx: CoreContext, asker: Asker): Promise<Target[]> {
  const out: Target[] = [];
  for (const t of ctx.targets.values()) if (!(await whyNotAllowed(ctx, t.id, asker))) out.push(t);
  return out;
}
