/**
 * The approval request message and every later state of it: one message, re-rendered from
 * the request each time (who asked, what, preview, exact call, policy, decisions, outcome).
 */
import { formatDistance } from 'date-fns';
import type { RerunRequest } from '../../core/request.ts';
import { escapeMrkdwn, mention, safeText, slackDate } from '../escape.ts';
import { ACTION } from '../ids.ts';
import { code, context, divider, header, section, untrusted, type Block } from './kit.ts';

const MAX_ITEMS_SHOWN = 20;

const STATE_LINE: Record<RerunRequest['state'], string> = {
  pending: ':hourglass_flowing_sand: Waiting for approval',
  running: ':arrows_counterclockwise: Running…',
  succeeded: ':white_check_mark: Accepted by the provider',
  failed: ':x: Refused by the provider',
  partial: ':warning: Partly accepted',
  unknown: ':grey_question: Outcome unknown — check status',
  rejected: ':no_entry: Rejected',
  cancelled: ':heavy_multiplication_x: Cancelled by the requester',
  expired: ':alarm_clock: Expired — nothing was sent',
};

function policyLine(r: RerunRequest, now: Date): string {
  const p = r.policy;
  const who =
    p.approval === 'confirm'
      ? 'the requester or anyone may confirm'
      : p.approval === 'peer'
        ? 'anyone except the requester may approve'
        : `${p.minApprovals} of ${p.approvers.map(escapeMrkdwn).join(', ')} must approve (not the requester)`;
  const expires = new Date(r.expiresAt);
  const when =
    expires > now
      ? `expires ${slackDate(r.expiresAt)} (in ${formatDistance(expires, now)})`
      : `expired ${slackDate(r.expiresAt)}`;
  return `Policy *${p.approval}*: ${who} · ${when}`;
}

function previewLines(r: RerunRequest): string {
  const items = r.preview.items.slice(0, MAX_ITEMS_SHOWN).map((i) => {
    const name = i.name ? ` ${i.name}` : '';
    const details = i.details?.length ? ` — ${i.details.join(', ')}` : '';
    const verdict = i.eligible ? 'will be sent' : `refused: ${i.reason ?? 'not eligible'}`;
    return `• \`${safeText(i.id, 120)}\`${safeText(name, 120)} *${safeText(i.state, 40)}*${safeText(details, 300)} → ${safeText(verdict, 300)}`;
  });
  const more = r.preview.items.length - MAX_ITEMS_SHOWN;
  if (more > 0) items.push(`…and ${more} more`);
  return items.join('\n');
}

function outcomeBlocks(r: RerunRequest): Block[] {
  const o = r.execution?.outcome;
  if (!o) return [];
  const ids = [
    o.code && `code \`${safeText(o.code, 100)}\``,
    o.requestId && `request id \`${safeText(o.requestId, 300)}\``,
  ]
    .filter(Boolean)
    .join(' · ');
  const blocks: Block[] = [untrusted(o.message)];
  if (o.status === 'partial' || o.status === 'rejected') {
    const refused = o.items.filter((i) => i.result !== 'accepted').slice(0, MAX_ITEMS_SHOWN);
    if (refused.length) {
      blocks.push(
        section(
          refused
            .map((i) => `• \`${safeText(i.id, 120)}\` ${i.result}${i.reason ? `: ${safeText(i.reason, 300)}` : ''}`)
            .join('\n'),
        ),
      );
    }
  }
  if (ids) blocks.push(context(ids));
  return blocks;
}

export function approvalMessage(r: RerunRequest, now: Date): { text: string; blocks: Block[] } {
  const decisions = r.decisions.map(
    (d) =>
      `${d.kind === 'approve' ? 'Approved' : d.kind === 'reject' ? 'Rejected' : 'Cancelled'} by ${mention(d.userId)} ${slackDate(d.at)}`,
  );
  const approvals = r.decisions.filter((d) => d.kind === 'approve').length;
  const blocks: Block[] = [
    header(`Rerun request ${r.id}`),
    section(
      `${mention(r.requester)} asks to rerun on \`${escapeMrkdwn(r.targetId)}\` (${escapeMrkdwn(r.providerName)}):\n${safeText(r.summary, 2000)}`,
    ),
    section(`*Preview*\n${previewLines(r)}`),
  ];
  if (r.preview.notes.length) blocks.push(context(r.preview.notes.map((n) => safeText(n, 600)).join('\n')));
  for (const call of r.calls.slice(0, 3)) {
    const headers = Object.entries(call.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    blocks.push(
      section('*Request approval will send*'),
      code(`${call.method} ${call.url}\n${headers}${call.body ? `\n\n${call.body}` : ''}`),
    );
  }
  if (r.calls.length > 3) blocks.push(context(`…and ${r.calls.length - 3} more calls of the same shape`));
  blocks.push(context(policyLine(r, now)));
  blocks.push(divider());
  const progress =
    r.state === 'pending' && r.policy.minApprovals > 1 ? ` (${approvals}/${r.policy.minApprovals} approvals)` : '';
  blocks.push(section(`*${STATE_LINE[r.state]}*${progress}${decisions.length ? '\n' + decisions.join('\n') : ''}`));
  blocks.push(...outcomeBlocks(r));
  if (r.state === 'pending') {
    const value = JSON.stringify({ id: r.id });
    blocks.push({
      type: 'actions',
      block_id: `decide:${r.id}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.approve,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value,
        },
        {
          type: 'button',
          action_id: ACTION.reject,
          text: { type: 'plain_text', text: 'Reject' },
          style: 'danger',
          value,
        },
        { type: 'button', action_id: ACTION.cancel, text: { type: 'plain_text', text: 'Cancel' }, value },
      ],
    });
  }
  if (r.state === 'expired') {
    blocks.push({
      type: 'actions',
      block_id: `again:${r.id}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION.askAgain,
          text: { type: 'plain_text', text: 'Ask again' },
          value: JSON.stringify({ id: r.id }),
        },
      ],
    });
  }
  const text = `Rerun request ${r.id} on ${escapeMrkdwn(r.targetId)} by ${mention(r.requester)}: ${STATE_LINE[r.state].replace(/^:[a-z_]+: /, '')}`;
  return { text, blocks };
}
