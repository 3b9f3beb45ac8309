/**
 * The words both front ends show around the core's messages: the approval request's parts, help,
 * the form, short answers, status and history, and the console's own lines. Each front end lays
 * them out its own way (Block Kit, plain text); the words are the same.
 */
import { messagesOf, type Message } from '../lib/message.ts';

export type SurfaceMessages = {
  'ui.request.title': { id: string };
  'ui.request.asks': { requester: string; target: string; provider: Message; summary: Message };
  'ui.request.preview': Record<string, never>;
  'ui.request.item': {
    id: string;
    name: string | undefined;
    state: string;
    details: Message[];
    eligible: boolean;
    reason: Message | undefined;
    ids: Message | undefined;
  };
  'ui.request.more': { count: number };
  'ui.request.call': Record<string, never>;
  'ui.request.moreCalls': { count: number };
  'ui.request.policy': {
    approval: string;
    minApprovals: number;
    approvers: string[];
    expiresAt: string;
    expired: boolean;
    /** What the policy does if nobody decides in time, besides expiring (`onTimeout`). */
    onTimeout?: 'reject' | 'approve' | undefined;
  };
  /** The request's story line (core `story`): the call's half and the job's. */
  'ui.request.state': { story: Message };
  'ui.request.decision': { kind: string; user: string; at: string };
  /** The policy decided at timeout (`onTimeout`): no person. */
  'ui.request.decisionByPolicy': { kind: 'approve' | 'reject'; policy: string; at: string };
  'ui.request.emulated': Record<string, never>;
  /** Why the rerun is asked (issue 19 item 4). */
  'ui.request.reason': { reason: string };
  /** A break-glass approval (issue 19 item 3), and who reviewed it afterwards, once someone has. */
  'ui.request.glass': {
    by: string;
    at: string;
    reason: string;
    reviewer: string | undefined;
    reviewedAt: string | undefined;
  };
  'ui.button.breakGlass': Record<string, never>;
  'ui.button.review': Record<string, never>;
  /** The break-glass form: its title, what it does, the Reason field, the confirmation and its submit. */
  'ui.glass.title': Record<string, never>;
  'ui.glass.intro': { id: string; target: string };
  'ui.glass.reason': Record<string, never>;
  'ui.glass.reasonHint': { pattern: string | undefined };
  'ui.glass.confirm': Record<string, never>;
  /** The confirmation checkbox's own short text (Slack caps an option at 75 characters). */
  'ui.glass.confirmBox': Record<string, never>;
  'ui.glass.submit': Record<string, never>;
  /** The rerun form's Reason field (issue 19 item 4): required, and the pattern, where the policy says so. */
  'ui.form.reason': Record<string, never>;
  /** `missing`: a required reason the command left out (the form opened for it, issue 19 item 4). */
  'ui.form.reasonHint': { required: boolean; pattern: string | undefined; missing?: boolean | undefined };
  /** The console's second confirmation of a break-glass `approve rr-… reason=…`. */
  'ui.console.glassConfirm': { id: string; target: string };
  'ui.console.glassStopped': { id: string };
  'ui.request.outcomeItem': { id: string; result: string; reason: Message | undefined };
  'ui.request.ids': { code: string | undefined; requestId: string | undefined };
  'ui.request.checkStatus': { id: string };
  'ui.request.after': { items: Message[] };
  'ui.request.afterError': { error: Message };
  'ui.request.fallback': { id: string; target: string; requester: string; story: Message };
  /** A second message of a request (a lost answer posted it twice): it points to the live one. */
  'ui.request.superseded': { id: string; target: string };
  'ui.request.supersededLink': Record<string, never>;
  'ui.status.item': { id: string; state: string; detail: Message | undefined };
  'ui.button.approve': Record<string, never>;
  'ui.button.reject': Record<string, never>;
  'ui.button.cancel': Record<string, never>;
  'ui.button.askAgain': Record<string, never>;
  'ui.button.rerunAlert': Record<string, never>;
  'ui.button.rerunAgain': Record<string, never>;
  'ui.button.rerunRemainder': { count: number };
  'ui.alert.offer': { target: string; provider: Message; items: string[]; missing: string[] };
  'ui.alert.open': { target: string; open: Message };
  'ui.alert.openLink': Record<string, never>;
  'ui.alert.unknown': { rules: Message[] };
  'ui.alert.rule': { channel: string; pattern: string; target: string };
  'ui.alert.count': { count: number };
  'ui.digest.header': { alerts: number; replies: number };
  'ui.digest.target': { target: string; provider: Message };
  'ui.digest.item': { items: string[]; count: number };
  'ui.digest.pick': Record<string, never>;
  'ui.button.rerunSelected': Record<string, never>;
  /** The one thread reply that calls a request's approver groups (the mentions are put before it). */
  'ui.approvers.call': { id: string; target: string; min: number };
  'ui.help.intro': Record<string, never>;
  'ui.help.noTargets': Record<string, never>;
  'ui.help.target': {
    id: string;
    provider: Message;
    summary: Message;
    keys: Message[];
    /** The keys read only in one case of another key (`mode=chain`), one `ui.help.case` each. */
    cases: Message[];
    examples: string[];
  };
  /**
   * One key: the values it takes when they are few (`values`), whether it may be left out and what
   * that means, and the keys that may stand in for it together (`or`).
   */
  'ui.help.key': { key: string; values: string[]; optional: boolean; default: string | undefined; or: string[] };
  /** The keys read when `key` is one of `values` (`isDefault`: which is also what leaving it out means). */
  'ui.help.case': { key: string; values: string[]; isDefault: boolean; keys: Message[] };
  'ui.help.footer': Record<string, never>;
  'ui.help.fallback': Record<string, never>;
  'ui.form.title': Record<string, never>;
  'ui.form.loading': Record<string, never>;
  'ui.form.target': Record<string, never>;
  'ui.form.targetHint': Record<string, never>;
  'ui.form.submit': Record<string, never>;
  'ui.form.close': Record<string, never>;
  'ui.form.hint': { hint: Message; example: string; missing: boolean };
  'ui.form.pick': { label: Message };
  'ui.form.yes': Record<string, never>;
  'ui.form.no': Record<string, never>;
  'ui.form.pickTarget': Record<string, never>;
  'ui.form.useTyped': { value: string };
  'ui.form.couldNotList': { error: Message };
  'ui.form.targetOption': { id: string; provider: Message };
  /** A form whose sealed context is missing, tampered with, another person's or too old. */
  'ui.form.stale': Record<string, never>;
  'ui.answer.checking': { target: string };
  /** The answer's provider reads wait their turn at the pace: `ahead` calls go first (issue 18 item 6). */
  'ui.answer.queued': { ahead: number };
  'ui.answer.asked': { id: string };
  'ui.answer.cancelled': { id: string };
  'ui.answer.noRequest': { id: string };
  'ui.answer.problems': { problems: Message[]; example: string };
  'ui.answer.problem': { key: string; issue: Message };
  'ui.answer.problemList': { problems: Message[] };
  'ui.answer.unreadable': { message: Message; example: string };
  'ui.answer.unknownTarget': { target: string; targets: string[] };
  'ui.answer.failed': { error: string };
  'ui.answer.digestNone': Record<string, never>;
  'ui.answer.digestApart': { target: string };
  'ui.answer.staleButton': Record<string, never>;
  /** A click on a button whose request was posted in another channel or message. */
  'ui.answer.elsewhere': Record<string, never>;
  /** A second submission of a form that already asked for a request. */
  'ui.answer.formUsed': Record<string, never>;
  /** Slack did not name the channel in time, and the target's policy names channels by `#name`. */
  'ui.answer.channelUnread': Record<string, never>;
  'ui.history.empty': Record<string, never>;
  'ui.history.title': { count: number };
  /** `approvers`: who approved a request whose call went out (its story names only the provider's answer). */
  'ui.history.line': {
    /** Why it was asked, and whether its requester approved it through break-glass. */
    reason?: string | undefined;
    glass?: boolean | undefined;
    id: string;
    at: string;
    target: string;
    story: Message;
    requester: string;
    approvers: string[];
    summary: Message;
  };
  /**
   * What waits for a person (issue 19 item 6), on the App Home and in `pending`: the three lists'
   * titles, what each says when empty, and one request of a list (`at`: when it was asked).
   */
  'ui.pending.waiting': Record<string, never>;
  'ui.pending.mine': Record<string, never>;
  'ui.pending.decided': Record<string, never>;
  'ui.pending.noneWaiting': Record<string, never>;
  'ui.pending.noneMine': Record<string, never>;
  'ui.pending.noneDecided': Record<string, never>;
  'ui.pending.item': {
    id: string;
    target: string;
    requester: string;
    at: string;
    story: Message;
    approvers: string[];
    summary: Message;
  };
  /** A click on the App Home whose request changed since the Home showed it: where it stands now. */
  'ui.home.stale': { id: string; story: Message };
  /** A Home button used by someone else, elsewhere, or forged. */
  'ui.home.notYours': Record<string, never>;
  'ui.status.head': { id: string; target: string; story: Message };
  'ui.status.askedBy': { user: string; at: string };
  'ui.status.decisions': Record<string, never>;
  'ui.status.noDecisions': Record<string, never>;
  'ui.status.answer': Record<string, never>;
  'ui.status.current': Record<string, never>;
  'ui.status.moving': Record<string, never>;
  'ui.status.couldNotRead': { error: Message };
  'ui.status.audit': { count: number };
  /** `logs`: the file the logs go to, when they do not go to the terminal. */
  'ui.console.welcome': { user: string; targets: string[]; emulated: boolean; logs: string | undefined };
  /** A request's state changed after it was decided: one line. */
  'ui.console.story': { id: string; story: Message; items: Message[] };
  'ui.console.rerunAgain': { id: string };
  /** `quit` while reruns are still followed. */
  'ui.console.quitWaiting': { ids: string[]; waitMs: number };
  'ui.console.quitUnfinished': { ids: string[]; later: boolean };
  'ui.console.as': { user: string };
  'ui.console.noLatest': Record<string, never>;
  'ui.console.choices': { id: string; cancel: boolean };
  'ui.console.askAgain': { id: string };
  'ui.console.remainder': { count: number; args: string };
  'ui.console.help': Record<string, never>;
  'ui.console.unknown': { line: string };
  'ui.console.formNeeded': { target: string; missing: string[]; example: string };
  'ui.console.bye': Record<string, never>;
  'ui.console.emulators': { targets: string[] };
  /** A config file's target on its emulator because these variables are not set. */
  'ui.console.waiting': { target: string; variables: string[] };
  /**
   * Issue 19 item 5: the answer to an ask that collided with an open request (after the core's
   * refusal): its link, what the asker may do (`watch`, `approve`: the buttons, or the console's
   * commands), and what a click on its buttons comes to.
   */
  'ui.button.watch': Record<string, never>;
  'ui.collision.open': Record<string, never>;
  'ui.collision.help': { id: string; watch: boolean; approve: boolean };
  /** A click on the answer's Approve after the request moved on: nothing was done; where it stands. */
  'ui.collision.changed': { id: string; story: Message };
  'ui.collision.approved': { id: string; story: Message };
  'ui.watch.started': { id: string; story: Message };
  'ui.watch.already': { id: string };
};

export const uiMsg = messagesOf<SurfaceMessages>();
