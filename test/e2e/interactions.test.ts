/**
 * Interactions are checked, not trusted (issue 9, part 4), driven as Slack would over HTTP with
 * signed payloads: a click acts only on its request's own message; the form's context is sealed,
 * so a spoofed channel is refused and the policy checks the channel Slack named; a replayed
 * submission asks once; every malformed payload gets a clear answer well inside 3 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying, type Person } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { formContext, sealFor } from '../support/form-context.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
/** A channel whose name no `#inc-*` policy admits. */
const GENERAL: Person = { user: 'U0ALICE', channel: 'C0GENERAL' };
const STALE_FORM = /can no longer be used/;
const ELSEWHERE = /does not belong to this message/;
const STALE_BUTTON = /not one of mine any more/;

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ emu, h, close } = await startTencentBot({
    targets: [{ id: 'batch-gz' }, { id: 'batch-sh', region: 'ap-shanghai' }],
    rest: `policies:
  default: { approval: peer }
  batch-sh:
    approval: peer
    channels: ["#inc-*"]
`,
    ratePerSecond: 1000,
  }));
  h.slack.addChannel('C0GENERAL', { kind: 'public', name: 'general' });
});
afterAll(() => close());

const approvalAbout = (job: string, channel = 'C0INCIDENT') =>
  eventually(() =>
    h.slack.messagesIn(channel).find((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes(job)),
  );
const ephemeralsTo = (user: string) => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === user);
const requestsFor = async (job: string) =>
  (await h.store.list({ limit: 200 })).filter((r) => JSON.stringify(r.raw).includes(job));

