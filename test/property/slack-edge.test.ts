/**
 * Properties at the Slack edge: button values and private_metadata, arbitrary or tampered
 * (another user's request, a nonexistent id, an expired one, another channel, huge, invalid JSON),
 * sent as signed Slack requests to a running bot. Each gets HTTP 200 within Slack's 3-second ack,
 * a clear answer (an ephemeral message, a response or the form's errors, never "Something went
 * wrong"), nothing from the input as live markup, and no rerun call that was not approved (the
 * Tencent emulator's RetryJobs log is the witness).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { ACTION, BLOCK } from '../../src/slack/ids.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack, type ApiCall, type Message } from '../support/fake-slack.ts';
import { MovableClock } from '../support/clock.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';
import { hostile, huge, liveMarkup } from './arbitraries.ts';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const CAROL = 'U0CAROL';
const HOME = 'C0INCIDENT';
const OTHER = 'C0OTHER';
const ACK_MS = 3_000;

const POLICIES = `policies:
  batch-exp:
    approval: peer
    expiresAfter: 1s
  default:
    approval: peer
    expiresAfter: 30m
`;

let emu: TencentEmulator;
let h: Harness;
let close: (() => Promise<void>) | undefined;
/** The bot's clock: moved past batch-exp's `expiresAfter: 1s` instead of sleeping through it. */
const clock = new MovableClock();
/** alice's pending request, posted in HOME. */
let pending: Message;
let pendingId: string;
/** alice's request on batch-exp, expired. */
let expiredId: string;
/** The form, opened by alice in HOME. */
let formId: string;

const idOf = (m: Message) => /rr-[0-9a-f]+/.exec(FakeSlack.textOf(m))?.[0] ?? '';

async function ask(target: string, job: string): Promise<Message> {
  await h.driver.command(`${target} job_ids=${job}`, { user: ALICE, channel: HOME });
  return eventually(() =>
    h.slack.messagesIn(HOME).find((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes(job)),
  );
}

beforeAll(async () => {
  ({ emu, h, close } = await startTencentBot({
    secrets: 'env',
    targets: [
      { id: 'batch-gz', with: { timeout: '2s' } },
      { id: 'batch-exp', with: { timeout: '2s' } },
    ],
    rest: POLICIES,
    jobs: [0, 1, 2].map((i) => [`job-prop000${i}`, 'FAILED', `prop-${i}`]),
    clock,
  }));
  h.slack.addChannel(HOME, { kind: 'public', name: 'inc-123' });
  h.slack.addChannel(OTHER, { kind: 'public', name: 'random' });
  pending = await ask('batch-gz', 'job-prop0000');
  pendingId = idOf(pending);
  expiredId = idOf(await ask('batch-exp', 'job-prop0001'));
  clock.advance(1_200);
  formId = await h.driver.openForm({ user: ALICE, channel: HOME });
}, 30_000);
afterAll(() => close?.());

let seq = 0;

/** A signed click on a button with this action id and value, by `user` in `channel`. */
function clickBody(actionId: string, value: string, user: string, channel: string): string {
  seq += 1;
  const ts = pending?.ts ?? '1.000001';
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: `trig-prop-${seq}`,
      team: { id: 'T0FAKE', domain: 'fake' },
      channel: { id: channel, name: channel === HOME ? 'inc-123' : 'random' },
      message: { type: 'message', ts, text: '', blocks: [] },
      response_url: `${h.slack.url}/response/prop-${seq}`,
      actions: [
        {
          type: 'button',
          action_id: actionId,
          block_id: 'b',
          value,
          action_ts: `${Math.floor(Date.now() / 1000)}.${String(seq).padStart(6, '0')}`,
        },
      ],
    }),
  }).toString();
}

/** What answers `user` after call `from`: an ephemeral, a DM, a response, or a view opened. */
function answersTo(user: string, from: number, responseFrom: number): (ApiCall | Record<string, unknown>)[] {
  const calls = h.slack.calls.slice(from).filter((c) => {
    if (c.method === 'chat.postEphemeral') return c.args['user'] === user;
    // A DM, or an approval request posted in the channel (a valid form's answer).
    if (c.method === 'chat.postMessage') return c.args['channel'] === user || c.args['channel'] === HOME;
    return c.method === 'views.open' || c.method === 'views.update' || c.method === 'views.push';
  });
  return [...calls, ...h.slack.responses.slice(responseFrom).map((r) => r.body)];
}

const textOf = (a: ApiCall | Record<string, unknown>): string =>
  JSON.stringify('args' in a && 'method' in a ? a.args : a);

/**
 * Sends one signed request and checks the edge's invariants: 200 within the ack, some answer to
 * `user` (the ack's own body, or a later message), never "Something went wrong", no live markup
 * from the input, and no RetryJobs call.
 */
async function sendAndCheck(body: string, user: string, input: string): Promise<string> {
  const retries = emu.retryCalls.length;
  const from = h.slack.calls.length;
  const responseFrom = h.slack.responses.length;
  const started = Date.now();
  const reply = await h.driver.post(body);
  const took = Date.now() - started;
  expect(reply.status).toBe(200);
  expect(took).toBeLessThan(ACK_MS);
  let answer: string;
  if (reply.text && reply.text.trim() !== '') answer = reply.text;
  else {
    const got = await eventually(() => {
      const a = answersTo(user, from, responseFrom);
      return a.length ? a : undefined;
    }, 3_000).catch(() => undefined);
    expect(got, `no answer to ${input.slice(0, 200)}`).toBeDefined();
    answer = (got ?? []).map(textOf).join('\n');
  }
  expect(answer).not.toMatch(/Something went wrong/);
  expect(liveMarkup(answer, [ALICE, BOB, CAROL])).toEqual([]);
  // Whatever the click did, it sent no rerun (nothing here is a valid peer approval): nothing is
  // left under way once the bot is idle.
  await h.bot.idle();
  expect(emu.retryCalls.length, 'a rerun call was made').toBe(retries);
  return answer;
}

