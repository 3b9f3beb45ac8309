/**
 * What every front end shows, as messages in order: a request (what is asked, the preview, the
 * policy, the decisions, the outcome), help, status and history. Slack lays these out as blocks,
 * the console as lines; the choice of what to show is made once, here.
 */
import type { StatusResult } from '../core/compose.ts';
import { helpExamples, type FieldErrors } from '../core/input.ts';
import { keyHelp, type KeyHelp } from '../core/model/field.ts';
import { approversOf } from '../core/model/lifecycle.ts';
import type { RerunRequest } from '../core/model/request.ts';
import { followLine, storyOf } from '../core/model/story.ts';
import type { Target } from '../core/model/target.ts';
import type { Message } from '../lib/message.ts';
import { redactSecrets } from '../lib/secrets.ts';
import { uiMsg } from './surface.ts';

const MAX_ITEMS_SHOWN = 20;
/** The calls an approval message shows in full; the rest are counted. */
export const MAX_CALLS_SHOWN = 3;

/**
 * The exact request approval will send, as text: method and URL, headers, body. Providers
 * describe calls without credentials; the secrets registry is the net under that rule.
 */
export function callText(call: RerunRequest['calls'][number]): string {
  const headers = Object.entries(call.headers).map(([k, val]) => `${k}: ${val}`);
  return redactSecrets([`${call.method} ${call.url}`, ...headers, ...(call.body ? ['', call.body] : [])].join('\n'));
}

interface RequestView {
  title: Message;
  asks: Message;
  emulated?: Message;
  /** The first MAX_ITEMS_SHOWN items; `more` counts the rest. */
  items: Message[];
  more: number;
  notes: Message[];
  policy: Message;
  /** Why it was asked (issue 19 item 4). */
  reason?: Message;
  /** A break-glass approval and its review (issue 19 item 3). */
  glass?: Message;
  state: Message;
  decisions: Message[];
  outcome: Message[];
  ids?: Message;
}

export function requestView(r: RerunRequest, now: Date): RequestView {
  const items = r.preview.items.slice(0, MAX_ITEMS_SHOWN).map((i) =>
    uiMsg('ui.request.item', {
      id: i.id,
      name: i.name,
      state: i.state,
      details: i.details ?? [],
      eligible: i.eligible,
      reason: i.reason,
      ids: i.code || i.requestId ? uiMsg('ui.request.ids', { code: i.code, requestId: i.requestId }) : undefined,
    }),
  );
  const view: RequestView = {
    title: uiMsg('ui.request.title', { id: r.id }),
    asks: uiMsg('ui.request.asks', {
      requester: r.requester,
      target: r.targetId,
      provider: r.providerName,
      summary: r.summary,
    }),
    items,
    more: Math.max(0, r.preview.items.length - items.length),
    notes: r.preview.notes,
    policy: uiMsg('ui.request.policy', {
      approval: r.policy.approval,
      minApprovals: r.policy.minApprovals,
      approvers: r.policy.approvers,
      expiresAt: r.expiresAt,
      onTimeout: r.policy.onTimeout,
      expired: new Date(r.expiresAt) <= now,
    }),
    state: uiMsg('ui.request.state', { story: storyOf(r) }),
    decisions: r.decisions.map((d) =>
      'userId' in d
        ? uiMsg('ui.request.decision', { kind: d.kind, user: d.userId, at: d.at })
        : uiMsg('ui.request.decisionByPolicy', { kind: d.kind, policy: d.policy, at: d.at }),
    ),
    outcome: [],
  };
  if (r.emulated) view.emulated = uiMsg('ui.request.emulated', {});
  if (r.reason) view.reason = uiMsg('ui.request.reason', { reason: r.reason });
  if (r.breakGlass) {
    const { by, at, reason, review } = r.breakGlass;
    view.glass = uiMsg('ui.request.glass', { by, at, reason, reviewer: review?.by, reviewedAt: review?.at });
  }
  const o = r.execution?.outcome;
  if (!o) return view;
  view.outcome.push(o.message);
  if (o.status !== 'accepted') {
    for (const i of o.items.filter((x) => x.result !== 'accepted').slice(0, MAX_ITEMS_SHOWN)) {
      view.outcome.push(uiMsg('ui.request.outcomeItem', { id: i.id, result: i.result, reason: i.reason }));
    }
  }
  const after = r.execution?.after;
  if (after && 'status' in after) {
    const states = after.status.items.map((i) =>
      uiMsg('ui.status.item', { id: i.id, state: i.state, detail: i.detail }),
    );
    view.outcome.push(uiMsg('ui.request.after', { items: states }));
  } else if (after) view.outcome.push(uiMsg('ui.request.afterError', { error: after.error }));
  if (o.status === 'unknown') view.outcome.push(uiMsg('ui.request.checkStatus', { id: r.id }));
  // Followed to its final state (core/use-cases/follow.ts): still watching, or how it ended and when.
  const follow = followLine(r);
  if (follow) view.outcome.push(follow);
  if (o.code || o.requestId) view.ids = uiMsg('ui.request.ids', { code: o.code, requestId: o.requestId });
  return view;
}