/** A payload re-encoded with a change, as a forger holding Slack's signature would send it. */
function tamper(body: string, change: (payload: Record<string, unknown>) => void): string {
  const payload = JSON.parse(new URLSearchParams(body).get('payload') as string) as Record<string, unknown>;
  change(payload);
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
const withMetadata = (body: string, metadata: string | undefined) =>
  tamper(body, (p) => {
    const view = p['view'] as Record<string, unknown>;
    if (metadata === undefined) delete view['private_metadata'];
    else view['private_metadata'] = metadata;
  });

/** A message holding one button, as a forger would describe it to the driver. */
const buttonOn = (channel: string, ts: string, actionId: string, value: string, thread_ts?: string): Message => ({
  channel,
  ts,
  text: '',
  blocks: [{ type: 'actions', block_id: 'b', elements: [{ type: 'button', action_id: actionId, value }] }],
  ...(thread_ts ? { thread_ts } : {}),
});

/** A form for batch-gz with its fields, opened by `p` with /rerun. */
async function formFor(p: Person, target = 'batch-gz'): Promise<string> {
  const viewId = await h.driver.openForm(p);
  await h.driver.selectInView(viewId, 'rerun_target_select', target, p);
  await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
  return viewId;
}

describe('a click acts only on the request of its own message', () => {
  it('refuses an Approve naming a request of another channel, and executes nothing', async () => {
    emu.addJob('job-cross001', 'FAILED');
    await h.driver.command('batch-gz job_ids=job-cross001', ALICE);
    const msg = await approvalAbout('job-cross001');
    const id = /rr-[0-9a-f]+/.exec(msg.text)?.[0] as string;
    const told = ephemeralsTo(BOB.user).length;

    // The same button, clicked (so Slack says) in another channel, then on another message here.
    const other = await h.driver.click({ ...msg, channel: 'C0OTHER' }, 'rerun_approve', BOB);
    expect(other.status).toBe(200);
    const answer = await eventually(() => ephemeralsTo(BOB.user)[told]);
    expect(answer.args['channel']).toBe('C0OTHER');
    expect(String(answer.args['text'])).toMatch(ELSEWHERE);
    // Another message here carrying the request's buttons is a second copy of it: pointed to the
    // live one, and the click counts for nothing.
    await h.driver.click({ ...msg, ts: '1700000000.999999' }, 'rerun_approve', BOB);
    await eventually(() => ephemeralsTo(BOB.user).length === told + 2);
    expect(String(ephemeralsTo(BOB.user)[told + 1]?.args['text'])).toMatch(/second copy of request/);
    expect(emu.retryCalls.filter((c) => c.includes('job-cross001'))).toHaveLength(0);
    expect((await h.store.auditOf(id)).map((a) => a.event)).not.toContain('approved');
    expect((await h.store.get(id))?.state).toBe('pending');

    // On its own message the same click is taken.
    await h.driver.click(msg, 'rerun_approve', BOB);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(emu.retryCalls.filter((c) => c.includes('job-cross001'))).toHaveLength(1);
  });

  it("refuses a Rerun… whose value names another channel's alert thread, and opens no form", async () => {
    const opened = h.slack.callsOf('views.open').length;
    const told = ephemeralsTo(BOB.user).length;
    const value = JSON.stringify({ t: 'batch-gz', r: { job_ids: ['job-cross002'] }, c: 'C0INCIDENT', ts: '1.000001' });
    await h.driver.click(
      buttonOn('C0OTHER', '1700000001.000001', 'rerun_alert', value, '1.000001'),
      'rerun_alert',
      BOB,
    );
    const answer = await eventually(() => ephemeralsTo(BOB.user)[told]);
    expect(String(answer.args['text'])).toMatch(ELSEWHERE);
    expect(h.slack.callsOf('views.open')).toHaveLength(opened);
  });

  it('answers a non-JSON, an oversized or an unknown button with one clear sentence', async () => {
    const told = ephemeralsTo(BOB.user).length;
    const started = Date.now();
    const replies = await Promise.all([
      h.driver.click(buttonOn('C0INCIDENT', '1700000002.000001', 'rerun_reject', '{not json'), 'rerun_reject', BOB),
      h.driver.click(
        buttonOn('C0INCIDENT', '1700000002.000002', 'rerun_approve', JSON.stringify({ id: 'x'.repeat(5000) })),
        'rerun_approve',
        BOB,
      ),
      h.driver.click(buttonOn('C0INCIDENT', '1700000002.000003', 'rerun_bogus', 'x'), 'rerun_bogus', BOB),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(Date.now() - started).toBeLessThan(3000);
    await eventually(() => ephemeralsTo(BOB.user).length === told + 3);
    for (const call of ephemeralsTo(BOB.user).slice(told)) {
      expect(String(call.args['text'])).toMatch(STALE_BUTTON);
      expect(String(call.args['text'])).not.toMatch(/Something went wrong|Unexpected token|JSON/);
    }
  });
});

describe("the form's context is sealed", () => {
  it('posts where the sealed context says, in the channel Slack named', async () => {
    emu.addJob('job-seal0001', 'FAILED');
    const viewId = await formFor(ALICE);
    const context = formContext(h.driver.view(viewId), ALICE.user);
    expect(context).toMatchObject({ channel: 'C0INCIDENT', targetId: 'batch-gz' });
    // The channel's name is not sealed: it is read from Slack when the form is submitted.
    expect(context).not.toHaveProperty('channelName');
    await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': 'job-seal0001' }, ALICE);
    await approvalAbout('job-seal0001');
  });

  it('refuses metadata naming another channel, unsigned, re-signed by nobody, or sealed for another person', async () => {
    emu.addJob('job-spoof001', 'FAILED');
    const viewId = await formFor(GENERAL);
    const body = h.driver.submitViewBody(viewId, { target: 'batch-sh', 'f:job_ids': 'job-spoof001' }, GENERAL);
    const sealed = String(h.driver.view(viewId)['private_metadata']);
    const [version, payload, signature] = sealed.split('.') as [string, string, string];
    const claimed = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claimed, c: 'C0INC999', n: 'inc-999' })).toString('base64url');
    const spoofs = [
      // What the metadata used to be: plain JSON that the bot took as is.
      JSON.stringify({ channel: 'C0INC999', channelName: 'inc-999', targetId: 'batch-sh' }),
      // The sealed context with its channel changed and the old signature kept.
      `${version}.${forged}.${signature}`,
      // A genuine seal, but made for Bob, submitted by Alice.
      sealFor({ channel: 'C0INC999' }, BOB.user),
      // A genuine seal for Alice, but older than a form may be.
      sealFor({ channel: 'C0INC999' }, ALICE.user, new Date(Date.now() - 3 * 3600_000)),
    ];
    for (const metadata of spoofs) {
      const reply = await h.driver.post(withMetadata(body, metadata));
      expect(reply.status).toBe(200);
      expect(reply.json?.['response_action']).toBe('update');
      expect(JSON.stringify(reply.json?.['view'])).toMatch(STALE_FORM);
    }
    expect(h.logs.lines.filter((l) => l.includes('form metadata refused')).length).toBeGreaterThanOrEqual(4);
    expect(await requestsFor('job-spoof001')).toHaveLength(0);
    expect(h.slack.messagesIn('C0INC999')).toHaveLength(0);
  });

  it('checks the `#inc-*` policy against the channel Slack named, whatever target the form holds', async () => {
    emu.addJob('job-spoof002', 'FAILED');
    const viewId = await formFor(GENERAL);
    const told = ephemeralsTo(ALICE.user).length;
    // batch-sh was never offered in #general; a forged state picks it anyway.
    const reply = await h.driver.submitView(viewId, { target: 'batch-sh', 'f:job_ids': 'job-spoof002' }, GENERAL);
    expect(reply.status).toBe(200);
    const answer = await eventually(() => ephemeralsTo(ALICE.user)[told]);
    expect(answer.args['channel']).toBe('C0GENERAL');
    expect(String(answer.args['text'])).toMatch(/inc-\*/);
    expect(await requestsFor('job-spoof002')).toHaveLength(0);
  });

  it('answers invalid JSON, 200 kB and missing metadata with a clear modal inside 3 s, never a 404', async () => {
    const viewId = await formFor(ALICE);
    const body = h.driver.submitViewBody(viewId, { target: 'batch-gz', 'f:job_ids': 'job-rybewp57' }, ALICE);
    for (const metadata of ['{"channel": "C0INCIDENT"', 'x'.repeat(200_000), '', undefined]) {
      const started = Date.now();
      const reply = await h.driver.post(withMetadata(body, metadata));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(reply.status).toBe(200);
      expect(reply.json?.['response_action']).toBe('update');
      expect(JSON.stringify(reply.json?.['view'])).toMatch(STALE_FORM);
    }
    // A state that is not one (a field far past its limit) is answered the same way.
    const huge = tamper(body, (p) => {
      const state = (p['view'] as { state: { values: Record<string, Record<string, { value?: string }>> } }).state;
      (state.values['f:job_ids'] as Record<string, { value?: string }>)['v'] = {
        type: 'plain_text_input',
        value: 'j'.repeat(10_000),
      } as { value: string };
    });
    const reply = await h.driver.post(huge);
    expect(reply.json?.['response_action']).toBe('update');
  });

  it('turns a form with a stale context into a sentence when a target is picked, and offers no options', async () => {
    const viewId = await formFor(ALICE);
    const view = h.slack.views.get(viewId) as Record<string, unknown>;
    view['private_metadata'] = 'not a sealed context';
    expect((await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE)).status).toBe(200);
    await eventually(() => STALE_FORM.test(JSON.stringify(h.slack.views.get(viewId))));
    const suggested = await h.driver.suggest(viewId, 'f:job_ids', 'rerun_pick', {}, ALICE, 'job');
    expect(suggested.status).toBe(200);
    expect(JSON.stringify(suggested.json)).toMatch(/can no longer be used/);
  });
});

