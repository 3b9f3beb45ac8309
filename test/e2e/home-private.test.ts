/**
 * A request asked in a private channel stays with the people of that channel (and those its policy
 * names), end to end over signed Slack requests: under `peer`, a bystander's App Home and
 * `/rerun pending` list a public channel's request and not a private one's, nor is their open Home
 * republished when it is decided; its requester always sees their own; under `group`, a named
 * approver (through a Slack user group) sees it. The channel here has a `C…` id, as new private
 * channels do: only what Slack says (the command's `channel_name`, conversations.info) tells.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SteppedPace, StoppedClock } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const DAVE = { user: 'U0DAVE' };
const SECRET = 'C0SECRET';
const PUBLIC_JOB = 'job-aaaa1111';
const SECRET_JOB = 'job-bbbb2222';
const PEER = '  default: { approval: peer, expiresAfter: 30m }';
const GROUP = '  default: { approval: group, approvers: ["@data-oncall"], expiresAfter: 30m }';

type View = Record<string, unknown>;

let h: Harness;
let close: () => Promise<void>;
let pace: SteppedPace;

async function setup(policies: string) {
  // Time moves only when the test says: a Home republished after a change waits for a pace step.
  const clock = new StoppedClock();
  pace = new SteppedPace(clock);
  ({ h, close } = await startTencentBot({
    clock,
    home: { gapMs: 60_000, spacingMs: 0, sleep: pace.sleep },
    ratePerSecond: 1000,
    jobs: [
      [PUBLIC_JOB, 'FAILED'],
      [SECRET_JOB, 'FAILED'],
    ],
    rest: `policies:\n${policies}\n`,
    slack: (slack) => {
      slack.addChannel(SECRET, { kind: 'private', name: 'inc-secret-db' });
      slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB'] });
    },
  }));
}

afterEach(() => close());

const approvalIn = (channel: string, job: string) =>
  eventually(() => h.slack.messagesIn(channel).find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(job)));
const idOf = (m: { text: string; blocks: unknown[] }) => /rr-[0-9a-f]+/.exec(FakeSlack.textOf(m))?.[0] as string;
const publishesTo = (user: string) => h.slack.callsOf('views.publish').filter((c) => c.args['user_id'] === user);
const homeText = (user: string) => JSON.stringify(h.slack.homes.get(user) as View).replace(/`/g, '');

async function openHome(p: { user: string }): Promise<string> {
  const before = publishesTo(p.user).length;
  await h.driver.openHome(p);
  await eventually(() => publishesTo(p.user).length > before);
  return homeText(p.user);
}

async function pending(p: { user: string }): Promise<string> {
  const res = await h.driver.command('pending', p);
  return JSON.stringify(await h.driver.answerTo(res)).replace(/`/g, '');
}

/** Alice asks in the public channel and in the private one; the two requests' ids. */
async function askBoth(): Promise<{ open: string; secret: string }> {
  await h.driver.command(`batch-gz job_ids=${PUBLIC_JOB}`, ALICE);
  await h.driver.command(`batch-gz job_ids=${SECRET_JOB}`, { ...ALICE, channel: SECRET });
  return {
    open: idOf(await approvalIn('C0INCIDENT', PUBLIC_JOB)),
    secret: idOf(await approvalIn(SECRET, SECRET_JOB)),
  };
}

describe('a private channel’s request, away from its own message', () => {
  it('under peer, is listed to its requester only, not to a bystander who may decide the public one', async () => {
    await setup(PEER);
    const { open, secret } = await askBoth();
    expect((await h.store.get(secret))?.place.private).toBe(true);
    expect((await h.store.get(open))?.place.private).toBeUndefined();

    const dave = await openHome(DAVE);
    expect(dave).toContain(open);
    expect(dave).not.toContain(secret);
    expect(dave).not.toContain(SECRET_JOB);
    const daveAsks = await pending(DAVE);
    expect(daveAsks).toContain(open);
    expect(daveAsks).not.toContain(secret);

    // Nor do `/rerun status` and `/rerun history` tell him of it, unless he asks from its channel.
    const said = async (text: string, p: { user: string; channel?: string }) =>
      JSON.stringify(await h.driver.answerTo(await h.driver.command(text, p))).replace(/`/g, '');
    expect(await said(`status ${secret}`, DAVE)).not.toContain(SECRET_JOB);
    expect(await said(`status ${secret}`, DAVE)).toContain(secret);
    expect(await said(`status ${open}`, DAVE)).toContain(PUBLIC_JOB);
    const daveHistory = await said('history', DAVE);
    expect(daveHistory).toContain(open);
    expect(daveHistory).not.toContain(secret);
    expect(await said(`status ${secret}`, { ...DAVE, channel: SECRET })).toContain(SECRET_JOB);
    expect(await said('history', { ...DAVE, channel: SECRET })).toContain(secret);
    expect(await said('history', ALICE)).toContain(secret);

    const alice = await openHome(ALICE);
    expect(alice).toContain(open);
    expect(alice).toContain(secret);
    expect(await pending(ALICE)).toContain(secret);

    // Bob, in the private channel, decides it there on its own message: Dave's open Home is not
    // republished for it (nothing of it is his), nor does it enter his "Last decisions"; Alice's is.
    const daveBefore = publishesTo(DAVE.user).length;
    const aliceBefore = publishesTo(ALICE.user).length;
    await h.driver.click(await approvalIn(SECRET, SECRET_JOB), 'rerun_reject', { ...BOB, channel: SECRET });
    await eventually(async () => (await h.store.get(secret))?.state === 'rejected');
    await eventually(() => pace.step());
    await eventually(() => publishesTo(ALICE.user).length > aliceBefore);
    await h.bot.idle();
    expect(homeText(ALICE.user)).toContain(secret);
    expect(publishesTo(DAVE.user)).toHaveLength(daveBefore);
    expect(await pending(DAVE)).not.toContain(secret);
    // Bob decided it: it is in his "Last decisions".
    expect(await pending(BOB)).toContain(secret);
  });

  it('under group, is listed to an approver its policy names through a user group, not to a bystander', async () => {
    await setup(GROUP);
    const { secret } = await askBoth();
    const bob = await openHome(BOB);
    expect(bob).toContain(secret);
    expect(bob).toContain('rerun_home_approve');
    expect(await pending(BOB)).toContain(secret);
    expect(await openHome(DAVE)).not.toContain(secret);
    expect(await openHome(ALICE)).toContain(secret);
  });
});
