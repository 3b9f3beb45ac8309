/** `/rerun help`: the commands, and examples for the targets this person may use. */
import { exampleFor } from '../../core/input.ts';
import type { Target } from '../../core/targets.ts';
import { escapeMrkdwn } from '../escape.ts';
import { section, context, type Block } from './kit.ts';

export function helpMessage(targets: readonly Target[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [
    section(
      [
        '*/rerun* reruns a failed cloud job after someone approves it.',
        '• `/rerun` opens the form',
        '• `/rerun <target> key=value …` asks directly (quote values with spaces; lists are comma-separated)',
        '• `/rerun status <request-id>` · `/rerun cancel <request-id>` · `/rerun history [target] [n]`',
      ].join('\n'),
    ),
  ];
  if (!targets.length) blocks.push(section('You may not ask for reruns of any target from this channel.'));
  for (const t of targets.slice(0, 40)) {
    const keys = t.provider.fields.map((f) => `\`${f.key}\`${f.required ? '' : ' (optional)'}`).join(', ');
    const examples = t.provider.help.examples
      .map((e) => `\`/rerun ${escapeMrkdwn(t.id)} ${escapeMrkdwn(e)}\``)
      .join('\n');
    blocks.push(
      section(
        `*${escapeMrkdwn(t.id)}* — ${escapeMrkdwn(t.provider.displayName)}\n${escapeMrkdwn(t.provider.help.summary)}\nKeys: ${keys}\n${examples || `\`${escapeMrkdwn(exampleFor(t.provider, t.id))}\``}`,
      ),
    );
  }
  blocks.push(context("Every rerun needs approval under the target's policy, and is sent exactly once."));
  return { text: 'How to use /rerun', blocks: blocks.slice(0, 50) };
}
