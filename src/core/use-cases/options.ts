/** Choices for a form field the provider lists (`pick`), from what the form holds so far. */
import type { Choice, RawParams } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';

/** `userId`: who waits for them (served fairly among the people asking at once). */
export async function options(
  ctx: CoreContext,
  targetId: string,
  key: string,
  partial: RawParams,
  userId?: string,
): Promise<Choice[]> {
  const target = ctx.targets.get(targetId);
  if (!target?.session.options) return [];
  return target.session.options(key, partial, userId === undefined ? {} : { party: userId });
}
