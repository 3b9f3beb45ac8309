/** Any failure as a message a person can read: a provider's own explanation with its code and request id. */
import type { Message } from '../lib/message.ts';
import { isProviderFailure } from '../providers/types.ts';
import { coreMsg } from './messages.ts';

export function describeError(err: unknown): Message {
  if (isProviderFailure(err)) {
    return coreMsg('error.provider', { detail: err.detail, code: err.code, requestId: err.requestId });
  }
  return coreMsg('error.internal', { text: err instanceof Error ? err.message : String(err) });
}
