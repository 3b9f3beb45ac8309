import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import { LOCALES, type Locale, type Message } from '../../src/lib/message.ts';
import { inputIssue } from '../../src/lib/zod-issues.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { sharedMessages, sharedMsg } from '../../src/providers/_shared/messages.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { pacerKey } from '../../src/providers/oceanbase-ocp/client.ts';
import { REQUESTS_PER_SECOND } from '../../src/providers/oceanbase-ocp/limits.ts';
import { oceanbaseOcp } from '../../src/providers/oceanbase-ocp/index.ts';
import { messages, msg } from '../../src/providers/oceanbase-ocp/messages.ts';
import { ocpTargetSchema, retryParamsSchema, type RetryParams } from '../../src/providers/oceanbase-ocp/schema.ts';
import { rfc1123, signOcp } from '../../src/providers/oceanbase-ocp/sign.ts';
import type { CommonTarget, Pacers, ProviderSession } from '../../src/providers/types.ts';
import {
  startOcpEmulator,
  type OcpEmulator,
  type OcpEmulatorUser,
} from '../../src/providers/oceanbase-ocp/emulator.ts';
import { fitChoices } from '../../src/slack/blocks/option.ts';
import { slackWords } from '../../src/slack/words.ts';
import { captureLogger } from '../support/logs.ts';
import { providerContract } from './contract.ts';

const USER: Required<OcpEmulatorUser> = {
  username: 'rerun-bot',
  password: 'fake-password-for-tests',
  accessKey: 'fake-access-key-for-tests',
  secretKey: 'fake-secret-for-tests',
  taskManager: true,
};
const VIEWER: Required<OcpEmulatorUser> = {
  username: 'viewer',
  password: 'fake-viewer-password',
  accessKey: 'fake-viewer-access-key',
  secretKey: 'fake-viewer-secret',
  taskManager: false,
};
const akAuth = { accessKey: USER.accessKey, secretKey: USER.secretKey };
const basicAuth = { username: USER.username, password: USER.password };
const basicToken = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');

/** Task 100 has one FAILED subtask (1000) between a SUCCESSFUL and a PENDING one. */
function seed(emu: OcpEmulator): void {
  emu.addTask({
    id: 100,
    name: 'Add tenant t1',
    subtasks: [
      { id: 999, name: 'Create resource pool', status: 'SUCCESSFUL', downstreams: [1000] },
      {
        id: 1000,
        name: 'Create tenant',
        status: 'FAILED',
        upstreams: [999],
        downstreams: [1001],
        executor: '10.0.0.7',
      },
      { id: 1001, name: 'Set tenant parameters', status: 'PENDING', upstreams: [1000] },
    ],
  });
}

const isRetry = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/retry');

/** Plain words: no escaping, codes in backticks, dates as ISO. */
const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => `\`${s}\``,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([sharedMessages, messages], () => new Date());
const render = (m: Message | undefined, locale: Locale = 'en') => (m ? renderer.render(m, locale, plain) : '');
const ref = (id: number, name?: string) => msg('oceanbase-ocp.subtaskRef', { id, name });
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe('oceanbase-ocp messages', () => {
  const ids = Object.keys(messages.samples);

  it("every id is the provider's own, and both catalogs have every sample", () => {
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id.startsWith('oceanbase-ocp.'), id).toBe(true);
      for (const locale of LOCALES) expect(Object.keys(messages.catalogs[locale]), `${locale} ${id}`).toContain(id);
    }
  });

  it.each(ids)('renders %s in English and in Chinese, differently', (id) => {
    const m = { id, params: messages.samples[id] ?? {} };
    const en = render(m, 'en');
    const zh = render(m, 'zh-CN');
    expect(en, id).not.toBe('');
    expect(en, id).not.toMatch(/oceanbase-ocp\./);
    expect(zh, id).not.toMatch(/oceanbase-ocp\./);
    expect(en, id).not.toMatch(CJK);
    expect(zh, id).not.toBe(en);
  });
});

