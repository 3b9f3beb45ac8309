/**
 * The bot's metrics: one prom-client Registry per bot instance (never the global default, so
 * several bots in one process, as in the tests, keep their own counts), the observers each layer
 * is handed (provider sessions, Slack clients, the store, the core), and the text `/metrics` serves
 * (with the process's own metrics, process.ts).
 *
 * Label values come only from fixed sets (states, outcomes, operations), from the config (target
 * and provider ids) or from the code (Slack method names), and whatever an outside party chose (a
 * provider's error code, Slack's error) goes through a cap (labels.ts). Never a user id, a job id,
 * a channel or anything typed: those are unbounded and may be personal.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isCallEnd } from '../core/model/following.ts';
import type { DecisionKind, RerunRequest, RequestState } from '../core/model/request.ts';
import type { CoreMetrics, Store } from '../core/ports.ts';
import type { ProviderObserver } from '../providers/types.ts';
import { labelCap } from './labels.ts';
import { processRegistry } from './process.ts';
import { queueGauges } from './queues.ts';
import { measuredStore } from './store.ts';

/** The observer a Slack client is given (slack/clients.ts's SlackCallObserver, structurally). */
interface SlackObserver {
  call(method: string, ms: number, error: string | undefined): void;
  rateLimited(method: string): void;
}

/** The observer of App Home publishes (slack/home.ts's HomeObserver, structurally). */
interface HomeObserver {
  published(reason: 'opened' | 'changed' | 'click', outcome: 'ok' | 'error'): void;
}

export interface BotMetrics {
  /** This bot's metrics (the process's are in process.ts). */
  registry: Registry;
  /** The store every part of the bot should use: the one given, measured. */
  store: Store;
  provider: ProviderObserver;
  slack: SlackObserver;
  home: HomeObserver;
  core: CoreMetrics;
  /**
   * Reports the provider calls of this replica waiting for a pace slot, by priority (`rerun`,
   * `person`, `background`: providers/types.ts, CallPriority), read from `waiting` at each scrape.
   */
  pacing(
    waiting: () => Readonly<Record<string, number>>,
    queued?: () => readonly { target: string; name: string; n: number }[],
  ): void;
  /**
   * Counts a pace slot a provider call took (`rerun_provider_pace_slots_total`), by target and
   * operation (or cap), and keeps the pace it was taken at: the use of each allowance is the rate
   * of one over the other. Labelled by target, never by credential.
   */
  paceSlot(slot: { target: string; name: string; intervalMs: number; priority: string }): void;
  /** The Prometheus text exposition, for GET /metrics. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const seconds = (ms: number) => ms / 1000;

/** Provider operations last from tens of ms to the 30 s budget (providers/_shared/budget.ts). */
const PROVIDER_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
/** People decide in seconds to the policy's expiry (30 min by default, hours at most). */
const APPROVAL_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];
/** A poll is due every 15 s at most and looked for every 2 s: lag past 30 s means trouble. */
const LAG_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const SLACK_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What decides a pending request, with the state it leads to. */
const DECIDED: Partial<Record<RequestState, DecisionKind>> = {
  sending: 'approve',
  rejected: 'reject',
  cancelled: 'cancel',
};

