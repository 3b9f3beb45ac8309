/**
 * The refused remainder (core/use-cases/remainder.ts): only refused items of a partial or refused
 * rerun, never one whose outcome is unknown, and only when the provider can name them together.
 */
import { describe, expect, it } from 'vitest';
import { coreMsg } from '../../src/core/messages.ts';
import { refusedIds, remainderOf } from '../../src/core/use-cases/remainder.ts';
import { providers } from '../../src/providers/index.ts';
import type { AnyProvider, ItemOutcome, RerunOutcome } from '../../src/providers/types.ts';

const provider = (id: string) => providers.find((p) => p.id === id) as AnyProvider;
const outcome = (status: RerunOutcome['status'], items: ItemOutcome[]): RerunOutcome => ({
  status,
  items,
  message: coreMsg('execute.stateChanged', {}),
  calls: 1,
});
const raw = { job_ids: ['job-a', 'job-b', 'job-c'] };

describe('the refused remainder', () => {
  it('names the refused items of a partial rerun, as the provider asks for them', () => {
    const o = outcome('partial', [
      { id: 'job-a', result: 'accepted' },
      { id: 'job-b', result: 'refused' },
      { id: 'job-c', result: 'refused' },
    ]);
    expect(remainderOf(provider('tencent-batch'), raw, o)).toEqual({
      items: ['job-b', 'job-c'],
      raw: { job_ids: ['job-b', 'job-c'] },
    });
  });

  it('offers nothing after an unknown outcome, nor for an item whose outcome is unknown', () => {
    const refusedAndUnknown: ItemOutcome[] = [
      { id: 'job-a', result: 'unknown' },
      { id: 'job-b', result: 'refused' },
    ];
    expect(refusedIds(outcome('unknown', refusedAndUnknown))).toEqual([]);
    expect(remainderOf(provider('tencent-batch'), raw, outcome('unknown', refusedAndUnknown))).toBeUndefined();
    // A partial outcome offers only its refused items, never the unknown ones.
    expect(remainderOf(provider('tencent-batch'), raw, outcome('partial', refusedAndUnknown))?.items).toEqual([
      'job-b',
    ]);
    // Items sharing an id (instances of one job): naming the id would resend the unknown one too.
    const shared = outcome('partial', [
      { id: 'daily', result: 'unknown' },
      { id: 'daily', result: 'refused' },
    ]);
    expect(remainderOf(provider('huawei-dataarts'), { job: 'daily', instance: ['1:1:1', '2:2:2'] }, shared)).toBe(
      undefined,
    );
  });

  it('offers nothing when all was accepted, or when the provider cannot name the refused items together', () => {
    expect(
      remainderOf(provider('tencent-batch'), raw, outcome('accepted', [{ id: 'job-a', result: 'accepted' }])),
    ).toBe(undefined);
    const two = outcome('rejected', [
      { id: '1000', result: 'refused' },
      { id: '1001', result: 'refused' },
    ]);
    expect(remainderOf(provider('oceanbase-ocp'), { task: '100', subtask: '1000' }, two)).toBeUndefined();
  });
});
