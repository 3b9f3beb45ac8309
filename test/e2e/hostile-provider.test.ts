/**
 * A hostile or careless provider, through the whole bot (issue 9): a 50 MB answer and a body that
 * never ends are read only up to the size cap (counted at the emulator) and the person is told
 * why; an answer that trickles forever ends with the action's time budget; and an IAM endpoint that
 * echoes the request, password and all, in its error puts the password neither in Slack (the fake
 * Slack records every post and answer) nor in the log (the bot's own pino lines, captured).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STREAM_CHUNK_BYTES, type Fault } from '../../src/emulators/server.ts';
import { DEFAULT_MAX_ANSWER_BYTES } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { startHuaweiEmulator, type HuaweiEmulator } from '../../src/providers/huawei-dataarts/emulator.ts';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };

/** Everything the bot sent to Slack: API calls (posts, updates, views) and response_url answers. */
function allSlackText(h: Harness): string {
  return JSON.stringify([h.slack.calls, h.slack.responses]);
}

/** The text of the bot's answer to a command, once one has come. */
async function answerText(h: Harness, responseId: string): Promise<string> {
  const reply = await eventually(() => h.driver.responsesTo(responseId)[0]);
  return JSON.stringify(reply);
}

describe('a hostile provider answer, through the bot', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  async function start(budgetMs?: number, timeout = '5s'): Promise<void> {
    ({ emu, h, close } = await startTencentBot({
      targets: [{ id: 'batch-gz', with: { timeout } }],
      ratePerSecond: 100,
      jobs: [['job-failed01', 'FAILED']],
      ...(budgetMs ? { timing: { ...FAST_TIMING, actionBudgetMs: budgetMs } } : {}),
    }));
  }
  afterEach(() => close());

  it.each<[string, Fault]>([
    ['a 50 MB answer', { kind: 'huge', bytes: 50_000_000, declare: false }],
    ['a never-ending answer', { kind: 'endless' }],
  ])('%s is read up to the cap and the person is told why', async (_, fault) => {
    await start();
    emu.inject({ fault, times: 10 });
    const ack = await h.driver.command('batch-gz job_ids=job-failed01', ALICE);
    const text = await answerText(h, ack.responseId);
    expect(text).toContain('the answer was larger than 1 MiB, so the bot stopped reading it');
    expect(emu.bodyBytesWritten()).toBeGreaterThan(0);
    expect(emu.bodyBytesWritten()).toBeLessThanOrEqual(DEFAULT_MAX_ANSWER_BYTES + 2 * STREAM_CHUNK_BYTES);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
  });

  it('a 50 MB answer to the approved rerun leaves it "outcome unknown", said in the message', async () => {
    await start();
    const ack = await h.driver.command('batch-gz job_ids=job-failed01', ALICE);
    expect(ack.status).toBe(200);
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
    emu.inject({
      fault: { kind: 'huge', bytes: 50_000_000, declare: false },
      match: (r) => r.headers['x-tc-action'] === 'RetryJobs',
      execute: true,
    });
    await h.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    const final = await messageSaying(h.slack, msg.ts, (text) => !/Waiting|sending/.test(text));
    expect(FakeSlack.wordsOf(final)).toContain(
      'Outcome unknown: the answer was larger than 1 MiB, so the bot stopped reading it. The rerun may or may not have started; it will not be sent again automatically.',
    );
    expect(emu.retryCalls).toHaveLength(1);
    expect(emu.bodyBytesWritten()).toBeLessThanOrEqual(DEFAULT_MAX_ANSWER_BYTES + 2 * STREAM_CHUNK_BYTES);
  });

  it('an answer that trickles forever ends with the budget of the action', { timeout: 10_000 }, async () => {
    // Each call may take 5 s and a read is tried 3 times; the action's budget is 1 s.
    await start(1_000, '5s');
    emu.inject({ fault: { kind: 'endless', chunkMs: 50 }, times: 10 });
    const ack = await h.driver.command('batch-gz job_ids=job-failed01', ALICE);
    const text = await answerText(h, ack.responseId);
    expect(text).toContain('no answer before the timeout');
    // No retry fitted in what was left of the budget.
    expect(emu.requests.filter((r) => r.headers['x-tc-action'] === 'DescribeJobs')).toHaveLength(1);
    expect(emu.bodyBytesWritten()).toBeLessThan(DEFAULT_MAX_ANSWER_BYTES);
  });
});

describe('secrets in vendor text, through the bot', () => {
  const PROJECT = '62099355b894428e8916573ae635f1f9';
  const WS = '62fbba734e634c5087656fc3ff7adf34';
  const IAM_USER = { username: 'rerun-bot', password: 'fake-iam-password-never-shown', domain: 'example-domain' };
  let emu: HuaweiEmulator;
  let h: Harness;

  afterEach(async () => {
    await h.close();
    await emu.close();
  });

  async function start(): Promise<void> {
    emu = await startHuaweiEmulator({ projectId: PROJECT, workspaces: [WS], iam: IAM_USER });
    emu.ratePerSecond = 100;
    emu.addJob('test_job_name', { id: 917567 });
    emu.addInstance('test_job_name', { plan_time: 1732605180000, submit_time: 1732239754685, status: 'fail' });
    const auth = `{ username: ${IAM_USER.username}, password: ${IAM_USER.password}, domain: ${IAM_USER.domain}, iamEndpoint: '${emu.url}' }`;
    h = await startHarness(
      `targets:\n  dlf-prod:\n    provider: huawei-dataarts\n    region: cn-north-4\n    endpoint: ${emu.url}\n    projectId: ${PROJECT}\n    workspace: ${WS}\n    auth: ${auth}\n`,
    );
  }

  const ask = () =>
    h.driver.command(
      'dlf-prod job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time=1732605180000 submit_time=1732239754685',
      ALICE,
    );

  it('an IAM endpoint that echoes the request puts no password in Slack or the log', async () => {
    await start();
    // A careless gateway: "bad request" with the whole request body quoted back.
    emu.inject({
      fault: {
        kind: 'echo',
        status: 400,
        body: (req) => JSON.stringify({ error: { code: 400, message: `Invalid request: ${req.body}`, title: 'Bad' } }),
      },
      match: (r) => r.path === '/v3/auth/tokens',
      times: 10,
    });
    const ack = await ask();
    const text = await answerText(h, ack.responseId);
    // The vendor's words did reach the person, with the password cut out of them.
    expect(text).toContain('Invalid request:');
    expect(text).toContain('[redacted]');
    expect(allSlackText(h)).not.toContain(IAM_USER.password);
    expect(h.logs.lines.length).toBeGreaterThan(0);
    expect(h.logs.text()).not.toContain(IAM_USER.password);
    expect(h.logs.text()).toContain('[redacted]');
  });

  it('a token the bot obtained at run time, echoed back by the service, is removed too', async () => {
    await start();
    let token = '';
    emu.inject({
      fault: {
        kind: 'echo',
        status: 400,
        body: (req) => {
          token = req.headers['x-auth-token'] ?? '';
          return JSON.stringify({ error_code: 'DLF.0100', error_msg: `Bad request with X-Auth-Token: ${token}` });
        },
      },
      match: (r) => r.path.includes('/instances'),
      times: 10,
    });
    const ack = await ask();
    const text = await answerText(h, ack.responseId);
    expect(token.length).toBeGreaterThan(10);
    expect(text).toContain('Bad request with X-Auth-Token: [redacted]');
    expect(allSlackText(h)).not.toContain(token);
    expect(h.logs.text()).not.toContain(token);
  });
});
