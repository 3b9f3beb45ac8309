/**
 * createCore(deps): the one object every front end calls. A front end translates its input into
 * one of these use cases and renders what comes back; it decides nothing itself.
 */
import type { RawParams } from '../providers/types.ts';
import type { AlertMatch } from './alerts.ts';
import { createBackground } from './background.ts';
import type { Command } from './command.ts';
import { createContext, reconfigure, type Configured, type CoreDeps } from './context.ts';
import { dispatch, type CommandCaller, type Dispatched } from './dispatch.ts';
import type { AlertRule, Offer } from './model/alert.ts';
import type { Policy } from './model/policy.ts';
import type { Place, RerunRequest } from './model/request.ts';
import type { DecisionKind } from './model/request.ts';
import type { Target } from './model/target.ts';
import { matchAlert, offerFor } from './use-cases/alert.ts';
import { ask, askAgain, type AskExtras, type AskResult } from './use-cases/ask.ts';
import { breakGlass, reviewGlass, type GlassAsk, type GlassResult } from './use-cases/glass.ts';
import { checkRaw, checkText, type CheckResult } from './use-cases/check.ts';
import { decide, type DecideResult } from './use-cases/decide.ts';
import { options } from './use-cases/options.ts';
import { adoptMessage } from './use-cases/publish.ts';
import type { PostPlace } from './model/post.ts';
import type { HomeViewer } from './ports.ts';
import type { Locale } from '../lib/message.ts';
import { newerRefusal } from './model/upgrade.ts';
import { concernedViewers, homeSlot, homeTurn, sawHome } from './use-cases/home.ts';
import { pendingFor, type PendingLists } from './use-cases/pending.ts';
import { followed, history, historyOf, status, type StatusRefused, type StatusResult } from './use-cases/read.ts';
import { answerAlert, answerStoredAlert } from './use-cases/replies/intake.ts';
import { digestPick, type DigestPick } from './use-cases/replies/digests.ts';
import { policyOf, targetsFor, type Asker } from './use-cases/targets.ts';
import { watch, type Collision, type WatchResult } from './use-cases/watch.ts';

export type { CoreDeps } from './context.ts';
export type { Asker } from './use-cases/targets.ts';
export type { CommandAnswer, CommandCaller, Dispatched, LaterAnswer, NowAnswer, SaidAnswer } from './dispatch.ts';
export type { AskExtras, AskResult, Collision, GlassAsk, GlassResult, Offer, PendingLists, StatusResult, WatchResult };