export function createMetrics(store: Store): BotMetrics {
  const registry = new Registry();
  const registers = [registry];
  const target = labelCap(200);
  const provider = labelCap(50);
  const vendorCode = labelCap(50);
  const slackMethod = labelCap(100);
  const slackError = labelCap(50);
  const paceName = labelCap(50);

  const asked = new Counter({
    name: 'rerun_requests_total',
    help: 'Rerun requests asked and stored, by target.',
    labelNames: ['target'],
    registers,
  });
  const transitions = new Counter({
    name: 'rerun_request_transitions_total',
    help: 'Requests entering a state (counted once across replicas: by the one whose store update won).',
    labelNames: ['target', 'state'],
    registers,
  });
  const outcomes = new Counter({
    name: 'rerun_call_outcomes_total',
    help: "Rerun calls ended, by how: accepted, partial, refused, not-sent or unknown (the call's half of the story).",
    labelNames: ['target', 'outcome'],
    registers,
  });
  const jobEnds = new Counter({
    name: 'rerun_job_ends_total',
    help: "Followed jobs ended, by how: succeeded, failed-again, ended or unwatched (the job's half of the story).",
    labelNames: ['target', 'end'],
    registers,
  });
  const breakGlass = new Counter({
    name: 'rerun_break_glass_total',
    help: 'Requests approved by their own requester through break-glass (issue 19), by target.',
    labelNames: ['target'],
    registers,
  });
  const glassReviews = new Counter({
    name: 'rerun_break_glass_reviews_total',
    help: 'Break-glass approvals acknowledged afterwards by an approver, by target.',
    labelNames: ['target'],
    registers,
  });
  const approval = new Histogram({
    name: 'rerun_approval_latency_seconds',
    help: 'From asking to the decision that settled the request (approve, reject or cancel).',
    labelNames: ['target', 'decision'],
    buckets: APPROVAL_BUCKETS,
    registers,
  });
  const providerCalls = new Histogram({
    name: 'rerun_provider_call_duration_seconds',
    help: 'Provider operations (preview, rerun, status, status-many: followed requests read together, options), retries and pacing included, by outcome.',
    labelNames: ['provider', 'target', 'operation', 'outcome'],
    buckets: PROVIDER_BUCKETS,
    registers,
  });
  const providerErrors = new Counter({
    name: 'rerun_provider_errors_total',
    help: "Provider operations that failed or were refused, by the provider's error code (capped; `other` past the cap).",
    labelNames: ['provider', 'target', 'operation', 'code'],
    registers,
  });
  const slackCalls = new Histogram({
    name: 'rerun_slack_api_call_duration_seconds',
    help: 'Slack Web API calls, retries included, by method.',
    labelNames: ['method'],
    buckets: SLACK_BUCKETS,
    registers,
  });
  const slackTotal = new Counter({
    name: 'rerun_slack_api_calls_total',
    help: 'Slack Web API calls by method.',
    labelNames: ['method'],
    registers,
  });
  const slackErrors = new Counter({
    name: 'rerun_slack_api_errors_total',
    help: "Slack Web API calls that failed, by method and Slack's (or web-api's) error code.",
    labelNames: ['method', 'error'],
    registers,
  });
  const slackLimited = new Counter({
    name: 'rerun_slack_api_rate_limited_total',
    help: 'Slack Web API answers with HTTP 429, by method.',
    labelNames: ['method'],
    registers,
  });
  const homePublishes = new Counter({
    name: 'rerun_slack_home_publishes_total',
    help: "App Home publishes (views.publish) of this replica, by why (opened, changed: a request that concerns the person, click: a person's click on it) and outcome (ok, error).",
    labelNames: ['reason', 'outcome'],
    registers,
  });
  const followLag = new Histogram({
    name: 'rerun_followup_lag_seconds',
    help: 'How late a follow-up poll started after it was due.',
    labelNames: ['target'],
    buckets: LAG_BUCKETS,
    registers,
  });
  const storeOps = new Histogram({
    name: 'rerun_store_operation_duration_seconds',
    help: 'Store operations by name and outcome (ok or error).',
    labelNames: ['operation', 'outcome'],
    buckets: STORE_BUCKETS,
    registers,
  });
  const clockSkew = new Gauge({
    name: 'rerun_clock_skew_seconds',
    help: "How far this replica's clock is ahead of the store's (negative: behind), measured at start and on every heartbeat; leases, expiry and follow-ups go by the store's.",
    registers,
  });
  const timeouts = new Counter({
    name: 'rerun_timeouts_total',
    help: "Requests nobody decided in time, by what their policy's onTimeout did: expire, reject or approve.",
    labelNames: ['target', 'action'],
    registers,
  });
  const paceSlots = new Counter({
    name: 'rerun_provider_pace_slots_total',
    help: "Pace slots taken by provider calls of this replica, by target, operation (or a cap across operations) and priority; over rerun_provider_pace_allowance_per_second, the share of the allowance used (sum the replicas' rates: they share the allowance).",
    labelNames: ['target', 'operation', 'priority'],
    registers,
  });
  const paceAllowance = new Gauge({
    name: 'rerun_provider_pace_allowance_per_second',
    help: "The pace of each target operation (or cap) as last used: its allowance (the documented one or the limits: quota), less the pacer's 4% headroom.",
    labelNames: ['target', 'operation'],
    registers,
  });
  // Read from the store itself, not through the measured one: scrapes are not the bot's work.
  queueGauges(store, registers);

  const decided = (before: RerunRequest, after: RerunRequest) => {
    const kind = before.state === 'pending' ? DECIDED[after.state] : undefined;
    const decision = kind && after.decisions.findLast((d) => d.kind === kind);
    if (!decision) return;
    const ms = Date.parse(decision.at) - Date.parse(after.createdAt);
    if (ms >= 0) approval.observe({ target: target(after.targetId), decision: kind }, seconds(ms));
  };

  return {
    registry,
    store: measuredStore(store, {
      operation: (name, ms, failed) =>
        storeOps.observe({ operation: name, outcome: failed ? 'error' : 'ok' }, seconds(ms)),
      asked: (r) => asked.inc({ target: target(r.targetId) }),
      changed(before, after) {
        const t = target(after.targetId);
        if (before.state !== after.state) {
          transitions.inc({ target: t, state: after.state });
          decided(before, after);
          if (before.state === 'sending' && isCallEnd(after.state)) outcomes.inc({ target: t, outcome: after.state });
        }
        // Counted from the store's change, like the states: once, by the replica whose update won.
        if (!before.breakGlass && after.breakGlass) breakGlass.inc({ target: t });
        if (!before.breakGlass?.review && after.breakGlass?.review) glassReviews.inc({ target: t });
        if (before.follow?.phase === 'running' && after.follow?.phase === 'ended')
          jobEnds.inc({ target: t, end: after.follow.end });
      },
    }),
    provider: {
      call(c) {
        const labels = { provider: provider(c.provider), target: target(c.target), operation: c.operation };
        providerCalls.observe({ ...labels, outcome: c.outcome }, seconds(c.ms));
        if (c.outcome !== 'ok' && c.outcome !== 'accepted')
          providerErrors.inc({ ...labels, code: c.code === undefined ? 'none' : vendorCode(c.code) });
      },
    },
    slack: {
      call(method, ms, error) {
        const m = slackMethod(method);
        slackTotal.inc({ method: m });
        slackCalls.observe({ method: m }, seconds(ms));
        if (error !== undefined) slackErrors.inc({ method: m, error: slackError(error) });
      },
      rateLimited: (method) => slackLimited.inc({ method: slackMethod(method) }),
    },
    home: { published: (reason, outcome) => homePublishes.inc({ reason, outcome }) },
    core: {
      followPolled: (targetId, lagMs) => followLag.observe({ target: target(targetId) }, seconds(Math.max(0, lagMs))),
      clockSkew: (aheadMs) => clockSkew.set(seconds(aheadMs)),
      timedOut: (targetId, action) => timeouts.inc({ target: target(targetId), action }),
    },
    pacing(waiting, queued) {
      new Gauge({
        name: 'rerun_provider_calls_waiting',
        help: "Provider calls of this replica waiting for their pace slot, by priority (an approved rerun's, a person's, a follow-up poll's).",
        labelNames: ['priority'],
        registers,
        collect() {
          for (const [priority, n] of Object.entries(waiting())) this.set({ priority }, n);
        },
      });
      if (!queued) return;
      // A queue seen once is shown at 0 when it empties, rather than vanishing from the scrape.
      const seen = new Map<string, { target: string; operation: string }>();
      new Gauge({
        name: 'rerun_provider_pace_queue',
        help: "Provider calls of this replica waiting for a pace slot, by target and operation (or a cap across operations): each pacer's queue.",
        labelNames: ['target', 'operation'],
        registers,
        collect() {
          for (const labels of seen.values()) this.set(labels, 0);
          for (const q of queued()) {
            const labels = { target: target(q.target), operation: paceName(q.name) };
            seen.set(`${labels.target}\n${labels.operation}`, labels);
            this.inc(labels, q.n);
          }
        },
      });
    },
    paceSlot({ target: t, name, intervalMs, priority }) {
      const labels = { target: target(t), operation: paceName(name) };
      paceSlots.inc({ ...labels, priority });
      if (intervalMs > 0) paceAllowance.set(labels, 1000 / intervalMs);
    },
    async scrape() {
      // Two registries of distinct metric names: their expositions concatenate into one.
      const [own, proc] = await Promise.all([registry.metrics(), processRegistry().metrics()]);
      return { contentType: registry.contentType, body: `${own}\n${proc}` };
    },
  };
}