for (const [mode, auth, secrets] of [
  ['AccessKey', akAuth, [USER.secretKey]],
  ['HTTP Basic', basicAuth, [USER.password, basicToken]],
] as const) {
  providerContract(`oceanbase-ocp (${mode})`, async () => {
    const emu = await startOcpEmulator({ users: [USER] });
    seed(emu);
    return {
      provider: oceanbaseOcp,
      server: emu,
      target: { provider: 'oceanbase-ocp', endpoint: emu.url, timeout: '1s', auth },
      params: { task: '100', subtask: '1000' },
      secrets: [...secrets],
      isRerunCall: isRetry,
      notFoundNext: () => emu.failNextRetry({ httpStatus: 404, code: 20000, message: 'Task not exists: 1000' }),
      throttleNext: () =>
        emu.failNextRetry({ httpStatus: 429, body: '<html><body>429 Too Many Requests</body></html>' }),
      close: () => emu.close(),
    };
  });
}

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

describe('oceanbase-ocp against the emulator', () => {
  let emu: OcpEmulator;
  beforeEach(async () => {
    emu = await startOcpEmulator({ users: [USER, VIEWER] });
    seed(emu);
  });
  afterEach(async () => {
    await emu.close();
  });

  function connect(
    auth: Record<string, string> = akAuth,
    opts: { now?: () => Date; endpoint?: string; timeout?: string; pacers?: Pacers } = {},
  ) {
    const target = ocpTargetSchema.parse({
      provider: 'oceanbase-ocp',
      endpoint: opts.endpoint ?? emu.url,
      timeout: opts.timeout ?? '2s',
      auth,
    });
    const logs = captureLogger();
    const session = oceanbaseOcp.connect(target as unknown as CommonTarget, {
      http: createHttpClient(),
      clock: { now: opts.now ?? (() => new Date()) },
      logger: logs.logger,
      timing: FAST_TIMING,
      pacers: opts.pacers ?? createPacers(),
    }) as ProviderSession<RetryParams>;
    return { session, logs };
  }
  const params = (task: number | string, subtask: number | string) =>
    retryParamsSchema.parse({ task: String(task), subtask: String(subtask) });

  describe('preview', () => {
    it('shows the failed subtask with its task, executor, run count, times and operation', async () => {
      const { session } = connect();
      const preview = await session.preview(params(100, 1000));
      expect(preview.send).toEqual({ task: 100, subtask: 1000 });
      const [item] = preview.items;
      expect(item).toMatchObject({ id: '1000', name: 'Create tenant', state: 'FAILED', eligible: true });
      expect(item?.reason).toBeUndefined();
      expect(item?.details).toEqual(
        expect.arrayContaining([
          msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'FAILED' }),
          msg('oceanbase-ocp.fact.operation', { operation: 'EXECUTE' }),
          msg('oceanbase-ocp.fact.executor', { executor: '10.0.0.7' }),
          msg('oceanbase-ocp.fact.runs', { runs: 1 }),
          { id: 'oceanbase-ocp.fact.started', params: { at: expect.any(String) } },
          { id: 'oceanbase-ocp.fact.finished', params: { at: expect.any(String) } },
        ]),
      );
      const times = (item?.details ?? []).filter((d) => /started|finished/.test(d.id)).map((d) => render(d));
      expect(times).toEqual([
        expect.stringMatching(/^started .* \(about 1 hour ago\)$/),
        expect.stringMatching(/^finished .* \(about 1 hour ago\)$/),
      ]);
      expect(preview.notes).toContainEqual(
        msg('oceanbase-ocp.note.retryAlone', { task: 100, subtask: 1000, next: [1001] }),
      );
    });

    it.each(['PENDING', 'READY', 'RUNNING', 'CANCELING', 'SUCCESSFUL'] as const)(
      'refuses a %s subtask and says why',
      async (status) => {
        emu.addTask({ id: 200, subtasks: [{ id: 2000, status }] });
        const { session } = connect();
        const preview = await session.preview(params(200, 2000));
        expect(preview.send).toBeNull();
        expect(preview.items[0]).toMatchObject({ id: '2000', state: status, eligible: false });
        expect(preview.items[0]?.reason).toEqual({ id: 'oceanbase-ocp.refused.notFailed', params: { state: status } });
        expect(render(preview.items[0]?.reason)).toContain(status);
      },
    );

    it('refuses a FAILED subtask whose last operation was ROLLBACK', async () => {
      emu.addTask({ id: 200, subtasks: [{ id: 2000, status: 'FAILED', operation: 'ROLLBACK' }] });
      const preview = await connect().session.preview(params(200, 2000));
      expect(preview.send).toBeNull();
      expect(preview.items[0]?.reason).toEqual(msg('oceanbase-ocp.refused.rollback', {}));
      expect(render(preview.items[0]?.reason)).toMatch(/ROLLBACK/);
    });

    it('refuses a subtask that is not in the task, and lists the failed ones', async () => {
      const preview = await connect().session.preview(params(100, 4242));
      expect(preview.send).toBeNull();
      expect(preview.items[0]).toMatchObject({
        id: '4242',
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('oceanbase-ocp.noSubtask', { task: 100, subtask: 4242 }),
      });
      expect(preview.notes).toEqual([
        msg('oceanbase-ocp.note.failedSubtasks', { task: 100, subtasks: [ref(1000, 'Create tenant')] }),
      ]);
    });

    it('refuses when the task does not exist', async () => {
      const preview = await connect().session.preview(params(999, 1000));
      expect(preview.send).toBeNull();
      expect(preview.items[0]).toMatchObject({
        state: 'NOT FOUND',
        eligible: false,
        reason: msg('oceanbase-ocp.noTask', { task: 999 }),
      });
    });

    it('mentions the other failed subtasks of the task', async () => {
      emu.addTask({
        id: 300,
        subtasks: [
          { id: 3001, name: 'a', status: 'FAILED', parallelIdx: 0 },
          { id: 3002, name: 'b', status: 'FAILED', parallelIdx: 1 },
        ],
      });
      const preview = await connect().session.preview(params(300, 3001));
      expect(preview.items[0]?.details).toContainEqual(msg('oceanbase-ocp.fact.parallel', { index: 0 }));
      expect(preview.notes).toContainEqual(
        msg('oceanbase-ocp.note.otherFailed', { task: 300, subtasks: [ref(3002, 'b')] }),
      );
    });

    it('reads the doc table spelling (paralleIdx, downstream) as well as the sample one', async () => {
      emu.spelling = 'table';
      emu.addTask({ id: 300, subtasks: [{ id: 3001, status: 'FAILED', parallelIdx: 2, downstreams: [3005] }] });
      const preview = await connect().session.preview(params(300, 3001));
      expect(preview.items[0]?.details).toContainEqual(msg('oceanbase-ocp.fact.parallel', { index: 2 }));
      expect(preview.notes[0]).toMatchObject({ id: 'oceanbase-ocp.note.retryAlone', params: { next: [3005] } });
    });

    it('parses sloppy answers defensively: string ids, lower-case states, unknown fields, broken entries', async () => {
      emu.rawTaskBody.set(
        500,
        JSON.stringify({
          data: {
            id: '500',
            name: 'Upgrade cluster',
            status: 'failed',
            creator: 'admin',
            newField: { x: 1 },
            subtasks: [
              null,
              'junk',
              { name: 'no id' },
              {
                id: '5001',
                seriesId: '1',
                status: 'failed',
                runTime: '3',
                paralleIdx: '-1',
                downstream: ['5002', 'x'],
                extra: true,
              },
            ],
          },
          successful: true,
          status: 200,
          traceId: 'abc',
        }),
      );
      const preview = await connect().session.preview(params(500, 5001));
      expect(preview.send).toEqual({ task: 500, subtask: 5001 });
      expect(preview.items[0]?.details).toEqual(
        expect.arrayContaining([
          msg('oceanbase-ocp.fact.task', { task: 500, name: 'Upgrade cluster', state: 'FAILED' }),
          msg('oceanbase-ocp.fact.runs', { runs: 3 }),
        ]),
      );
      expect(preview.notes[0]).toMatchObject({ id: 'oceanbase-ocp.note.retryAlone', params: { next: [5002] } });
    });

    it("answers the vendor document's broken sample JSON with a clear error", async () => {
      // The sample response of the vendor's "Retry a subtask" page, copied as it is published.
      const sample = readFileSync(
        new URL('../../src/providers/oceanbase-ocp/fixtures/doc-sample-response.txt', import.meta.url),
        'utf8',
      ).trim();
      expect(sample.startsWith('{')).toBe(true);
      emu.rawTaskBody.set(100, sample);
      await expect(connect().session.preview(params(100, 1000))).rejects.toMatchObject({
        kind: 'server',
        detail: sharedMsg('provider.notJson', { status: 200 }),
      });
    });

    it('retries a read that timed out', async () => {
      emu.inject({ fault: { kind: 'hang' }, match: (r) => r.method === 'GET', times: 1 });
      const preview = await connect(akAuth, { timeout: '300ms' }).session.preview(params(100, 1000));
      expect(preview.items[0]?.eligible).toBe(true);
      expect(emu.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    });
  });

  describe('options for the subtask pick', () => {
    it('lists the FAILED subtasks of the task in execution order, with short labels that parse', async () => {
      const long = 'Wait for the tenant resource units to be created on every observer of the zone';
      emu.addTask({
        id: 300,
        subtasks: [
          { id: 3009, name: 'second', status: 'FAILED', seriesId: 5 },
          { id: 3001, name: 'done', status: 'SUCCESSFUL', seriesId: 1 },
          { id: 3005, name: long, status: 'FAILED', seriesId: 2 },
        ],
      });
      const session = connect().session;
      const choices = await session.options?.('subtask', { task: '300' });
      expect(choices?.map((c) => c.value)).toEqual(['3005', '3009']);
      expect(choices?.[1]?.label).toEqual(msg('oceanbase-ocp.choice.failedSubtask', { id: 3009, name: 'second' }));
      expect(render(choices?.[1]?.label)).toBe('3009 · second · FAILED');
      // The provider's label is whole; what Slack receives is cut to its 75 characters, in every language.
      expect(render(choices?.[0]?.label)).toBe(`3005 · ${long} · FAILED`);
      const options = (locale: Locale) => fitChoices(slackWords(renderer), choices ?? [], locale);
      for (const locale of LOCALES) {
        expect(options(locale).map((o) => o.value)).toEqual(['3005', '3009']);
        for (const o of options(locale)) expect(o.label.length).toBeLessThanOrEqual(75);
      }
      for (const c of choices ?? []) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        expect(retryParamsSchema.safeParse({ task: '300', subtask: c.value }).success).toBe(true);
      }
      expect(options('en')[0]?.label).toMatch(/^3005 · Wait for the tenant .*… · FAILED$/);
      expect(options('zh-CN')[0]?.label).toMatch(/^3005 · Wait for the tenant .*… · 失败 \(FAILED\)$/);
    });

    it('offers nothing until a valid task id is typed', async () => {
      const session = connect().session;
      expect(await session.options?.('subtask', {})).toEqual([]);
      expect(await session.options?.('subtask', { task: 'abc' })).toEqual([]);
      expect(await session.options?.('task', { task: '100' })).toEqual([]);
      expect(emu.requests).toHaveLength(0);
    });

    it('says when the task is unknown or has nothing to retry', async () => {
      emu.addTask({ id: 300, name: 'Done', status: 'SUCCESSFUL', subtasks: [{ id: 3001, status: 'SUCCESSFUL' }] });
      const session = connect().session;
      await expect(session.options?.('subtask', { task: '999' })).rejects.toMatchObject({
        kind: 'not-found',
        detail: msg('oceanbase-ocp.noTask', { task: 999 }),
      });
      await expect(session.options?.('subtask', { task: '300' })).rejects.toMatchObject({
        kind: 'precondition',
        detail: msg('oceanbase-ocp.error.noFailedSubtask', { task: 300, name: 'Done', state: 'SUCCESSFUL' }),
      });
    });
  });

  describe('describeCall', () => {
    it('is the exact retry request with every credential redacted, and makes no call', () => {
      const ak = connect().session.describeCall({ task: 100, subtask: 1000 });
      expect(ak).toEqual([
        {
          method: 'POST',
          url: `${emu.url}/api/v2/tasks/instances/100/subtasks/1000/retry`,
          headers: expect.objectContaining({
            'Content-Type': 'application/json',
            'x-ocp-origin': 'rerun-bot',
            Host: emu.host,
            Date: expect.stringMatching(/ GMT$/),
            Authorization: 'OCP-ACCESS-KEY-HMACSHA1 [redacted]:[redacted]',
          }),
        },
      ]);
      const basic = connect(basicAuth, { endpoint: `${emu.url}/ocp/` }).session.describeCall({
        task: 100,
        subtask: 1000,
      });
      expect(basic[0]?.url).toBe(`${emu.url}/ocp/api/v2/tasks/instances/100/subtasks/1000/retry`);
      expect(basic[0]?.headers['Authorization']).toBe('Basic [redacted]');
      const text = JSON.stringify([ak, basic]);
      for (const s of [USER.secretKey, USER.accessKey, USER.password, basicToken]) expect(text).not.toContain(s);
      expect(emu.requests).toHaveLength(0);
    });
  });

  describe('rerun', () => {
    it('retries the subtask with an AccessKey signature and keeps the trace id', async () => {
      const { session } = connect();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 1, items: [{ id: '1000', result: 'accepted' }] });
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.outcome.accepted', {
          task: 100,
          subtask: 1000,
          name: 'Create tenant',
          state: 'RUNNING',
          runs: 2,
        }),
      );
      expect(emu.subtask(100, 1000)).toMatchObject({ status: 'RUNNING', runTime: 2, operation: 'RETRY' });
      expect(emu.tasks.get(100)?.status).toBe('RUNNING');
      expect(emu.retryCalls).toEqual([{ task: 100, subtask: 1000, user: 'rerun-bot' }]);
      const sent = emu.requests[0];
      expect(sent?.headers).toMatchObject({
        host: emu.host,
        'content-type': 'application/json',
        'x-ocp-origin': 'rerun-bot',
      });
      expect(sent?.headers['authorization']).toMatch(
        /^OCP-ACCESS-KEY-HMACSHA1 fake-access-key-for-tests:[A-Za-z0-9+/]+=*$/,
      );
      expect(sent?.body).toBe('');
    });

    it('retries the subtask with HTTP Basic', async () => {
      const outcome = await connect(basicAuth).session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('accepted');
      expect(emu.requests[0]?.headers['authorization']).toBe(`Basic ${basicToken}`);
    });

    it('signs the base path when OCP is served under one', async () => {
      const behind = await startOcpEmulator({ users: [USER], basePath: '/ocp' });
      seed(behind);
      try {
        const session = connect(akAuth, { endpoint: `${behind.url}/ocp/` }).session;
        const send = (await session.preview(params(100, 1000))).send;
        expect(send).not.toBeNull();
        expect((await session.rerun(send as RetryParams)).status).toBe('accepted');
        expect(behind.requests.map((r) => r.path)).toEqual([
          '/ocp/api/v2/tasks/instances/100',
          '/ocp/api/v2/tasks/instances/100/subtasks/1000/retry',
        ]);
        expect(behind.authFailures).toEqual([]);
      } finally {
        await behind.close();
      }
    });

    it('tells a user without TASK_MANAGER what permission is missing', async () => {
      const { session, logs } = connect({ accessKey: VIEWER.accessKey, secretKey: VIEWER.secretKey });
      expect((await session.preview(params(100, 1000))).send).not.toBeNull();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({
        status: 'rejected',
        code: '30014',
        calls: 1,
        items: [{ id: '1000', result: 'refused' }],
      });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.error.permission.retry', { said: 'Operation not permitted: TASK_MANAGER is required' }),
      );
      expect(render(outcome.message)).toMatch(/lacks the `TASK_MANAGER` \(task management\) permission/);
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(emu.retryCalls).toHaveLength(0);
      expect(logs.text()).not.toContain(VIEWER.secretKey);
    });

    it('refuses a wrong password with a sentence about the credentials', async () => {
      const { session, logs } = connect({ username: USER.username, password: 'wrong-fake-password' });
      await expect(session.preview(params(100, 1000))).rejects.toMatchObject({
        kind: 'auth',
        code: '30004',
        detail: { id: 'oceanbase-ocp.error.auth.basic' },
      });
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', code: '30004', calls: 1 });
      expect(emu.authFailures).toContain('Bad credentials');
      expect(logs.text()).not.toContain('wrong-fake-password');
    });

    it('refuses a wrong secretKey: the emulator checks the signature', async () => {
      const outcome = await connect({ accessKey: USER.accessKey, secretKey: 'another-fake-secret' }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(outcome).toMatchObject({ status: 'rejected', code: '30000', calls: 1 });
      expect(outcome.message).toMatchObject({ id: 'oceanbase-ocp.error.auth.accessKey' });
      expect(emu.authFailures).toEqual(['Signature mismatch']);
      expect(emu.subtask(100, 1000)?.status).toBe('FAILED');
    });

    it('is refused when this host clock is 15 minutes or more off, and accepted within', async () => {
      const stale = await connect(akAuth, { now: () => new Date(Date.now() - 16 * 60_000) }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(stale).toMatchObject({ status: 'rejected', calls: 1 });
      expect(stale.message).toMatchObject({ id: 'oceanbase-ocp.error.auth.accessKey' });
      expect(render(stale.message)).toMatch(/this host's clock is within 15 minutes/);
      expect(emu.authFailures).toEqual(['Request expired: Date is more than 15 minutes from server time']);
      const skewed = await connect(akAuth, { now: () => new Date(Date.now() + 10 * 60_000) }).session.rerun({
        task: 100,
        subtask: 1000,
      });
      expect(skewed.status).toBe('accepted');
    });

    it('the emulator accepts only the upper-case HMACSHA1 algorithm name', async () => {
      const path = '/api/v2/tasks/instances/100';
      const signed = signOcp({
        accessKey: USER.accessKey,
        secretKey: USER.secretKey,
        method: 'GET',
        host: emu.host,
        path,
        query: [],
        headers: { 'Content-Type': 'application/json' },
        body: '',
        date: rfc1123(new Date()),
      });
      const send = (authorization: string) =>
        request(`${emu.url}${path}`, { headers: { ...signed.headers, Authorization: authorization } });
      const lower = await send(signed.authorization.replace('HMACSHA1', 'hmacsha1'));
      expect(lower.statusCode).toBe(401);
      expect(await lower.body.json()).toMatchObject({
        successful: false,
        status: 401,
        error: { code: 30000, message: expect.stringMatching(/only OCP-ACCESS-KEY-HMACSHA1/) },
      });
      const upper = await send(signed.authorization);
      expect(upper.statusCode).toBe(200);
      expect(await upper.body.json()).toMatchObject({ successful: true, data: { id: 100 } });
    });

    it('reports TASK_STATE_INVALID as refused: the subtask changed state after the preview', async () => {
      const { session } = connect();
      const send = (await session.preview(params(100, 1000))).send as RetryParams;
      (emu.subtask(100, 1000) as { status: string }).status = 'RUNNING';
      const outcome = await session.rerun(send);
      expect(outcome).toMatchObject({ status: 'rejected', code: '20003', calls: 1, items: [{ result: 'refused' }] });
      expect(outcome.message).toEqual({
        id: 'oceanbase-ocp.error.stateInvalid',
        params: {
          task: 100,
          subtask: 1000,
          said: expect.stringMatching(/^Task state invalid: subtask 1000 is RUNNING/),
        },
      });
    });

    it('maps a bare 404 to "no subtask in task" with the HTTP status as the code', async () => {
      emu.failNextRetry({ httpStatus: 404, body: 'Not Found' });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', code: 'HTTP 404' });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.error.notFound.subtask', { task: 100, subtask: 1000, said: undefined }),
      );
    });

    it('leaves the outcome unknown for an envelope with successful:false and a server status, and says what to check', async () => {
      emu.failNextRetry({ httpStatus: 500, code: 10010, message: 'Unexpected error' });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({
        status: 'unknown',
        code: '10010',
        calls: 1,
        items: [{ id: '1000', result: 'unknown' }],
      });
      expect(outcome.requestId).toMatch(/^[0-9a-f]{16}$/);
      expect(outcome.message).toEqual(
        sharedMsg('provider.outcomeUnknown', {
          reason: msg('oceanbase-ocp.error.failed', { task: 100, subtask: 1000, said: 'Unexpected error' }),
        }),
      );
      expect(outcome.items[0]?.reason).toEqual(msg('oceanbase-ocp.outcome.checkState', { task: 100, subtask: 1000 }));
    });

    it('treats successful:false in an HTTP 200 answer as unknown, never as accepted', async () => {
      emu.failNextRetry({
        httpStatus: 200,
        body: JSON.stringify({ successful: false, status: 200, traceId: 't-1', data: null }),
      });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'unknown', requestId: 't-1', calls: 1 });
    });

    it("treats the vendor document's broken sample as an answer to the retry: outcome unknown", async () => {
      const sample = readFileSync(
        new URL('../../src/providers/oceanbase-ocp/fixtures/doc-sample-response.txt', import.meta.url),
        'utf8',
      );
      emu.failNextRetry({ httpStatus: 200, body: sample });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toEqual(
        sharedMsg('provider.outcomeUnknown', { reason: sharedMsg('provider.notJson', { status: 200 }) }),
      );
    });

    it("reads the sample's field spellings in a retry answer", async () => {
      const data = {
        id: 1000,
        name: 'Uninstall ocp agent',
        status: 'READY',
        operation: 'RETRY',
        runTime: 1,
        parallelIdx: -1,
        downstreams: [13000336],
      };
      emu.failNextRetry({
        httpStatus: 200,
        body: JSON.stringify({
          data,
          duration: 55,
          server: 'a83ad33525',
          status: 200,
          successful: true,
          traceId: '0bc49000675d41af',
        }),
      });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', requestId: '0bc49000675d41af' });
      expect(outcome.message).toEqual(
        msg('oceanbase-ocp.outcome.accepted', {
          task: 100,
          subtask: 1000,
          name: 'Uninstall ocp agent',
          state: 'READY',
          runs: 1,
        }),
      );
    });

    it('after an answer lost on the way back, says so once, and status shows the retry happened', async () => {
      emu.inject({ fault: { kind: 'reset' }, match: isRetry, execute: true });
      const { session } = connect();
      const outcome = await session.rerun({ task: 100, subtask: 1000 });
      expect(outcome.status).toBe('unknown');
      expect(outcome.message.id).toBe('provider.outcomeUnknown');
      expect(outcome.items[0]?.reason).toEqual(msg('oceanbase-ocp.outcome.checkState', { task: 100, subtask: 1000 }));
      expect(render(outcome.items[0]?.reason)).toMatch(
        /`READY`, `RUNNING` or a higher run count means OCP took the retry/,
      );
      expect(emu.requests.filter(isRetry)).toHaveLength(1);
      const status = await session.status(params(100, 1000), {});
      expect(status.items[0]).toMatchObject({ state: 'RUNNING', terminal: false });
    });

    it('waits out a Retry-After before sending again after a 429', async () => {
      // The emulator's gateway stays shut until the Retry-After runs out: an early resend earns another 429.
      emu.failNextRetry({ httpStatus: 429, body: '{}', headers: { 'retry-after': '1' } });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'accepted', calls: 2 });
      expect(emu.throttledCount).toBe(0);
      expect(emu.retryCalls).toHaveLength(1);
    });

    it('does not wait out a long Retry-After: refused, nothing ran', async () => {
      emu.failNextRetry({ httpStatus: 429, body: '{}', headers: { 'retry-after': '120' } });
      const outcome = await connect().session.rerun({ task: 100, subtask: 1000 });
      expect(outcome).toMatchObject({ status: 'rejected', calls: 1, code: 'HTTP 429' });
      expect(outcome.message).toEqual(msg('oceanbase-ocp.error.throttled', { waitMs: 120_000, said: undefined }));
      expect(render(outcome.message)).toMatch(/throttled the request; it asks to wait 2 minutes before trying again/);
      expect(emu.retryCalls).toHaveLength(0);
    });
  });

  describe('status', () => {
    it('follows the subtask to SUCCESSFUL and reports the task alongside', async () => {
      const { session } = connect();
      await session.rerun({ task: 100, subtask: 1000 });
      const acceptedAt = new Date().toISOString();
      const running = await session.status(params(100, 1000), { acceptedAt });
      expect(running).toMatchObject({ terminal: false, items: [{ id: '1000', state: 'RUNNING', terminal: false }] });
      expect(running.items[0]?.detail).toEqual({
        id: 'oceanbase-ocp.status.detail',
        params: {
          name: 'Create tenant',
          facts: expect.arrayContaining([
            msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'RUNNING' }),
            msg('oceanbase-ocp.fact.runs', { runs: 2 }),
          ]),
        },
      });
      emu.finishSubtask(100, 1000, 'SUCCESSFUL');
      const done = await session.status(params(100, 1000), { acceptedAt });
      expect(done).toMatchObject({ terminal: true, items: [{ state: 'SUCCESSFUL', terminal: true }] });
      expect(render(done.items[0]?.detail)).toMatch(
        /task `100` "Add tenant t1": `RUNNING`; last operation: `RETRY`; .*runs so far: 2/,
      );
    });

    it('is terminal when the retried subtask fails again and the task is FAILED', async () => {
      const { session } = connect();
      await session.rerun({ task: 100, subtask: 1000 });
      emu.finishSubtask(100, 1000, 'FAILED');
      const status = await session.status(params(100, 1000), { acceptedAt: new Date().toISOString() });
      expect(status).toMatchObject({ terminal: true, items: [{ state: 'FAILED', terminal: true }] });
      expect(status.items[0]?.detail?.params['facts']).toContainEqual(
        msg('oceanbase-ocp.fact.task', { task: 100, name: 'Add tenant t1', state: 'FAILED' }),
      );
    });

    it('is not terminal for a FAILED subtask while its task is still RUNNING', async () => {
      emu.addTask({
        id: 300,
        status: 'RUNNING',
        subtasks: [
          { id: 3001, status: 'FAILED' },
          { id: 3002, status: 'RUNNING' },
        ],
      });
      const status = await connect().session.status(params(300, 3001), {});
      expect(status).toMatchObject({ terminal: false, items: [{ state: 'FAILED', terminal: false }] });
    });

    it('says NOT FOUND for a missing task or subtask', async () => {
      const session = connect().session;
      expect(await session.status(params(999, 1), {})).toMatchObject({
        terminal: true,
        items: [{ state: 'NOT FOUND', detail: msg('oceanbase-ocp.noTask', { task: 999 }) }],
      });
      expect(await session.status(params(100, 1), {})).toMatchObject({
        terminal: true,
        items: [{ state: 'NOT FOUND', detail: msg('oceanbase-ocp.noSubtask', { task: 100, subtask: 1 }) }],
      });
    });
  });

  it(`paces calls to one target at ${REQUESTS_PER_SECOND} per second, so a gateway at that limit never answers 429`, async () => {
    emu.ratePerSecond = REQUESTS_PER_SECOND;
    const session = connect().session;
    await Promise.all(Array.from({ length: 2 * REQUESTS_PER_SECOND + 1 }, () => session.preview(params(100, 1000))));
    expect(emu.throttledCount).toBe(0);
    expect(emu.requests).toHaveLength(2 * REQUESTS_PER_SECOND + 1);
  });

  it('shares that pace between sessions of one target made from the same pacers', async () => {
    emu.ratePerSecond = REQUESTS_PER_SECOND;
    const pacers = createPacers();
    const sessions = [connect(akAuth, { pacers }).session, connect(akAuth, { pacers }).session];
    await Promise.all(
      Array.from({ length: 2 * REQUESTS_PER_SECOND + 1 }, (_, i) => sessions[i % 2]?.preview(params(100, 1000))),
    );
    expect(emu.throttledCount).toBe(0);
    expect(emu.requests).toHaveLength(2 * REQUESTS_PER_SECOND + 1);
  });
});