export function createCore(deps: CoreDeps) {
  const ctx = createContext(deps);
  const background = createBackground(ctx);
  return {
    target: (id: string): Target | undefined => ctx.targets.get(id),
    targets: (): Target[] => [...ctx.targets.values()],
    policy: (targetId: string): Policy => policyOf(ctx, targetId),
    targetsFor: (asker: Asker) => targetsFor(ctx, asker),
    /**
     * A typed command (core/command.ts) answered the same on every surface: what to say at once,
     * and the work that waits until after Slack's ack (dispatch.ts).
     */
    command: (command: Command, caller: CommandCaller): Dispatched => dispatch(ctx, command, caller),
    checkText: (targetId: string, pairs: readonly [string, string][]): CheckResult => checkText(ctx, targetId, pairs),
    checkForm: (targetId: string, raw: RawParams, reason?: string): CheckResult =>
      checkRaw(ctx, targetId, raw, false, reason),
    ask: (targetId: string, raw: RawParams, asker: Asker, extras?: AskExtras): Promise<AskResult> =>
      ask(ctx, targetId, raw, asker, extras),
    /** `queued`: told how many calls wait ahead of the preview's reads, while they wait (AskExtras). */
    askAgain: (requestId: string, asker: Asker, queued?: (ahead: number) => void): Promise<AskResult> =>
      askAgain(ctx, requestId, asker, queued),
    decide: (requestId: string, userId: string, kind: DecisionKind): Promise<DecideResult> =>
      decide(ctx, requestId, userId, kind),
    /** The requester approves their own request with a reason and a confirmation (use-cases/glass.ts). */
    breakGlass: (requestId: string, userId: string, glass: GlassAsk): Promise<GlassResult> =>
      breakGlass(ctx, requestId, userId, glass),
    /**
     * Someone whose ask collided with the request watches it: told of its decision and its final
     * state like its requester (use-cases/watch.ts). Watching twice is once.
     */
    watch: (requestId: string, userId: string): Promise<WatchResult> => watch(ctx, requestId, userId),
    /** An approver acknowledges a break-glass approval afterwards. */
    reviewGlass: (requestId: string, userId: string): Promise<GlassResult> => reviewGlass(ctx, requestId, userId),
    status: (requestId: string): Promise<StatusResult | StatusRefused | undefined> => status(ctx, requestId),
    /**
     * The stored request as it is, without reading the job (a front end offering its remainder).
     * A record a newer version wrote is not handed out: the use case acting on it says why.
     */
    request: (requestId: string): Promise<RerunRequest | undefined> =>
      ctx.store.get(requestId).catch((err: unknown) => {
        if (newerRefusal(err)) return undefined;
        throw err;
      }),
    /**
     * A click on a message that carries the request's identity but whose ts the store does not
     * know (its post's answer was lost): the message is adopted as the request's (publish.ts). A
     * request that has another message already: this one is a second copy, made to point to it.
     */
    adoptMessage: async (requestId: string, place: PostPlace, ts: string): Promise<RerunRequest | undefined> => {
      const r = await ctx.store.get(requestId);
      return r ? adoptMessage(ctx, r, place, ts) : undefined;
    },
    history: (filter: Parameters<typeof history>[1]) => history(ctx, filter),
    /** What `history [target] [n]` answers: the requests, or that no target has that name. */
    historyOf: (filter: Parameters<typeof history>[1]) => historyOf(ctx, filter),
    /** What waits for a person's decision, what they asked, and the last decisions (use-cases/pending.ts). */
    pending: (userId: string): Promise<PendingLists> => pendingFor(ctx, userId),
    /** The App Home, kept fresh at every replica (use-cases/home.ts): someone opened theirs. */
    sawHome: (userId: string, locale: Locale | undefined): Promise<void> => sawHome(ctx, userId, locale),
    /** The people with a Home whom a change of `request` concerns (its requester, whoever may decide it). */
    concerned: (request: RerunRequest): Promise<HomeViewer[]> => concernedViewers(ctx, request),
    /** Reserves a person's next Home publish (one per gap, across replicas): when it may go, in ms. */
    homeTurn: (userId: string): Promise<number> => homeTurn(ctx, userId),
    /** Reserves the workspace's next Home publish slot (across replicas): when it may go, in ms. */
    homeSlot: (): Promise<number> => homeSlot(ctx),
    /** Reruns being sent or whose job is still followed (the console's `quit` waits for them). */
    followed: (): Promise<string[]> => followed(ctx),
    /** A `pick` field's choices; `userId`: who waits for them (served fairly among people asking at once). */
    options: (targetId: string, key: string, partial: RawParams, userId?: string) =>
      options(ctx, targetId, key, partial, userId),
    /** The `alerts:` rules, for a front end that listens to channels and explains what it knows. */
    alertRules: (): readonly AlertRule[] => ctx.alerts ?? [],
    /** The rule a message in a place matches, read into the rerun it names (no I/O). */
    matchAlert: (place: Place, text: string): AlertMatch | undefined => matchAlert(ctx, place, text),
    /** What to offer for a matched alert: the prefilled rerun, or the open request that holds its job. */
    offerFor: (match: AlertMatch): Promise<Offer> => offerFor(ctx, match),
    /**
     * Reads `text` as an alert at (place, ts) and queues its one thread reply, posted at Slack's
     * pace (use-cases/replies/); `asked` (a mention) answers again. False: no rule matches.
     */
    answerAlert: (place: Place, ts: string, text: string, asked = false): Promise<boolean> =>
      answerAlert(ctx, place, ts, text, asked),
    /**
     * Answers again (a mention in its thread) the alert at (place, threadTs) as the store holds it
     * from its earlier answer. False: none stored for that thread; the front end reads the alert.
     */
    answerStoredAlert: (place: Place, threadTs: string): Promise<boolean> => answerStoredAlert(ctx, place, threadTs),
    /** The form a digest's Rerun selected… opens for the picked replies of one target. */
    digestPick: (
      digestId: string,
      targetId: string,
      picked: readonly string[],
      from: { channel: string; ts: string | undefined },
    ): Promise<DigestPick> => digestPick(ctx, digestId, targetId, picked, from),
    /** One look for channels with alert replies to post now, as the replies timer runs it. */
    replies: () => background.replies(),
    /**
     * A duplicate delivery (a retried event, a double-tapped button, a resent form) is recognised
     * by its key across every replica: true the first time, false while it is remembered.
     */
    firstDelivery: (key: string, keepMs: number): Promise<boolean> => ctx.store.firstTime(key, ctx.clock.now(), keepMs),
    /** Starts the replica's own work: one sweep now (recovery after a stop), then leases and sweeps. */
    start: () => background.start(),
    /** One sweep and one lease renewal now, as the timers run them (tests drive time themselves). */
    sweep: () => background.sweep(),
    renewLeases: () => background.renew(),
    /** Resolves when nothing is under way and nothing is due now (see background.ts). */
    idle: () => background.idle(),
    /** One look for due reminders and escalations now, as the reminders timer runs it. */
    reminders: () => background.remind(),
    /** One look for due follow-ups now, as the follow timer runs it. */
    followUps: () => background.follow(),
    /** Graceful shutdown: no new work, work under way finished within `graceMs`, leases given back. */
    stop: (graceMs: number) => background.stop(graceMs),
    /**
     * A reloaded config in force for new requests, alert matches and help from now on; requests
     * already asked keep the policy they were asked under (see context.ts).
     */
    reconfigure: (next: Configured): void => reconfigure(ctx, next),
    /** Whether the replica is shutting down (/readyz answers 503). */
    stopping: () => ctx.stopping,
    /**
     * The name this replica holds work under in the store (a request's lease owner, a post's
     * owner): logged at start, so a lease seen in the database points to its process.
     */
    replica: ctx.replica,
  };
}

export type Core = ReturnType<typeof createCore>;
