/**
 * The text an alert carries, read from everything monitoring apps put in a message (Slack's
 * message reference: `text`, legacy attachments, Block Kit): a rule's pattern is matched against
 * all of it, one part a line. A Block-Kit-only message's `text` is often only a placeholder
 * ("This content can't be displayed."): the job id is in its blocks.
 *
 * - `text`;
 * - each attachment's pretext, author, title, text, fields (title and value), footer and fallback,
 *   and the blocks inside it;
 * - blocks: section (text and fields), header, context (its text elements), markdown, and
 *   rich_text, whose sections, lists, quotes and preformatted parts are read as Slack shows them:
 *   text and links by their words (a link's URL follows on its own line), users, channels and
 *   groups as the mrkdwn `text` writes them, dates by their fallback; emoji are skipped.
 *
 * Payloads are untrusted and loosely typed: anything of an unexpected shape is skipped, and the
 * text read is capped (the rules' patterns run over it).
 */

/** More than any real alert holds (a message's text is cut at 40,000 characters). */
export const MAX_ALERT_TEXT_CHARS = 60_000;

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
/** A text object (`{ type: 'mrkdwn', text }`) or a plain string. */
const textOf = (v: unknown): string | undefined => str(v) ?? str(obj(v)?.['text']);

/** Every text an alert shows, one part a line. */
export function alertText(e: { text?: unknown; attachments?: unknown; blocks?: unknown }): string {
  const parts: (string | undefined)[] = [str(e.text)];
  for (const a of arr(e.attachments)) {
    const att = obj(a);
    if (!att) continue;
    parts.push(str(att['pretext']), str(att['author_name']), str(att['title']), str(att['text']));
    for (const f of arr(att['fields'])) parts.push(str(obj(f)?.['title']), str(obj(f)?.['value']));
    parts.push(str(att['footer']), str(att['fallback']));
    readBlocks(att['blocks'], parts);
  }
  readBlocks(e.blocks, parts);
  return parts
    .filter((p): p is string => !!p)
    .join('\n')
    .slice(0, MAX_ALERT_TEXT_CHARS);
}

function readBlocks(blocks: unknown, parts: (string | undefined)[]): void {
  for (const b of arr(blocks)) {
    const block = obj(b);
    switch (block?.['type']) {
      case 'section':
        parts.push(textOf(block['text']));
        for (const f of arr(block['fields'])) parts.push(textOf(f));
        break;
      case 'header':
      case 'markdown':
        parts.push(textOf(block['text']));
        break;
      case 'context':
        // Its images have no text (their alt_text describes a picture, not the alert).
        for (const el of arr(block['elements'])) if (obj(el)?.['type'] !== 'image') parts.push(textOf(el));
        break;
      case 'rich_text':
        for (const el of arr(block['elements'])) richPart(el, parts);
        break;
    }
  }
}

/** A rich_text part: a section, quote or preformatted block is one line; a list, one line per item. */
function richPart(el: unknown, parts: (string | undefined)[]): void {
  const part = obj(el);
  switch (part?.['type']) {
    case 'rich_text_section':
    case 'rich_text_quote':
    case 'rich_text_preformatted': {
      const urls: string[] = [];
      parts.push(
        arr(part['elements'])
          .map((e) => inline(e, urls))
          .join(''),
        ...urls,
      );
      break;
    }
    case 'rich_text_list':
      for (const item of arr(part['elements'])) richPart(item, parts);
      break;
  }
}

/** One inline element as Slack shows it; a link's URL is kept aside in `urls` (it may hold the id). */
function inline(e: unknown, urls: string[]): string {
  const el = obj(e);
  switch (el?.['type']) {
    case 'text':
      return str(el['text']) ?? '';
    case 'link': {
      const url = str(el['url']);
      const text = str(el['text']);
      if (url && text) urls.push(url);
      return text ?? url ?? '';
    }
    case 'user':
      return str(el['user_id']) ? `<@${el['user_id'] as string}>` : '';
    case 'channel':
      return str(el['channel_id']) ? `<#${el['channel_id'] as string}>` : '';
    case 'usergroup':
      return str(el['usergroup_id']) ? `<!subteam^${el['usergroup_id'] as string}>` : '';
    case 'broadcast':
      return str(el['range']) ? `<!${el['range'] as string}>` : '';
    case 'date':
      return str(el['fallback']) ?? '';
    case 'color':
      return str(el['value']) ?? '';
    default:
      // emoji and whatever Slack adds next: nothing a rule reads.
      return '';
  }
}