/** Values that are not a button value of ours: any text, invalid JSON, huge, other shapes. */
const garbageValue = fc.oneof(
  hostile,
  huge.map((s) => s.slice(0, 20_000)),
  fc.constantFrom('', 'null', '{', '{"id":', '[]', '{"id":null}', '{"id":["rr-1"]}', '{"__proto__":{"id":"x"}}'),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ id: hostile }).map((v) => JSON.stringify(v)),
);

/** A value naming a request that is not one this click may act on: nonexistent or expired. */
const idValue = fc.oneof(
  fc.nat().map((n) => JSON.stringify({ id: `rr-${n.toString(16)}` })),
  fc.constant('expired').map(() => JSON.stringify({ id: expiredId })),
);

const DECISIONS = [ACTION.approve, ACTION.reject, ACTION.cancel];
const BUTTONS = [...DECISIONS, ACTION.askAgain, ACTION.remainder, ACTION.alertRerun, ACTION.digestRerun];

describe('button values at the Slack edge (properties)', () => {
  it('a nonexistent or expired request: 200, a clear answer, nothing sent (60 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...BUTTONS),
        idValue,
        fc.constantFrom(ALICE, BOB, CAROL),
        fc.constantFrom(HOME, OTHER),
        async (action, value, user, channel) => {
          await sendAndCheck(clickBody(action, value, user, channel), user, value);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it("another user's request, where the policy refuses: 200, a clear answer, nothing sent (40 runs)", async () => {
    // alice approving her own request under peer; bob or carol cancelling alice's.
    const tampered = fc.oneof(
      fc.constant({ action: ACTION.approve, user: ALICE }),
      fc.constantFrom(BOB, CAROL).map((user) => ({ action: ACTION.cancel, user })),
    );
    await fc.assert(
      fc.asyncProperty(tampered, async ({ action, user }) => {
        const value = JSON.stringify({ id: pendingId });
        await sendAndCheck(clickBody(action, value, user, HOME), user, value);
      }),
      { numRuns: 40 },
    );
    expect((await h.store.get(pendingId))?.state).toBe('pending');
  }, 120_000);

  it.each(BUTTONS)(
    'garbage values (any text, invalid JSON, huge) on %s: 200, a clear answer, not "Something went wrong" (40 runs)',
    async (action) => {
      await fc.assert(
        fc.asyncProperty(garbageValue, fc.constantFrom(ALICE, BOB), async (value, user) => {
          await sendAndCheck(clickBody(action, value, user, HOME), user, value);
        }),
        { numRuns: 40 },
      );
    },
    120_000,
  );

  it('a click naming a request of another channel acts on nothing there (30 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DECISIONS), fc.constantFrom(BOB, CAROL), async (action, user) => {
        const value = JSON.stringify({ id: pendingId });
        await sendAndCheck(clickBody(action, value, user, OTHER), user, value);
        expect((await h.store.get(pendingId))?.state, 'the request changed from another channel').toBe('pending');
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});

/** A submission of alice's form (batch-gz, a valid job) with `metadata` as its private_metadata. */
function submitBody(metadata: string): string {
  const view = h.slack.views.get(formId) as Record<string, unknown>;
  return new URLSearchParams({
    payload: JSON.stringify({
      type: 'view_submission',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: ALICE, username: 'alice', team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      trigger_id: `trig-submit-${++seq}`,
      view: {
        ...view,
        hash: `${String(view['hash'] ?? 'h')}-${seq}`,
        private_metadata: metadata,
        state: {
          values: {
            [BLOCK.target]: {
              [ACTION.targetSelect]: { type: 'static_select', selected_option: { value: 'batch-gz' } },
            },
            [BLOCK.field('job_ids')]: {
              [ACTION.fieldValue]: { type: 'plain_text_input', value: `job-prop0002,job-x${seq}` },
            },
          },
        },
      },
      response_urls: [],
    }),
  }).toString();
}

describe('private_metadata at the Slack edge (properties)', () => {
  const tampered = fc.oneof(
    hostile,
    fc.constantFrom('', '{', 'null', '[]', '{"channel":""}', '{"channel":1}'),
    huge.map((s) => JSON.stringify({ channel: HOME, channelName: s })),
    fc
      .record({ channel: fc.constantFrom(OTHER, 'C0SECRET', BOB), channelName: fc.constantFrom('inc-123', 'inc-1') })
      .map((m) => JSON.stringify(m)),
    fc
      .record({ channel: hostile, channelName: hostile, threadTs: hostile, targetId: hostile })
      .map((m) => JSON.stringify(m)),
  );

  it('tampered metadata (invalid JSON, huge, another channel): 200, an answer, nothing posted elsewhere, nothing sent (50 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(tampered, async (metadata) => {
        const elsewhere = () =>
          h.slack.callsOf('chat.postMessage').filter((c) => c.args['channel'] !== HOME && c.args['channel'] !== ALICE);
        const before = elsewhere().length;
        await sendAndCheck(submitBody(metadata), ALICE, metadata);
        // Where the request goes is where the form was opened, never a channel the metadata names.
        await h.bot.idle();
        expect(elsewhere().length, 'an approval request posted in a channel the metadata named').toBe(before);
      }),
      { numRuns: 50 },
    );
  }, 120_000);
});
