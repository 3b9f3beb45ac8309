/**
 * The core's messages: what use cases return and store, as ids with parameters. Their words in
 * each language are in src/i18n/core.*.ts, checked against this set by the typecheck.
 */
import { messagesOf, type Message } from '../lib/message.ts';
import type { InputMessages } from '../lib/zod-issues.ts';
import type { StatusItem } from '../providers/types.ts';
import type { CallEnd, JobEnd, JobPhase, RequestState } from './model/lifecycle.ts';

export type CoreMessages = InputMessages & {
  'click.onlyRequesterCancels': Record<string, never>;
  'click.ownRequest': { policy: string; kind: string; id: string };
  'click.notApprover': { approvers: string[]; kind: string; target: string };
  'click.alreadyApproved': Record<string, never>;
  'click.expired': { at: string };
  'click.alreadyExpired': Record<string, never>;
  /** A click on a request already decided (not expired): what happened and who did it (`story`). */
  'click.alreadyDone': { story: Message; sent: boolean };
  /**
   * A request's story in one line: the call's half (`state`, and `by` who decided it) and, after an
   * accepted call, the job's half (`job`, `elapsedMs` since acceptance). model/story.ts.
   */
  story: {
    state: RequestState;
    by: string[];
    approvals: number;
    min: number;
    job: JobPhase | undefined;
    elapsedMs: number | undefined;
    /**
     * Decided by the policy at timeout (`onTimeout`), not by a person: the policy's name (rejected,
     * or approved in every state after the approval).
     */
    byPolicy?: string | undefined;
  };
  'ask.alreadyOpen': { items: string[]; requestId: string; story: Message; requester: string };
  'ask.cooldown': { item: string; count: number; target: string; reruns: number; perMs: number };
  'ask.wrongPlace': { target: string; places: string[] };
  'ask.notRequester': { target: string; requesters: string[] };
  'ask.noTarget': { target: string; targets: string[] };
  'ask.previewFailed': { provider: Message; error: Message };
  'ask.tooMany': { count: number; target: string; max: number };
  'ask.nothingEligible': { target: string; items: Message[] };
  'ask.publishFailed': { error: Message };
  /** The approval request's post got no clear answer: it is looked for (and posted if need be) shortly. */
  'ask.publishUnsure': { id: string };
  'ask.publishLater': { id: string };
  /** Slack refused a post for good: its error code. */
  'error.slack': { code: string };
  'askAgain.notRequester': Record<string, never>;
  /** `again` on a request that neither expired nor failed again. */
  'askAgain.notAgain': { id: string; story: Message };
  'request.notFound': { id: string };
  'request.newer': { id: string };
  'item.state': { id: string; state: string; reason: Message | undefined };
  'item.notEligible': Record<string, never>;
  'item.changed': { state: string; reason: Message | undefined };
  'input.unknownParam': { key: string; provider: Message; keys: string[] };
  'input.givenTwice': { key: string };
  'command.openQuote': { quote: string };
  'command.needsId': { word: string };
  'command.history': Record<string, never>;
  'command.historyMin': Record<string, never>;
  'command.targetFirst': { pair: string };
  'command.notPair': { token: string };
  'error.provider': { detail: Message; code: string | undefined; requestId: string | undefined };
  'error.internal': { text: string };
  'execute.recheckFailed': { provider: Message; error: Message };
  'execute.stateChanged': Record<string, never>;
  'execute.targetGone': { target: string };
  'execute.unexpected': { error: Message };
  'execute.notSent': { error: Message };
  'core.stopping': Record<string, never>;
  'recover.inFlight': Record<string, never>;
  'recover.notSent': Record<string, never>;
  'status.targetGone': { target: string };
  /** While the job runs (the story line says how long): how often it was read and what was seen last. */
  'follow.watching': { polls: number; items: Message[] };
  /** A job item's state as the cloud names it (`state`, its own code), and how it ended. */
  'follow.item': { id: string; state: string; result: StatusItem['result']; detail: Message | undefined };
  /** The final reply; `rerunAgain` marks a failure again, where a front end may offer "Rerun again…". */
  'follow.final': {
    id: string;
    end: JobEnd;
    elapsedMs: number;
    provider: Message;
    items: Message[];
    requestId: string | undefined;
    rerunAgain: boolean;
  };
  /** A target's announce channel: one line when a rerun call ended (use-cases/notices.ts). */
  'announce.outcome': {
    target: string;
    requester: string;
    id: string;
    state: CallEnd;
  };
  /** A target's announce channel: one line when a followed job reached its final state. */
  'announce.final': {
    target: string;
    requester: string;
    id: string;
    end: JobEnd;
    elapsedMs: number;
  };
  /** To the requester alone: someone else approved their request, and what came of the call. */
  'dm.approved': { id: string; target: string; by: string[]; state: CallEnd };
  'dm.rejected': { id: string; target: string; by: string };
  'dm.expired': { id: string; target: string };
  /** To the requester alone: nobody decided in time, and the policy decided (`onTimeout`); `state` after an approval. */
  'dm.timedOut': { id: string; target: string; policy: string; kind: 'approve' | 'reject'; state: CallEnd | undefined };
  /** A reminder in the request's thread: still waiting, the `n`-th of `of` (the front end adds the mentions). */
  'remind.thread': { id: string; target: string; n: number; of: number; waitedMs: number };
  /** To the requester alone, under `peer` or `confirm`: their request still waits. */
  'remind.dm': { id: string; target: string; waitedMs: number };
  /** The escalation, once, in the request's thread (the front end adds the mentions). */
  'remind.escalation': { id: string; target: string; waitedMs: number };
  /** To the requester alone: their rerun reached its final state (`final` is the thread reply's words). */
  'dm.final': { id: string; target: string; final: Message };
  /** Issue 19 item 4: the policy requires a reason (`pattern`: an incident reference it must match). */
  'reason.required': { pattern: string | undefined };
  'reason.pattern': { pattern: string };
  'reason.tooLong': { max: number };
  /** Anything told about a request that has a reason, followed by it (DMs, announce lines, the final reply). */
  withReason: { message: Message; reason: string };
  /** A requester's own approval refused under a policy that allows break-glass: how to do it. */
  'click.ownRequestGlass': { id: string };
  'glass.notAllowed': { target: string; id: string };
  'glass.onlyRequester': Record<string, never>;
  'glass.confirmRequired': Record<string, never>;
  'glass.nothingToReview': { id: string };
  'glass.reviewOwn': Record<string, never>;
  'glass.alreadyReviewed': { by: string; at: string };
  /** Break-glass told at once: in the request's thread (after the approvers' mentions) and the announce channel. */
  'glass.announce': { id: string; target: string; requester: string; reason: string };
  /** Issue 19 item 5: watching the request an ask collided with (use-cases/watch.ts). */
  'watch.own': { id: string };
  'watch.ended': { id: string; story: Message };
  /** To a watcher alone: the request they watch was decided (`story`: what came of it; `by`: who approved a call). */
  'watch.decided': { id: string; target: string; requester: string; by: string[]; story: Message };
  /** To a watcher alone: the job of the rerun they watch reached its final state (`final`: the thread reply's words). */
  'watch.final': { id: string; target: string; requester: string; final: Message };
  /** Words an older version stored as text (see model/upgrade.ts): shown as they were. */
  'stored.text': { text: string };
};

export const coreMsg = messagesOf<CoreMessages>();
