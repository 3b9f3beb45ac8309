/**
 * A digest: the alerts of a channel that arrived faster than each could be answered in its own
 * thread, in one message. Per target, the jobs (each line one alert reply, with how many identical
 * alerts it stands for) and a multi-select of them with a Rerun selected… button. Within Block
 * Kit's limits by construction: the queue puts at most DIGEST_ROWS replies (a multi-select holds
 * 100 options) of DIGEST_TARGETS targets in one digest, and each line is cut.
 */
import type { DigestEntry, ReplyView } from '../../core/ports.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import { plain } from '../escape.ts';
import { ACTION, BLOCK } from '../ids.ts';
import type { DigestButton } from '../payloads.ts';
import type { SlackWords } from '../words.ts';
import { cut, section, type Block } from './kit.ts';

/** Mrkdwn per section (Block Kit: 3000) and per job line, so a digest never passes 50 blocks. */
const SECTION_MAX = 2900;
const LINE_MAX = 150;

/** Lines packed into sections of at most SECTION_MAX characters. */
function sections(lines: string[]): Block[] {
  const out: Block[] = [];
  let text = '';
  for (const line of lines) {
    if (text && text.length + line.length + 1 > SECTION_MAX) {
      out.push(section(text));
      text = '';
    }
    text = text ? `${text}\n${line}` : line;
  }
  if (text) out.push(section(text));
  return out;
}

export function digestMessage(
  view: Extract<ReplyView, { kind: 'digest' }>,
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const t = (m: Message) => words.mrkdwn(m, locale);
  const alerts = view.entries.reduce((n, e) => n + e.reply.count, 0);
  const head = t(uiMsg('ui.digest.header', { alerts, replies: view.entries.length }));
  const blocks: Block[] = [{ ...section(head), block_id: BLOCK.reply(view.reply.id) }];
  const byTarget = new Map<string, DigestEntry[]>();
  for (const e of view.entries) byTarget.set(e.target.id, [...(byTarget.get(e.target.id) ?? []), e]);
  let n = 0;
  for (const [targetId, entries] of byTarget) {
    const target = entries[0]!.target;
    const lines = [
      t(uiMsg('ui.digest.target', { target: targetId, provider: target.provider.displayName })),
      ...entries.map((e) => {
        const items = e.reply.body.items;
        const shown = items.length > 5 ? [...items.slice(0, 5), `+${items.length - 5}`] : items;
        return cut(t(uiMsg('ui.digest.item', { items: shown, count: e.reply.count })), LINE_MAX);
      }),
    ];
    blocks.push(...sections(lines));
    const value: DigestButton = { d: view.reply.id, t: targetId };
    blocks.push({
      type: 'actions',
      block_id: BLOCK.digest(n++),
      elements: [
        {
          type: 'multi_static_select',
          action_id: ACTION.digestPick,
          placeholder: { type: 'plain_text', text: plain(words.plain(uiMsg('ui.digest.pick', {}), locale), 150) },
          options: entries.slice(0, 100).map((e) => ({
            text: {
              type: 'plain_text',
              text: plain(
                `${e.reply.body.items.join(', ') || e.reply.id}${e.reply.count > 1 ? ` ×${e.reply.count}` : ''}`,
                75,
              ),
            },
            value: e.reply.id,
          })),
        },
        {
          type: 'button',
          action_id: ACTION.digestRerun,
          style: 'primary',
          text: { type: 'plain_text', text: plain(words.plain(uiMsg('ui.button.rerunSelected', {}), locale), 75) },
          value: JSON.stringify(value),
        },
      ],
    });
  }
  return { text: head, blocks };
}
