/** Reads the form's state into RawParams, the same shape the text command produces. */
import { normalizeValue } from '../../../core/input.ts';
import type { AnyProvider, RawParams } from '../../../providers/types.ts';
import { ACTION, BLOCK } from '../../ids.ts';
import { valueOf, type ViewState } from '../../payloads.ts';

export function rawFromView(provider: AnyProvider, state: ViewState): RawParams {
  const raw: RawParams = {};
  for (const field of provider.fields) {
    const block = state[BLOCK.field(field.key)];
    const value = valueOf(block?.[ACTION.fieldValue] ?? block?.[ACTION.pick]);
    if (value !== undefined && value.trim() !== '') raw[field.key] = normalizeValue(field, value);
  }
  return raw;
}

/** The form's Reason field (issue 19 item 4), when filled in. */
export function reasonFromView(state: ViewState): string | undefined {
  const value = valueOf(state[BLOCK.reason]?.[ACTION.fieldValue])?.trim();
  return value || undefined;
}