/** Each field's problem as a line: the same list in Slack and on the console. */
export function problemsOf(errors: FieldErrors): Message[] {
  return Object.entries(errors).map(([key, e]) => uiMsg('ui.answer.problem', { key, issue: e.message }));
}

/** A provider's keys as help lists them (core/model/field.ts decides which are optional where). */
function helpKeys(fields: Target['provider']['fields']): { keys: Message[]; cases: Message[] } {
  const { keys, cases } = keyHelp(fields);
  const keyMsg = (k: KeyHelp) => uiMsg('ui.help.key', { ...k });
  return {
    keys: keys.map(keyMsg),
    cases: cases.map((c) =>
      uiMsg('ui.help.case', {
        key: c.when.key,
        values: [...c.when.values],
        isDefault: c.isDefault,
        keys: c.keys.map(keyMsg),
      }),
    ),
  };
}

/** Help for the targets this person may use: one block of lines per target. */
export function helpView(targets: readonly Target[]): { intro: Message; targets: Message[]; footer: Message } {
  return {
    intro: targets.length ? uiMsg('ui.help.intro', {}) : uiMsg('ui.help.noTargets', {}),
    targets: targets.map((t) =>
      uiMsg('ui.help.target', {
        id: t.id,
        provider: t.provider.displayName,
        summary: t.provider.help.summary,
        ...helpKeys(t.provider.fields),
        examples: helpExamples(t.provider, t.id),
      }),
    ),
    footer: uiMsg('ui.help.footer', {}),
  };
}

interface StatusView {
  head: Message[];
  decisions: Message[];
  answer: Message[];
  current: Message[];
  audit: Message;
}

export function statusView(s: StatusResult, now: Date): StatusView {
  const r = s.request;
  const current: Message[] = [];
  if (s.live) {
    current.push(...s.live.items.map((i) => uiMsg('ui.status.item', { id: i.id, state: i.state, detail: i.detail })));
    if (!s.live.terminal) current.push(uiMsg('ui.status.moving', {}));
  }
  if (s.liveError) current.push(uiMsg('ui.status.couldNotRead', { error: s.liveError }));
  const v = requestView(r, now);
  return {
    head: [
      uiMsg('ui.status.head', { id: r.id, target: r.targetId, story: storyOf(r) }),
      uiMsg('ui.status.askedBy', { user: r.requester, at: r.createdAt }),
      r.summary,
      ...(v.reason ? [v.reason] : []),
    ],
    decisions: v.decisions.length
      ? [...v.decisions, ...(v.glass ? [v.glass] : [])]
      : [uiMsg('ui.status.noDecisions', {})],
    answer: [...v.outcome, ...(v.ids ? [v.ids] : [])],
    current,
    audit: uiMsg('ui.status.audit', { count: s.audit.length }),
  };
}

export function historyView(requests: readonly RerunRequest[]): { title: Message; lines: Message[] } {
  if (!requests.length) return { title: uiMsg('ui.history.empty', {}), lines: [] };
  return {
    title: uiMsg('ui.history.title', { count: requests.length }),
    lines: requests.map((r) =>
      uiMsg('ui.history.line', {
        id: r.id,
        at: r.createdAt,
        target: r.targetId,
        story: storyOf(r),
        requester: r.requester,
        // The story names who rejected or cancelled; a call that went out was decided by its approvers.
        approvers: r.execution && r.state !== 'sending' ? approversOf(r) : [],
        summary: r.summary,
        reason: r.reason,
        glass: !!r.breakGlass,
      }),
    ),
  };
}
