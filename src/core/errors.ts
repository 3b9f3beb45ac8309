/** Any failure as a message a person can read: a provider's own explanation with its code and request id. */
import type { Message } from '../lib/message.ts';
import type { ProviderFailure } from '../providers/types.ts';
import { coreMsg } from './messages.ts';

/**
 * Whether `err` explains itself as the provider port promises (types.ts, ProviderFailure): read as
 * data, so the core needs none of the providers' error classes.
 */
export function isProviderFailure(err: unknown): err is Error & ProviderFailure {
  const d = (err as { detail?: { id?: unknown } } | null)?.detail;
  return err instanceof Error && typeof d?.id === 'string';
}

export function describeError(err: unknown): Message {
  if (isProviderFailure(err)) {
    return coreMsg('error.provider', { detail: err.detail, code: err.code, requestId: err.requestId });
  }
  return coreMsg('error.internal', { text: err instanceof Error ? err.message : String(err) });
}
