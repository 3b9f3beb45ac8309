/**
 * Measures each operation of a session (preview, rerun, status, options): how long it took, every
 * call, retry and pace wait in it included (what a person waits for), and how it ended. Applied in
 * `defineProvider` around the budgeted session, so every provider is measured the same way.
 */
import { performance } from 'node:perf_hooks';
import type { ProviderObserver, ProviderOperation, ProviderSession, StatusAnswer } from '../types.ts';
import { NotSentError, TransportError } from './http.ts';

/** How a thrown operation ended, from the failure classes every provider throws (http.ts, errors.ts). */
function failureOf(err: unknown): { outcome: string; code?: string | undefined } {
  if (err instanceof NotSentError) return { outcome: 'not_sent' };
  // A transport failure has no vendor code: its kind stands in, from a fixed set.
  if (err instanceof TransportError) return { outcome: 'transport', code: `transport.${err.failure}` };
  // A ProviderFailure (types.ts) may carry the vendor's code; read as data, as every failure is.
  const code = (err as { code?: unknown } | null)?.code;
  return { outcome: 'error', code: typeof code === 'string' ? code : undefined };
}

export function observedSession<P>(
  session: ProviderSession<P>,
  observer: ProviderObserver | undefined,
  labels: { provider: string; target: string },
): ProviderSession<P> {
  if (!observer) return session;
  const measured =
    <A extends unknown[], R>(
      operation: ProviderOperation,
      f: (...args: A) => Promise<R>,
      judge: (r: R) => { outcome: string; code?: string | undefined },
    ) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      const report = (o: { outcome: string; code?: string | undefined }) =>
        observer.call({ ...labels, operation, ms: performance.now() - start, ...o });
      try {
        const r = await f(...args);
        report(judge(r));
        return r;
      } catch (err) {
        report(failureOf(err));
        throw err;
      }
    };
  const ok = () => ({ outcome: 'ok' });
  // A batched read answers each request on its own: `error` when any could not be read.
  const answered = (answers: StatusAnswer[]) => {
    const failed = answers.find((a): a is { error: unknown } => 'error' in a);
    return failed ? failureOf(failed.error) : ok();
  };
  const options = session.options?.bind(session);
  return {
    preview: measured('preview', session.preview.bind(session), ok),
    describeCall: session.describeCall.bind(session),
    // A rerun's answer is its outcome: refused items carry the provider's code.
    rerun: measured('rerun', session.rerun.bind(session), (o) => ({ outcome: o.status, code: o.code })),
    status: measured('status', session.status.bind(session), ok),
    statusMany: measured('status-many', session.statusMany.bind(session), answered),
    ...(options ? { options: measured('options', options, ok) } : {}),
  };
}
