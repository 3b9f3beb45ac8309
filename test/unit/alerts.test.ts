import { describe, expect, it } from 'vitest';
import { readAlert } from '../../src/core/alerts.ts';
import type { AlertRule } from '../../src/core/model/alert.ts';
import { providers } from '../../src/providers/index.ts';

const tencent = providers.find((p) => p.id === 'tencent-batch');
const providerOf = (id: string) => (id === 'batch-gz' ? tencent : undefined);
const rules: AlertRule[] = [
  { channel: '#alerts-*', match: 'Batch job (?<jobs>job-[a-z0-9]{8}) failed', target: 'batch-gz', params: {} },
  { channel: 'C0OTHER', match: 'jobs (?<job_ids>[\\w,-]+) failed', target: 'batch-gz', params: {} },
];

describe('reading an alert', () => {
  it('maps named groups to the provider keys, by alias too, for a rule of this channel', () => {
    expect(readAlert(rules, providerOf, { id: 'C1', name: 'alerts-batch' }, 'Batch job job-rybewp57 failed')).toEqual({
      targetId: 'batch-gz',
      raw: { job_ids: ['job-rybewp57'] },
      items: ['job-rybewp57'],
      // The alert's title: what the form's Reason is prefilled with (issue 19 item 4).
      reason: 'Batch job job-rybewp57 failed',
    });
  });

  it('reads the incident reference a rule captures as `reason`, never as a parameter, else the first line', () => {
    const withRef: AlertRule[] = [
      {
        channel: 'C0INC',
        match: '(?<reason>INC-\\d+)[\\s\\S]*Batch job (?<job_ids>job-[a-z0-9]{8})',
        target: 'batch-gz',
        params: {},
      },
    ];
    const read = readAlert(withRef, providerOf, { id: 'C0INC' }, 'INC-42 sev2\nBatch job job-rybewp57 failed');
    expect(read).toMatchObject({ raw: { job_ids: ['job-rybewp57'] }, reason: 'INC-42' });
    expect(read?.raw).not.toHaveProperty('reason');
    const long = `${'x'.repeat(400)}\nBatch job job-rybewp57 failed`;
    expect(readAlert(rules, providerOf, { id: 'C1', name: 'alerts-batch' }, long)?.reason).toHaveLength(150);
  });

  it('splits a list group into items and keeps to the rule channel', () => {
    const text = 'jobs job-aaaaaaaa,job-bbbbbbbb failed';
    expect(readAlert(rules, providerOf, { id: 'C0OTHER' }, text)?.items).toEqual(['job-aaaaaaaa', 'job-bbbbbbbb']);
    expect(readAlert(rules, providerOf, { id: 'C0ELSE', name: 'random' }, text)).toBeUndefined();
    expect(readAlert(rules, providerOf, { id: 'C1', name: 'alerts-x' }, 'all good')).toBeUndefined();
  });
});
