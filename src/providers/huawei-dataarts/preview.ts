/** What the previews of both modes share: the note on the rerun options, and the item for an unknown job. */
import type { Message } from '../../lib/message.ts';
import type { ProviderError } from '../_shared/errors.ts';
import type { PreviewItem } from '../types.ts';
import { msg } from './messages.ts';
import type { RerunParams } from './schema.ts';

export function optionsNote(p: RerunParams): Message {
  return msg('huawei-dataarts.note.options', {
    location: p.location,
    node: p.node,
    version: p.version,
    ignoreObs: p.ignore_obs_monitor,
  });
}

/** The item for a job DataArts does not know: its own error, explained, with its code and request id. */
export function notFoundItem(id: string, name: string | undefined, err: ProviderError): PreviewItem {
  return {
    id,
    ...(name ? { name } : {}),
    state: 'NOT FOUND',
    eligible: false,
    reason: err.detail,
    code: err.code,
    requestId: err.requestId,
  };
}
