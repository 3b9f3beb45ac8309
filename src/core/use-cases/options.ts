/** Choices for a form field the provider lists (`pick`), from what the form holds so far. */
import type { Choice, RawParams } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';

export async function options(ctx: CoreContext, targetId: string, key: string, partial: RawParams): Promise<Choice[]> {
  const target = ctx.targets.get(targetId);
  if (!target?.session.options) return [];
  return target.session.options(key, partial);
}
