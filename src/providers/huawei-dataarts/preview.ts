/**
 * The preview: each named instance (mode=instance, instance-mode.ts) or each job's instances in
 * the window (mode=chain, chain-mode.ts), read and decided on.
 */
import type { Preview } from '../types.ts';
import { previewChain } from './chain-mode.ts';
import type { SessionContext } from './context.ts';
import { previewInstances } from './instance-mode.ts';
import type { RerunParams } from './schema.ts';

export function preview(ctx: SessionContext, params: RerunParams): Promise<Preview<RerunParams>> {
  return params.mode === 'instance' ? previewInstances(ctx, params) : previewChain(ctx, params);
}
