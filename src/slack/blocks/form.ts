/**
 * The rerun form (modal): a target select that dispatches on change, then the chosen
 * provider's fields, prefilled when the command text gave some, with missing ones marked.
 */
import type { View } from '@slack/types';
import type { Target } from '../../core/targets.ts';
import type { FieldSpec, RawParams } from '../../providers/types.ts';
import { plain } from '../escape.ts';
import { ACTION, BLOCK, VIEW } from '../ids.ts';
import type { FormMetadata } from '../payloads.ts';
import type { Block } from './kit.ts';

const option = (value: string, label: string) => ({
  text: { type: 'plain_text' as const, text: plain(label, 75) },
  value: value.slice(0, 75),
});

function initialText(v: RawParams[string]): string | undefined {
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(',') : String(v);
}

function fieldBlock(field: FieldSpec, value: string | undefined, missing: boolean): Block {
  const hint = plain(`${missing ? 'Missing. ' : ''}${field.hint} e.g. ${field.example}`, 2000);
  const base = {
    type: 'input' as const,
    block_id: BLOCK.field(field.key),
    optional: !field.required,
    label: { type: 'plain_text' as const, text: plain(field.label, 2000) },
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
      placeholder: { type: 'plain_text', text: plain(`Pick or type ${field.label.toLowerCase()}`, 150) },
      ...initial,
    };
    return { ...base, element } as Block;
  }
  if (field.kind === 'choice' || field.kind === 'boolean') {
    const options =
      field.kind === 'boolean'
        ? [option('true', 'yes'), option('false', 'no')]
        : (field.choices ?? []).map((c) => option(c.value, c.label));
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

export function loadingView(meta: FormMetadata): View {
  return {
    type: 'modal',
    callback_id: VIEW.form,
    private_metadata: JSON.stringify(meta).slice(0, 3000),
    title: { type: 'plain_text', text: 'Rerun a job' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: 'Loading the targets you may use…' } }],
  };
}

export function formView(
  meta: FormMetadata,
  targets: readonly Target[],
  chosen?: Target,
  prefill: RawParams = {},
  missing: readonly string[] = [],
): View {
  const options = targets.slice(0, 100).map((t) => option(t.id, `${t.id} (${t.provider.displayName})`));
  const initial = chosen && options.find((o) => o.value === chosen.id);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: BLOCK.target,
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Target' },
      hint: { type: 'plain_text', text: 'The cloud account and region (or cluster) the job runs in.' },
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
      elements: [{ type: 'plain_text', text: plain(chosen.provider.help.summary, 3000) }],
    });
    for (const f of chosen.provider.fields)
      blocks.push(fieldBlock(f, initialText(prefill[f.key]), missing.includes(f.key)));
  }
  return {
    type: 'modal',
    callback_id: VIEW.form,
    private_metadata: JSON.stringify({ ...meta, targetId: chosen?.id }).slice(0, 3000),
    title: { type: 'plain_text', text: 'Rerun a job' },
    submit: { type: 'plain_text', text: 'Ask for approval' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: blocks.slice(0, 100),
  };
}
