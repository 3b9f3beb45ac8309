import { describe, expect, it } from 'vitest';
import { parseCommand, tokenize } from '../../src/core/command.ts';
import { argsText, missingFields, rawFromPairs, validateParams } from '../../src/core/input.ts';
import { parseDurationMs } from '../../src/lib/duration.ts';
import { tencentBatch } from '../../src/providers/tencent-batch/index.ts';

describe('command text', () => {
  it('reads the subcommands', () => {
    expect(parseCommand('')).toEqual({ kind: 'form' });
    expect(parseCommand('  HELP ')).toEqual({ kind: 'help' });
    expect(parseCommand('status rr-1a2b3c4d')).toEqual({ kind: 'status', id: 'rr-1a2b3c4d' });
    expect(parseCommand('cancel rr-1a2b3c4d')).toEqual({ kind: 'cancel', id: 'rr-1a2b3c4d' });
    expect(parseCommand('history batch-gz 20')).toEqual({ kind: 'history', targetId: 'batch-gz', limit: 20 });
    expect(parseCommand('history')).toEqual({ kind: 'history', limit: 10 });
    expect(parseCommand('history 500')).toEqual({ kind: 'history', limit: 50 });
    expect(parseCommand('pending')).toEqual({ kind: 'pending' });
    // A target may still be named pending: with key=value pairs it is a request.
    expect(parseCommand('pending job_ids=j1')).toMatchObject({ kind: 'request', targetId: 'pending' });
  });

  it('refuses history 0 with what n means, rather than quietly showing one', () => {
    for (const text of ['history 0', 'history batch-gz 00'])
      expect(parseCommand(text)).toEqual({ kind: 'error', message: { id: 'command.historyMin', params: {} } });
  });

  it('reads key=value pairs with quotes, curly quotes and Slack escapes', () => {
    expect(parseCommand('dlf-prod job=a plan_time="2024-11-26 14:13" node=\u201cmy node\u201d x=a&amp;b')).toEqual({
      kind: 'request',
      targetId: 'dlf-prod',
      pairs: [
        ['job', 'a'],
        ['plan_time', '2024-11-26 14:13'],
        ['node', 'my node'],
        ['x', 'a&b'],
      ],
    });
    expect(tokenize(`a 'b c' "d"`)).toEqual({ tokens: ['a', 'b c', 'd'] });
    expect(tokenize('x=""')).toEqual({ tokens: ['x='] });
  });

  it('explains what to type when the text is wrong', () => {
    expect(parseCommand('status')).toEqual({
      kind: 'error',
      message: { id: 'command.needsId', params: { word: 'status' } },
    });
    expect(parseCommand('job_ids=job-a')).toEqual({
      kind: 'error',
      message: { id: 'command.targetFirst', params: { pair: 'job_ids=job-a' } },
    });
    expect(parseCommand('batch-gz job-a')).toEqual({
      kind: 'error',
      message: { id: 'command.notPair', params: { token: 'job-a' } },
    });
    expect(parseCommand('batch-gz a="b')).toEqual({
      kind: 'error',
      message: { id: 'command.openQuote', params: { quote: '"' } },
    });
  });
});

describe("text from params (the console's remainder line)", () => {
  it('writes any value so the reader gets it back, both kinds of quote included (typographic ones as plain)', () => {
    // The last one is the value fast-check found (jobs='“,‘' could not be read back).
    const cases: [string, string][] = [
      ['plain', 'plain'],
      ['two words', 'two words'],
      ['', ''],
      [`it's`, `it's`],
      ['say "hi"', 'say "hi"'],
      [`a"b'c`, `a"b'c`],
      [`"'"'`, `"'"'`],
      ['“,‘', `",'`],
    ];
    for (const [value, readBack] of cases) {
      const cmd = parseCommand(argsText('batch-gz', { job_ids: value }));
      expect(cmd, value).toEqual({ kind: 'request', targetId: 'batch-gz', pairs: [['job_ids', readBack]] });
    }
  });
});

describe('params from text', () => {
  const target = { provider: 'tencent-batch', timeZone: 'UTC', timeout: 1000 };
  it('maps aliases, splits lists and validates with the provider schema', () => {
    const raw = rawFromPairs(tencentBatch, [['JobIds', 'job-rybewp57, job-97zcl3wt,job-rybewp57']]);
    expect(raw).toEqual({ raw: { job_ids: ['job-rybewp57', 'job-97zcl3wt', 'job-rybewp57'] } });
    const v = validateParams(tencentBatch, target, (raw as { raw: Record<string, string[]> }).raw, new Date());
    expect(v).toEqual({ ok: true, params: { job_ids: ['job-rybewp57', 'job-97zcl3wt'] } });
  });

  it('reports the field and item that is wrong, and what is missing', () => {
    const wrong = validateParams(tencentBatch, target, { job_ids: ['job-ok1234', 'bad'] }, new Date());
    expect(wrong).toEqual({
      ok: false,
      errors: {
        job_ids: {
          code: 'invalid',
          message: {
            id: 'input.atItem',
            params: { item: 2, issue: expect.objectContaining({ id: expect.stringMatching(/^tencent-batch\./) }) },
          },
        },
      },
    });
    const none = validateParams(tencentBatch, target, {}, new Date());
    expect(none).toEqual({
      ok: false,
      errors: { job_ids: { code: 'required', message: { id: 'input.required', params: {} } } },
    });
    expect(none.ok ? [] : missingFields(none.errors)).toEqual(['job_ids']);
    expect(wrong.ok ? [] : missingFields(wrong.errors)).toEqual([]);
    expect(
      rawFromPairs(tencentBatch, [
        ['job_ids', 'a'],
        ['jobs', 'b'],
      ]),
    ).toEqual({ error: { id: 'input.givenTwice', params: { key: 'job_ids' } } });
  });
});

describe('durations', () => {
  it('reads config durations', () => {
    expect(parseDurationMs('15s')).toBe(15_000);
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('soon')).toBeUndefined();
    expect(parseDurationMs('2d')).toBe(172_800_000);
  });
});
