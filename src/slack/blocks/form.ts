/**
 * The rerun form (modal): a target select that dispatches on change, then the chosen
 * provider's fields, prefilled when the command text gave some, with missing ones marked.
 */
import type { View } from '@slack/types';
import type { Target } from '../../core/model/target.ts';
import { MAX_REASON_CHARS } from '../../core/policy.ts';
import { uiMsg } from '../../i18n/surface.ts';
import type { Locale, Message } from '../../lib/message.ts';
import type { FieldSpec, RawParams } from '../../providers/types.ts';
import { plain } from '../escape.ts';
import { ACTION, BLOCK, VIEW } from '../ids.ts';
import type { SlackWords } from '../words.ts';
import type { Block } from './kit.ts';
import { option } from './option.ts';

/** Plain text of a message in the form's language: labels, hints and options are plain_text. */
type Words = (m: Message) => string;
const wordsFor =
  (words: SlackWords, locale: Locale): Words =>
  (m) =>
    words.plain(m, locale);

function initialText(v: RawParams[string]): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : String(v);
}

function fieldBlock(field: FieldSpec, value: string | undefined, missing: boolean, w: Words): Block {
  const hint = plain(w(uiMsg('ui.form.hint', { hint: field.hint, example: field.example, missing })), 2000);
  const base = {
    type: 'input' as const,
    block_id: BLOCK.field(field.key),
    optional: !field.required,
    label: { type: 'plain_text' as const, text: plain(w(field.label), 2000) },
    hint: { type: 'plain_text' as const, text: hint },
  };
  if (field.pick) {
    // A list field picks several options; its value is read back comma-joined, like typed text.
    const multi = field.kind === 'list';
    const chosen = (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v) => option(v, v));
    const initial = chosen.length === 0 ? {} : multi ? { initial_options: chosen } : { initial_option: chosen[0] };
    const element = {
      type: multi ? 'multi_external_select' : 'external_select',
      action_id: ACTION.pick,
      min_query_length: 0,
      placeholder: { type: 'plain_text', text: plain(w(uiMsg('ui.form.pick', { label: field.label })), 150) },
      ...initial,
    };
    return { ...base, element } as Block;
  }
  if (field.kind === 'choice' || field.kind === 'boolean') {
    const options =
      field.kind === 'boolean'
        ? [option(w(uiMsg('ui.form.yes', {})), 'true'), option(w(uiMsg('ui.form.no', {})), 'false')]
        : (field.choices ?? []).map((c) => option(w(c.label), c.value));
    const initial = options.find((o) => o.value === value);
    return {
      ...base,
      element: {
        type: 'static_select',
        action_id: ACTION.fieldValue,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    } as Block;
  }
  return {
    ...base,
    element: {
      type: 'plain_text_input',
      action_id: ACTION.fieldValue,
      multiline: field.kind === 'list',
      placeholder: { type: 'plain_text', text: plain(field.example, 150) },
      ...(value !== undefined ? { initial_value: value.slice(0, 3000) } : {}),
    },
  } as Block;
}

/** `metadata`: the form's sealed context (form-seal.ts), handed back by Slack with every use of the form. */
export function loadingView(metadata: string, locale: Locale, words: SlackWords): View {
  const w = wordsFor(words, locale);
  return {
    type: 'modal',
    callback_id: VIEW.form,
    private_metadata: metadata,
    title: { type: 'plain_text', text: plain(w(uiMsg('ui.form.title', {})), 24) },
    close: { type: 'plain_text', text: plain(w(uiMsg('ui.form.close', {})), 24) },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: w(uiMsg('ui.form.loading', {})) } }],
  };
}

interface FormContent {
  targets: readonly Target[];
  chosen?: Target | undefined;
  prefill?: RawParams;
  missing?: readonly string[];
  /** The Reason field (issue 19 item 4): the chosen target's policy rule, and its prefilled value. */
  reason?: ReasonField | undefined;
}

export interface ReasonField {
  required: boolean;
  pattern: string | undefined;
  value?: string | undefined;
  /** A required reason the command left out: marked missing, as a missing field is. */
  missing?: boolean | undefined;
}

/** The Reason field as a target's policy asks for it (a pattern makes it required). */
export function reasonField(
  policy: { requireReason?: boolean | undefined; reasonPattern?: string | undefined },
  value?: string,
): ReasonField {
  return { required: !!(policy.requireReason || policy.reasonPattern), pattern: policy.reasonPattern, value };
}

function reasonBlock(field: ReasonField, w: Words): Block {
  return {
    type: 'input',
    block_id: BLOCK.reason,
    optional: !field.required,
    label: { type: 'plain_text', text: w(uiMsg('ui.form.reason', {})) },
    hint: {
      type: 'plain_text',
      text: plain(
        w(uiMsg('ui.form.reasonHint', { required: field.required, pattern: field.pattern, missing: field.missing })),
        2000,
      ),
    },
    element: {
      type: 'plain_text_input',
      action_id: ACTION.fieldValue,
      max_length: MAX_REASON_CHARS,
      ...(field.value ? { initial_value: field.value.slice(0, MAX_REASON_CHARS) } : {}),
    },
  } as Block;
}

export function formView(metadata: string, content: FormContent, locale: Locale, words: SlackWords): View {
  const w = wordsFor(words, locale);
  const { targets, chosen, prefill = {}, missing = [] } = content;
  const options = targets
    .slice(0, 100)
    .map((t) => option(w(uiMsg('ui.form.targetOption', { id: t.id, provider: t.provider.displayName })), t.id));
  const initial = chosen && options.find((o) => o.value === chosen.id);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: BLOCK.target,
      dispatch_action: true,
      label: { type: 'plain_text', text: w(uiMsg('ui.form.target', {})) },
      hint: { type: 'plain_text', text: w(uiMsg('ui.form.targetHint', {})) },
      element: {
        type: 'static_select',
        action_id: ACTION.targetSelect,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    } as Block,
  ];
  if (chosen) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'plain_text', text: plain(w(chosen.provider.help.summary), 3000) }],
    });
    for (const f of chosen.provider.fields)
      blocks.push(fieldBlock(f, initialText(prefill[f.key]), missing.includes(f.key), w));
    if (content.reason) blocks.push(reasonBlock(content.reason, w));
  }
  return {
    type: 'modal',
    callback_id: VIEW.form,
    private_metadata: metadata,
    title: { type: 'plain_text', text: plain(w(uiMsg('ui.form.title', {})), 24) },
    submit: { type: 'plain_text', text: plain(w(uiMsg('ui.form.submit', {})), 24) },
    close: { type: 'plain_text', text: plain(w(uiMsg('ui.form.close', {})), 24) },
    blocks: blocks.slice(0, 100),
  };
}

/**
 * What a form that cannot be used becomes (its context stale or forged, its state unreadable): one
 * sentence and a Close button, in place of the form, so the person is never left with a form that
 * fails on submit.
 */
export function noticeView(message: Message, locale: Locale, words: SlackWords): View {
  const w = wordsFor(words, locale);
  return {
    type: 'modal',
    callback_id: VIEW.notice,
    title: { type: 'plain_text', text: plain(w(uiMsg('ui.form.title', {})), 24) },
    close: { type: 'plain_text', text: plain(w(uiMsg('ui.form.close', {})), 24) },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: plain(w(message), 3000) } }],
  };
}
