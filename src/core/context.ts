/** What every use case shares: the ports, the targets and policies, and a few small helpers. */
import { randomBytes } from 'node:crypto';
import type { Clock, Logger } from '../lib/ports.ts';
import type { PolicyTable } from './model/policy.ts';
import type { AuditEntry, RerunRequest } from './model/request.ts';
import type { Targets } from './model/target.ts';
import type { Directory, Notifier, Store } from './ports.ts';

export interface CoreDeps {
  targets: Targets;
  policies: PolicyTable;
  store: Store;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  directory: Directory;
  newId?: () => string;
}

/** Work under way (asking, deciding, calling a provider), so a shutdown can let it finish. */
export class WorkTracker {
  private readonly inflight = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  /** Waits until no work is left (work may start more work), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const timedOut = new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve()));
    try {
      while (this.inflight.size && !deadline.signal.aborted)
        await Promise.race([Promise.allSettled([...this.inflight]), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface CoreContext extends CoreDeps {
  newId: () => string;
  work: WorkTracker;
  nowIso(): string;
  audit(
    request: RerunRequest,
    event: AuditEntry['event'],
    actor: string,
    detail?: Record<string, unknown>,
  ): Promise<void>;
  /** Re-renders the published request; a failure is logged, never thrown (the state is stored). */
  show(request: RerunRequest): Promise<void>;
}

const defaultId = () => 'rr-' + randomBytes(5).toString('hex').slice(0, 8);

export function createContext(deps: CoreDeps): CoreContext {
  const nowIso = () => deps.clock.now().toISOString();
  return {
    ...deps,
    newId: deps.newId ?? defaultId,
    work: new WorkTracker(),
    nowIso,
    async audit(request, event, actor, detail) {
      await deps.store.appendAudit({
        at: nowIso(),
        requestId: request.id,
        event,
        actor,
        targetId: request.targetId,
        detail,
      });
    },
    async show(request) {
      if (!request.published) return;
      try {
        await deps.notifier.update(request);
      } catch (err) {
        deps.logger.error({ err, requestId: request.id }, 'updating the approval request failed');
      }
    },
  };
}
