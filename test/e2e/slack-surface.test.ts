/**
 * The Slack surface that does not depend on a provider's answer: the form, help, request
 * verification, bad input, and escaping of user text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, sign } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { SIGNING_SECRET, type Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };

describe('Slack surface', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ emu, h, close } = await startTencentBot({
      targets: [{ id: 'batch-gz' }, { id: 'batch-sh', region: 'ap-shanghai' }],
      rest: `policies:
  batch-sh:
    approval: confirm
    channels: ["#inc-*"]
`,
      ratePerSecond: 1000,
      jobs: [
        ['job-rybewp57', 'FAILED'],
        ['job-formjob1', 'FAILED'],
      ],
    }));
  });
  afterAll(() => close());

  it('answers help with commands and examples for the targets', async () => {
    const ack = await h.driver.command('help', ALICE);
    expect(ack.status).toBe(200);
    const answer = await h.driver.answerTo(ack);
    expect(answer['response_type']).toBe('ephemeral');
    const text = JSON.stringify(answer);
    expect(text).toContain('/rerun batch-gz job_ids=job-rybewp57,job-97zcl3wt');
    expect(text).toContain('batch-sh');
    expect(text).toContain('/rerun status');
  });

  it('runs the modal flow: open, pick a target, inline errors, then a posted request', async () => {
    const viewId = await h.driver.openForm(ALICE);
    expect(JSON.stringify(h.slack.views.get(viewId))).toContain('rerun_target_select');
    expect(JSON.stringify(h.slack.callsOf('views.open').at(-1)?.args['view'])).toContain('Loading');

    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    const updated = await eventually(() =>
      h.slack.callsOf('views.update').find((c) => JSON.stringify(c.args['view']).includes('f:job_ids')),
    );
    expect(updated.args['view_id']).toBe(viewId);
    expect(JSON.stringify(h.slack.views.get(viewId))).toContain('f:job_ids');

    const bad = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': 'not-a-job' }, ALICE);
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: { 'f:job_ids': expect.stringMatching(/job-rybewp57/) },
    });

    const empty = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': '' }, ALICE);
    expect(empty.json).toEqual({ response_action: 'errors', errors: { 'f:job_ids': 'required' } });

    const good = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': 'job-formjob1' }, ALICE);
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    const msg = await eventually(() =>
      h.slack
        .messagesIn('C0INCIDENT')
        .find((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes('job-formjob1')),
    );
    await h.driver.click(msg, 'rerun_approve', BOB);
    await eventually(() => emu.retryCalls.some((c) => c.includes('job-formjob1')));
  });

  it('opens the form prefilled when the command misses a required field', async () => {
    const ack = await h.driver.command('batch-gz', ALICE);
    expect(ack.status).toBe(200);
    await eventually(() => h.slack.callsOf('views.open').find((c) => c.args['trigger_id'] === ack.triggerId));
    const view = await eventually(() =>
      [...h.slack.views.values()].map((v) => JSON.stringify(v)).find((v) => v.includes('Missing.')),
    );
    expect(view).toContain('Missing.');
    expect(view).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"batch-gz (Tencent Cloud Batch)"},"value":"batch-gz"}',
    );
  });

  it('says what to type for bad keys and bad values', async () => {
    const unknownKey = await h.driver.command('batch-gz jobz=job-rybewp57', ALICE);
    expect(String((await h.driver.answerTo(unknownKey))['text'])).toMatch(/`jobz` is not a parameter.*Use: `job_ids`/);
    const badValue = await h.driver.command('batch-gz job_ids=12345', ALICE);
    expect(String((await h.driver.answerTo(badValue))['text'])).toMatch(
      /job_ids.*look like `job-rybewp57`.*For example: `\/rerun batch-gz job_ids=/s,
    );
    const unknownTarget = await h.driver.command('nope job_ids=job-rybewp57', ALICE);
    expect(String((await h.driver.answerTo(unknownTarget))['text'])).toMatch(
      /No target named `nope`.*Targets you can use here: `batch-gz` and `batch-sh`/,
    );
    const quote = await h.driver.command('batch-gz job_ids="job-rybewp57', ALICE);
    expect(String((await h.driver.answerTo(quote))['text'])).toMatch(/quote is not closed/);
  });

  it('refuses a request from a channel the policy does not allow', async () => {
    const ack = await h.driver.command('batch-sh job_ids=job-rybewp57', {
      user: 'U0ALICE',
      channel: 'C0RANDOM',
      channelName: 'random',
    });
    const reply = await eventually(() => h.driver.responsesTo(ack.responseId)[0]);
    expect(String(reply['text'])).toMatch(/not accepted in this channel; ask in #inc-\*/);
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const { body } = h.driver.commandBody('help', ALICE);
    const bad = await h.driver.post(body, { signature: 'v0=' + '0'.repeat(64) });
    expect(bad.status).toBe(401);
    const staleTs = Math.floor(Date.now() / 1000) - 10 * 60;
    const stale = await h.driver.post(body, { ts: staleTs, signature: sign(SIGNING_SECRET, body, staleTs) });
    expect(stale.status).toBe(401);
    const ok = await h.driver.post(body);
    expect(ok.status).toBe(200);
  });

  it('escapes <!channel> and links typed by a user', async () => {
    const ack = await h.driver.command('<!channel> job_ids=job-x', ALICE);
    const text = String((await h.driver.answerTo(ack))['text']);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    const link = await h.driver.command('batch-gz <https://evil.example|click>=1', ALICE);
    const t2 = String((await h.driver.answerTo(link))['text']);
    expect(t2).not.toMatch(/<https:/);
    expect(t2).toContain('&lt;https://evil.example|click&gt;');
  });

  it('answers every one of hundreds of random command texts without crashing', async () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = [
      'batch-gz',
      'batch-sh',
      'help',
      'status',
      'cancel',
      'history',
      'job_ids=',
      'jobs=',
      'job-rybewp57',
      ',',
      '"',
      "'",
      '=',
      ' ',
      '<!here>',
      '&amp;',
      '\u201c',
      '日报',
      'rr-12345678',
      '99',
      '-1',
      '\n',
      'x'.repeat(50),
    ];
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(rand() * 6);
      const text = Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]).join(
        rand() > 0.5 ? ' ' : '',
      );
      const res = await h.driver.command(text, { user: 'U0FUZZ', channel: 'C0FUZZ' });
      expect(res.status, `text ${JSON.stringify(text)}`).toBe(200);
      if (res.text.length === 0) {
        // Accepted for processing: the answer arrives on the response_url, or as the form.
        const later = () =>
          h.driver.responsesTo(res.responseId).length > 0 ||
          h.slack.callsOf('views.open').some((c) => c.args['trigger_id'] === res.triggerId);
        await eventually(later).catch(() => {
          throw new Error(`no answer to ${JSON.stringify(text)}`);
        });
      }
    }
    const health = await fetch(`${h.driver.botUrl}/healthz`);
    expect(health.status).toBe(200);
  }, 120_000);

  it('serves /healthz and /readyz on the same port', async () => {
    expect((await fetch(`${h.driver.botUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${h.driver.botUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toBe('ready');
  });
});
