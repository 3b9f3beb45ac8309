/** What the previews of both modes share: the sentence on the rerun options, and the item for an unknown job. */
import { withIds, type ProviderError } from '../_shared/errors.ts';
import type { PreviewItem } from '../types.ts';
import type { RerunParams } from './schema.ts';

const LOCATION_TEXT = {
  firstNode: 'its first node',
  errorNode: 'the node that failed',
  specifiedNode: 'node',
} as const;

export function optionsNote(p: RerunParams): string {
  const from = p.location === 'specifiedNode' ? `node ${p.node}` : LOCATION_TEXT[p.location];
  const params = p.version === 'original' ? 'the parameters of the original run' : "the job's current parameters";
  const obs = p.ignore_obs_monitor ? 'OBS listening is ignored' : 'OBS listening is honoured';
  return `Restarts from ${from}, with ${params}; ${obs}.`;
}

export function notFoundItem(id: string, name: string | undefined, err: ProviderError): PreviewItem {
  return {
    id,
    ...(name ? { name } : {}),
    state: 'NOT FOUND',
    eligible: false,
    reason: withIds(err.message, err.code, err.requestId),
  };
}
