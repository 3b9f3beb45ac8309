/** What every use case shares: the ports, the targets and policies, and a few small helpers. */
import { randomBytes } from 'node:crypto';
import { DEFAULT_ACTION_BUDGET_MS } from '../lib/budget.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { WorkTracker } from '../lib/work-tracker.ts';
import type { AlertRule } from './model/alert.ts';
import type { PolicyTable } from './model/policy.ts';
import type { AuditEntry, RerunRequest } from './model/request.ts';
import type { Targets } from './model/target.ts';
import type { CoreMetrics, Directory, Lease, Notifier, ReplyPoster, Store } from './ports.ts';
import { RateLimited } from './model/reply.ts';
import { SharedClock } from './shared-clock.ts';
import {
  DEFAULT_FOLLOW,
  DEFAULT_HOME,
  DEFAULT_LEASES,
  DEFAULT_REPLIES,
  DEFAULT_UPDATES,
  type FollowTiming,
  type HomeTiming,
  type LeaseTiming,
  type ReplyTiming,
  type UpdateTiming,
} from './timings.ts';
import { pacedShows } from './paced-shows.ts';
import { holdUntilRetryAfter, UPDATE_PACE_KEY, updateTurn, type ShowLane } from './update-pace.ts';

export interface CoreDeps {
  /** Targets, policies and alert rules are what a reload replaces (see `reconfigure`). */
  targets: Targets;
  policies: PolicyTable;
  /** The `alerts:` rules, in file order: the first that matches a message wins. */
  alerts?: readonly AlertRule[];
  store: Store;
  /** This replica's own clock. The core goes by the store's (`time`), read through it. */
  clock: Clock;
  /**
   * The store's clock as this replica reads it (shared-clock.ts); made from `clock` and `store`
   * unless given (a front end that shows times by it too makes it first and passes it).
   */
  time?: SharedClock;
  logger: Logger;
  notifier: Notifier;
  directory: Directory;
  newId?: () => string;
  /** This process's name in leases; unique per process (two replicas never share one). */
  replica?: string;
  /** Lease length and sweep period; shorter in tests. */
  leases?: Partial<LeaseTiming>;
  /** When a followed rerun is polled and when the bot stops watching; shorter in tests. */
  follow?: Partial<FollowTiming>;
  /** Posts the alert reply queue (front ends that listen to alerts). */
  replyPoster?: ReplyPoster;
  /** The reply queue's pace, collapse window and digest threshold; compressed in tests. */
  replies?: Partial<ReplyTiming>;
  /** The workspace's pace of message updates, and how often a count is updated; compressed in tests. */
  updates?: Partial<UpdateTiming>;
  /** The App Home's pace and how long a viewer is kept fresh (use-cases/home.ts). */
  home?: Partial<HomeTiming>;
  /** The time budget of one approval's provider work, retries included (default 30 s). */
  actionBudgetMs?: number;
  /** Waits `ms` (for a pace slot); tests may pass their own. */
  sleep?: (ms: number) => Promise<void>;
  /** Metrics only the core sees (follow-up lag); none in the console. */
  metrics?: CoreMetrics;
}

export interface CoreContext extends CoreDeps {
  /**
   * The time every replica shares (the store's clock, `time`): what every use case stamps and
   * decides by. This replica's own clock is not used in the core.
   */
  clock: Clock;
  time: SharedClock;
  newId: () => string;
  replica: string;
  leases: LeaseTiming;
  follow: FollowTiming;
  replies: ReplyTiming;
  updates: UpdateTiming;
  home: HomeTiming;
  actionBudgetMs: number;
  sleep: (ms: number) => Promise<void>;
  work: WorkTracker;
  /** Set on shutdown: no new asks or clicks are taken. */
  stopping: boolean;
  nowIso(): string;
  /** A lease held by this replica for `leases.leaseMs` from the store's clock (the store stamps it). */
  lease(): Lease;
  /** The lease condition of work this replica takes over: nobody else's live lease, by the store's clock. */
  free(): { owner: string };
  audit(
    request: RerunRequest,
    event: AuditEntry['event'],
    actor: string,
    detail?: Record<string, unknown>,
  ): Promise<void>;
  /**
   * Re-renders the published request and records what its message shows; a failure is logged,
   * never thrown (the state is stored, and the sweeper repairs the message later). `lane` says how
   * the update takes the workspace's update pace (update-pace.ts): a person's action at once, the
   * background's changes in their turn, a running job's age only when there is room.
   */
  show(request: RerunRequest, lane: ShowLane): Promise<void>;
}

