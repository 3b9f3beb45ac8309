/**
 * The approval request message and every later state of it: one message, re-rendered from the
 * request each time, in the request's own language (the target's `locale`, else the asker's).
 */
import { type JobPhase } from '../../core/model/lifecycle.ts';
import { jobPhase } from '../../core/model/following.ts';
import type { RerunRequest } from '../../core/model/request.ts';
import { callText, MAX_CALLS_SHOWN, requestView } from '../../i18n/views.ts';
import { storyOf } from '../../core/model/story.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Message } from '../../lib/message.ts';
import { ACTION, BLOCK } from '../ids.ts';
import type { SlackWords } from '../words.ts';
import { code, context, cut, divider, header, section, type Block } from './kit.ts';

/** Block Kit's limit on a section's text. */
const SECTION_LIMIT = 3000;

const STATE_EMOJI: Record<RerunRequest['state'], string> = {
  pending: ':hourglass_flowing_sand:',
  sending: ':arrows_counterclockwise:',
  accepted: ':outbox_tray:',
  partial: ':warning:',
  refused: ':x:',
  'not-sent': ':heavy_minus_sign:',
  unknown: ':grey_question:',
  rejected: ':no_entry:',
  cancelled: ':heavy_multiplication_x:',
  expired: ':alarm_clock:',
};

/** Once the job of an accepted call is followed, its phase says more than the call's state. */
const JOB_EMOJI: Record<JobPhase, string> = {
  running: ':arrows_counterclockwise:',
  succeeded: ':white_check_mark:',
  'failed-again': ':x:',
  ended: ':checkered_flag:',
  unwatched: ':grey_question:',
};

function emojiOf(r: RerunRequest): string {
  const job = jobPhase(r.follow);
  return job ? JOB_EMOJI[job] : STATE_EMOJI[r.state];
}

export function approvalMessage(r: RerunRequest, now: Date, words: SlackWords): { text: string; blocks: Block[] } {
  const t = (m: Message) => words.mrkdwn(m, r.locale);
  const p = (m: Message) => words.plain(m, r.locale);
  const v = requestView(r, now);
  // The header carries the post's identity, kept by every update (slack/post-finder.ts).
  const blocks: Block[] = [
    { ...header(p(v.title)), block_id: BLOCK.post({ request: r.id, kind: 'request', key: '' }) },
    section(t(v.asks)),
  ];
  if (v.reason) blocks.push(section(cut(t(v.reason), SECTION_LIMIT)));
  if (v.emulated) blocks.push(context(t(v.emulated)));
  blocks.push(section(previewText(v.items.map(t), v.more, t)));
  if (v.notes.length) blocks.push(context(v.notes.map(t).join('\n')));
  for (const call of r.calls.slice(0, MAX_CALLS_SHOWN)) {
    blocks.push(section(t(uiMsg('ui.request.call', {}))), code(callText(call)));
  }
  if (r.calls.length > MAX_CALLS_SHOWN) {
    blocks.push(context(t(uiMsg('ui.request.moreCalls', { count: r.calls.length - MAX_CALLS_SHOWN }))));
  }
  blocks.push(context(t(v.policy)), divider());
  blocks.push(section(`${emojiOf(r)} ${[v.state, ...v.decisions].map(t).join('\n')}`));
  if (v.glass) blocks.push(section(cut(`:rotating_light: ${t(v.glass)}`, SECTION_LIMIT)));
  if (v.outcome.length) blocks.push(section(v.outcome.map(t).join('\n')));
  if (v.ids) blocks.push(context(t(v.ids)));
  if (r.state === 'pending') {
    const value = JSON.stringify({ id: r.id });
    blocks.push({
      type: 'actions',
      block_id: BLOCK.decide(r.id),
      elements: [
        button(ACTION.approve, p(uiMsg('ui.button.approve', {})), value, 'primary'),
        button(ACTION.reject, p(uiMsg('ui.button.reject', {})), value, 'danger'),
        button(ACTION.cancel, p(uiMsg('ui.button.cancel', {})), value),
        // Only under a policy that allows it; only the requester's click opens its form (glass.ts).
        ...(r.policy.breakGlass ? [button(ACTION.breakGlass, p(uiMsg('ui.button.breakGlass', {})), value)] : []),
      ],
    });
  }
  // A break-glass approval stays open to review until an approver acknowledges it.
  if (r.breakGlass && !r.breakGlass.review) {
    blocks.push({
      type: 'actions',
      block_id: `review:${r.id}`,
      elements: [button(ACTION.review, p(uiMsg('ui.button.review', {})), JSON.stringify({ id: r.id }))],
    });
  }
  if (r.state === 'expired') {
    blocks.push({
      type: 'actions',
      block_id: `again:${r.id}`,
      elements: [button(ACTION.askAgain, p(uiMsg('ui.button.askAgain', {})), JSON.stringify({ id: r.id }))],
    });
  }
  // The refused remainder (core/use-cases/remainder.ts): the value names only the request, so
  // any number of items fits; the click reads them back from the store.
  const remainder = r.execution?.remainder;
  if (remainder?.items.length) {
    const label = p(uiMsg('ui.button.rerunRemainder', { count: remainder.items.length }));
    blocks.push({
      type: 'actions',
      block_id: `remainder:${r.id}`,
      elements: [button(ACTION.remainder, label, JSON.stringify({ id: r.id }))],
    });
  }
  const text = t(
    uiMsg('ui.request.fallback', { id: r.id, target: r.targetId, requester: r.requester, story: storyOf(r) }),
  );
  return { text, blocks };
}

/**
 * The preview section: as many item lines as fit in one Block Kit section, then "…and N more",
 * so a bulk request never loses its count to the 3,000-character cut.
 */
function previewText(lines: string[], more: number, t: (m: Message) => string): string {
  const heading = t(uiMsg('ui.request.preview', {}));
  for (let n = lines.length; n >= 0; n--) {
    const rest = more + lines.length - n;
    const tail = rest > 0 ? [t(uiMsg('ui.request.more', { count: rest }))] : [];
    const text = [heading, ...lines.slice(0, n), ...tail].join('\n');
    if (text.length <= SECTION_LIMIT) return text;
  }
  return heading;
}

function button(actionId: string, label: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    action_id: actionId,
    text: { type: 'plain_text' as const, text: label.slice(0, 75) },
    ...(style ? { style } : {}),
    value,
  };
}