describe('a replayed submission', () => {
  it('asks once: the same delivery again is silent, and the same form with other values gets one clear answer', async () => {
    emu.addJob('job-replay01', 'FAILED');
    emu.addJob('job-replay02', 'FAILED');
    const viewId = await formFor(ALICE);
    const body = h.driver.submitViewBody(viewId, { target: 'batch-gz', 'f:job_ids': 'job-replay01' }, ALICE);
    expect((await h.driver.post(body)).status).toBe(200);
    await approvalAbout('job-replay01');
    const told = ephemeralsTo(ALICE.user).length;

    expect((await h.driver.post(body)).status).toBe(200);
    const other = h.driver.submitViewBody(viewId, { target: 'batch-gz', 'f:job_ids': 'job-replay02' }, ALICE);
    expect((await h.driver.post(other)).status).toBe(200);
    const answer = await eventually(() => ephemeralsTo(ALICE.user)[told]);
    expect(String(answer.args['text'])).toMatch(/already sent/);
    // Once the bot has nothing left to do, neither a second answer nor a second request showed up.
    await h.bot.idle();
    expect(ephemeralsTo(ALICE.user)).toHaveLength(told + 1);
    expect(await requestsFor('job-replay01')).toHaveLength(1);
    expect(await requestsFor('job-replay02')).toHaveLength(0);
  });

  it('answers a retried Reject once: no "already rejected" for the repeat', async () => {
    emu.addJob('job-replay03', 'FAILED');
    await h.driver.command('batch-gz job_ids=job-replay03', ALICE);
    const msg = await approvalAbout('job-replay03');
    const told = ephemeralsTo(BOB.user).length;
    const body = h.driver.clickBody(msg, 'rerun_reject', BOB);
    for (let i = 0; i < 3; i++) expect((await h.driver.post(body)).status).toBe(200);
    await messageSaying(h.slack, msg.ts, (t) => /reject/i.test(t));
    await h.bot.idle();
    expect(ephemeralsTo(BOB.user)).toHaveLength(told);
  });
});