describe('oceanbase-ocp pacer key', () => {
  const target = (endpoint: string, auth: Record<string, string>) =>
    ocpTargetSchema.parse({ provider: 'oceanbase-ocp', endpoint, auth });

  it('names the OCP and the credential id, never the secret', () => {
    const ak = pacerKey(target('http://ocp.internal:8080/', akAuth));
    const basic = pacerKey(target('http://ocp.internal:8080', basicAuth));
    expect(ak).toBe('oceanbase-ocp:http://ocp.internal:8080:ak=fake-access-key-for-tests');
    expect(basic).toBe('oceanbase-ocp:http://ocp.internal:8080:user=rerun-bot');
    for (const secret of [USER.secretKey, USER.password, basicToken]) {
      expect(ak).not.toContain(secret);
      expect(basic).not.toContain(secret);
    }
  });

  it('keeps targets apart that are different OCPs or different credentials', () => {
    const keys = new Set([
      pacerKey(target('http://ocp.internal:8080', akAuth)),
      pacerKey(target('http://ocp.internal:8080/ocp', akAuth)),
      pacerKey(target('http://other.internal:8080', akAuth)),
      pacerKey(target('http://ocp.internal:8080', { accessKey: VIEWER.accessKey, secretKey: VIEWER.secretKey })),
      pacerKey(target('http://ocp.internal:8080', basicAuth)),
    ]);
    expect(keys.size).toBe(5);
  });
});
