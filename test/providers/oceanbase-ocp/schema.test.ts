/** The target schema and the retry parameters: what is read and refused, without a network. */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { inputIssue } from '../../../src/lib/zod-issues.ts';
import { oceanbaseOcp } from '../../../src/providers/oceanbase-ocp/index.ts';
import { ocpTargetSchema, retryParamsSchema } from '../../../src/providers/oceanbase-ocp/schema.ts';
import { render } from './setup.ts';

function issues(schema: z.ZodType, value: unknown): [string, string][] {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
}

/** What a person is shown for each problem: the issue code and the message id. */
function shownIssues(schema: z.ZodType, value: unknown): [string, string, string][] {
  const r = schema.safeParse(value);
  return r.success
    ? []
    : r.error.issues.map((i) => {
        const shown = inputIssue(i);
        return [i.path.join('.'), shown.code, shown.message.id];
      });
}

describe('oceanbase-ocp target schema', () => {
  const base = { provider: 'oceanbase-ocp', endpoint: 'http://ocp.internal:8080' };

  it('accepts HTTP Basic and AccessKey credentials, with the common defaults', () => {
    const basic = ocpTargetSchema.parse({ ...base, auth: { username: 'u', password: 'p' } });
    expect(basic.auth).toEqual({ mode: 'basic', username: 'u', password: 'p' });
    expect(basic.timeZone).toBe('UTC');
    expect(basic.timeout).toBe(15_000);
    const ak = ocpTargetSchema.parse({
      ...base,
      timeout: '5s',
      timeZone: 'Asia/Shanghai',
      auth: { accessKey: 'a', secretKey: 's' },
    });
    expect(ak.auth).toEqual({ mode: 'accessKey', accessKey: 'a', secretKey: 's' });
    expect(ak.timeout).toBe(5_000);
  });

  it('accepts an https endpoint with a base path', () => {
    expect(
      ocpTargetSchema.parse({
        ...base,
        endpoint: 'https://ops.example.com/ocp/',
        auth: { username: 'u', password: 'p' },
      }).endpoint,
    ).toBe('https://ops.example.com/ocp/');
  });

  it.each([
    ['no endpoint', { provider: 'oceanbase-ocp', auth: { username: 'u', password: 'p' } }, ['endpoint', 'required']],
    ['no auth', { ...base }, ['auth', 'required']],
    ['an empty auth', { ...base, auth: {} }, ['auth', 'required']],
    ['a username without password', { ...base, auth: { username: 'u' } }, ['auth.password', 'required']],
    ['a password without username', { ...base, auth: { password: 'p' } }, ['auth.username', 'required']],
    ['an accessKey without secretKey', { ...base, auth: { accessKey: 'a' } }, ['auth.secretKey', 'required']],
    ['a secretKey without accessKey', { ...base, auth: { secretKey: 's' } }, ['auth.accessKey', 'required']],
  ])('says "required" for %s', (_name, value, expected) => {
    expect(issues(ocpTargetSchema, value)).toContainEqual(expected);
  });

  it.each([
    [
      'both kinds of credential',
      { username: 'u', password: 'p', accessKey: 'a', secretKey: 's' },
      'auth',
      /either username and password .* or accessKey and secretKey/,
    ],
    ['an empty password', { username: 'u', password: '' }, 'auth.password', /must not be empty/],
    ['a colon in the username', { username: 'a:b', password: 'p' }, 'auth.username', /must not contain ":"/],
    ['a string for auth', 'admin:secret', 'auth', /username, password .* accessKey, secretKey/],
  ])('refuses %s', (_name, auth, path, message) => {
    const found = issues(ocpTargetSchema, { ...base, auth });
    expect(found.some(([p, m]) => p === path && message.test(m))).toBe(true);
  });

  it.each([
    ['ftp://ocp:21', /http:\/\/ or https:\/\//],
    ['ocp.internal:8080', /http:\/\/ or https:\/\//],
    ['http://admin:pw@ocp:8080', /put them under auth/],
    ['http://ocp:8080/?x=1', /without \?query/],
    ['', /must not be empty/],
  ])('refuses the endpoint %s', (endpoint, message) => {
    const found = issues(ocpTargetSchema, { ...base, endpoint, auth: { username: 'u', password: 'p' } });
    expect(found.some(([p, m]) => p === 'endpoint' && message.test(m))).toBe(true);
  });

  it('is strict about unknown keys, in the target and in auth', () => {
    expect(ocpTargetSchema.safeParse({ ...base, region: 'x', auth: { username: 'u', password: 'p' } }).success).toBe(
      false,
    );
    expect(ocpTargetSchema.safeParse({ ...base, auth: { username: 'u', password: 'p', token: 't' } }).success).toBe(
      false,
    );
  });
});

describe('oceanbase-ocp params', () => {
  it.each([
    ['42', 42],
    [' 7 ', 7],
    ['007', 7],
    [42, 42],
  ])('reads %j as %d', (raw, n) => {
    expect(retryParamsSchema.parse({ task: raw, subtask: raw })).toEqual({ task: n, subtask: n });
  });

  it.each([
    ['0', /must be 1 or more/, 'oceanbase-ocp.input.zero'],
    ['-3', /positive whole number; "-3" is negative/, 'oceanbase-ocp.input.negative'],
    ['1.5', /must be a whole number, not "1.5"/, 'oceanbase-ocp.input.fraction'],
    ['2.0', /must be a whole number, not "2.0"/, 'oceanbase-ocp.input.fraction'],
    ['abc', /positive whole number such as 1000, not "abc"/, 'oceanbase-ocp.input.notANumber'],
    ['1e3', /positive whole number such as 1000/, 'oceanbase-ocp.input.notANumber'],
    ['99999999999999999999', /too large/, 'oceanbase-ocp.input.tooLarge'],
    [true, /positive whole number such as 1000/, 'oceanbase-ocp.input.notANumber'],
    ['', /^required$/, 'input.required'],
    [undefined, /^required$/, 'input.required'],
  ])('refuses subtask=%j with a sentence at the subtask field', (raw, message, id) => {
    const found = issues(retryParamsSchema, { task: '100', subtask: raw });
    expect(found).toHaveLength(1);
    expect(found[0]?.[0]).toBe('subtask');
    expect(found[0]?.[1]).toMatch(message);
    const shown = shownIssues(retryParamsSchema, { task: '100', subtask: raw });
    expect(shown).toEqual([['subtask', id === 'input.required' ? 'required' : 'invalid', id]]);
  });

  it('marks both fields missing', () => {
    expect(issues(retryParamsSchema, {})).toEqual([
      ['task', 'required'],
      ['subtask', 'required'],
    ]);
    expect(shownIssues(retryParamsSchema, {})).toEqual([
      ['task', 'required', 'input.required'],
      ['subtask', 'required', 'input.required'],
    ]);
  });

  it('declares task and subtask with the API names as aliases; subtask is picked from the task', () => {
    const [task, subtask] = oceanbaseOcp.fields;
    expect(task).toMatchObject({ key: 'task', aliases: ['taskInstanceId'], kind: 'integer', required: true });
    expect(subtask).toMatchObject({
      key: 'subtask',
      aliases: ['subtaskInstanceId'],
      kind: 'integer',
      required: true,
      pick: { dependsOn: ['task'] },
    });
    for (const example of oceanbaseOcp.help.examples) {
      const raw = Object.fromEntries(example.split(' ').map((kv) => kv.split('=') as [string, string]));
      expect(retryParamsSchema.safeParse(raw).success).toBe(true);
    }
    expect(oceanbaseOcp.summarize({ task: 100, subtask: 1000 })).toEqual({
      id: 'oceanbase-ocp.summary',
      params: { task: 100, subtask: 1000 },
    });
    expect(render(oceanbaseOcp.summarize({ task: 100, subtask: 1000 }))).toBe(
      'Retry failed subtask `1000` of OCP task `100`',
    );
  });
});
