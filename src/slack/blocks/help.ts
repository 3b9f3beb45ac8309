/** `/rerun help`: the commands, and examples for the targets this person may use. */
import type { Target } from '../../core/model/target.ts';
import { uiMsg } from '../../i18n/surface.ts';
import { helpView } from '../../i18n/views.ts';
import type { Locale } from '../../lib/message.ts';
import type { SlackWords } from '../words.ts';
import { context, section, type Block } from './kit.ts';

export function helpMessage(
  targets: readonly Target[],
  locale: Locale,
  words: SlackWords,
): { text: string; blocks: Block[] } {
  const v = helpView(targets.slice(0, 40));
  const t = (m: Parameters<SlackWords['mrkdwn']>[0]) => words.mrkdwn(m, locale);
  const blocks: Block[] = [section(t(v.intro)), ...v.targets.map((m) => section(t(m))), context(t(v.footer))];
  return { text: words.plain(uiMsg('ui.help.fallback', {}), locale), blocks: blocks.slice(0, 50) };
}
