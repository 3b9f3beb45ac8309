/** `/rerun status` and `/rerun history`. */
import type { RerunRequest } from '../../core/request.ts';
import type { StatusResult } from '../../core/service.ts';
import { escapeMrkdwn, mention, safeText, slackDate } from '../escape.ts';
import { context, section, type Block } from './kit.ts';

export function statusMessage(s: StatusResult): { text: string; blocks: Block[] } {
  const r = s.request;
  const decisions =
    r.decisions.map((d) => `${d.kind} by ${mention(d.userId)} ${slackDate(d.at)}`).join('\n') || 'no decisions yet';
  const outcome = r.execution?.outcome;
  const blocks: Block[] = [
    section(
      `*${r.id}* on \`${escapeMrkdwn(r.targetId)}\` — *${r.state}*\nAsked by ${mention(r.requester)} ${slackDate(r.createdAt)}\n${safeText(r.summary, 1500)}`,
    ),
    section(`*Decisions*\n${decisions}`),
  ];
  if (outcome) {
    const ids = [outcome.code && `code ${outcome.code}`, outcome.requestId && `request id ${outcome.requestId}`]
      .filter(Boolean)
      .join(', ');
    blocks.push(
      section(`*Provider answer*\n${safeText(outcome.message, 2000)}${ids ? `\n${safeText(ids, 500)}` : ''}`),
    );
  }
  if (s.live)
    blocks.push(
      section(`*Current state*\n${safeText(s.live.summary, 2500)}${s.live.terminal ? '' : ' (still moving)'}`),
    );
  if (s.liveError) blocks.push(section(`*Current state*\nCould not be read: ${safeText(s.liveError, 2000)}`));
  blocks.push(context(`${s.audit.length} audit records`));
  return { text: `Request ${r.id}: ${r.state}`, blocks };
}

export function historyMessage(requests: readonly RerunRequest[]): { text: string; blocks: Block[] } {
  if (!requests.length) return { text: 'No rerun requests yet.', blocks: [section('No rerun requests yet.')] };
  const lines = requests.map(
    (r) =>
      `• \`${r.id}\` ${slackDate(r.createdAt)} \`${escapeMrkdwn(r.targetId)}\` *${r.state}* by ${mention(r.requester)} — ${safeText(r.summary, 150)}`,
  );
  return { text: `Last ${requests.length} rerun requests`, blocks: [section(lines.join('\n').slice(0, 3000))] };
}