/** What a config reload changes in a running core. */
export type Configured = Pick<CoreDeps, 'targets' | 'policies' | 'alerts'>;

/**
 * Puts a reloaded config in force. The three are assigned together in one synchronous step, so no
 * use case sees a target of one config with the policies of another at a given moment; a use case
 * that reads them once at its start (ask) keeps one config throughout. Requests already asked are
 * untouched: each keeps the policy stored with it (model/request.ts, PolicySnapshot), and one
 * whose target is gone fails at approval without sending anything (execute.ts).
 */
export function reconfigure(ctx: CoreContext, next: Configured): void {
  ctx.targets = next.targets;
  ctx.policies = next.policies;
  ctx.alerts = next.alerts ?? [];
}

const defaultId = () => 'rr-' + randomBytes(5).toString('hex').slice(0, 8);
const defaultReplica = () => 'replica-' + randomBytes(6).toString('hex');

export function createContext(deps: CoreDeps): CoreContext {
  const time = deps.time ?? new SharedClock(deps.clock, deps.store);
  const nowIso = () => time.now().toISOString();
  const replica = deps.replica ?? defaultReplica();
  const leases = { ...DEFAULT_LEASES, ...deps.leases };
  const ctx: CoreContext = {
    ...deps,
    clock: time,
    time,
    newId: deps.newId ?? defaultId,
    replica,
    leases,
    follow: { ...DEFAULT_FOLLOW, ...deps.follow },
    replies: { ...DEFAULT_REPLIES, ...deps.replies },
    updates: { ...DEFAULT_UPDATES, ...deps.updates },
    home: { ...DEFAULT_HOME, ...deps.home },
    actionBudgetMs: deps.actionBudgetMs ?? DEFAULT_ACTION_BUDGET_MS,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    work: new WorkTracker(),
    stopping: false,
    nowIso,
    lease: () => ({ owner: replica, ms: leases.leaseMs }),
    free: () => ({ owner: replica }),
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
    show: (request, lane) => (lane === 'paced' ? background.show(request) : showNow(request, lane)),
  };
  /** Sends the update and records what the message shows (see `show`). */
  async function send(request: RerunRequest, lane: ShowLane): Promise<void> {
    try {
      await deps.notifier.update(request, lane === 'person' ? 'now' : 'paced');
      await deps.store.markShown(request.id, request.state);
    } catch (err) {
      if (err instanceof RateLimited) {
        // Slack's count of updates is full: no background update before Retry-After; the next
        // change (or the sweeper, for a state) shows this one.
        await holdUntilRetryAfter(ctx, UPDATE_PACE_KEY, err.retryAfter).catch(() => undefined);
        deps.logger.warn({ requestId: request.id, retryAfter: err.retryAfter }, 'Slack rate limited an update');
        return;
      }
      deps.logger.error({ err, requestId: request.id }, 'updating the approval request failed');
    }
  }
  async function showNow(request: RerunRequest, lane: ShowLane): Promise<void> {
    if (!request.published) return;
    try {
      if (!(await updateTurn(ctx, ctx.updates.paceMs, lane))) return;
    } catch (err) {
      deps.logger.error({ err, requestId: request.id }, 'updating the approval request failed');
      return;
    }
    await send(request, lane);
  }
  const background = pacedShows(ctx, (request) => send(request, 'paced'));
  return ctx;
}
