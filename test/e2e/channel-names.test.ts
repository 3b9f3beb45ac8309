/**
 * Policies that name channels by `#name` decide by the name Slack gives in conversations.info,
 * never by the payload's (real payloads say `privategroup` for every private channel and
 * `directmessage` for a DM), on every path: the command, the form, an alert's Rerun… button and
 * Ask again. A private `#inc-db` is decided exactly as a public `#inc-web`; `#*` never grants in a
 * DM; a renamed channel is decided by its new name; a slow Slack gets a clear answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, type Person } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { CHANNEL_CACHE_MS } from '../../src/slack/channels.ts';
import { MovableClock } from '../support/clock.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { startTencentBot, tencentBotYaml } from '../support/tencent-bot.ts';

const WRONG_PLACE = /not accepted in this channel; ask in #inc-\*/;

let emu: TencentEmulator;
let h: Harness;
let close: () => Promise<void>;
/** The shared bot's clock: the expiry tests move it past `expiresAfter: 1s` instead of sleeping. */
const clock = new MovableClock();
let seq = 0;

/** A new FAILED job for one scenario (ids as Tencent Batch writes them). */
function newJob(): string {
  const id = `job-cn${String(++seq).padStart(6, '0')}`;
  emu.addJob(id, 'FAILED');
  return id;
}

beforeAll(async () => {
  ({ emu, h, close } = await startTencentBot({
    targets: [
      { id: 'batch-gz' },
      { id: 'batch-any', region: 'ap-shanghai' },
      { id: 'batch-exp', region: 'ap-beijing' },
    ],
    rest: `policies:
  batch-gz: { approval: peer, channels: ["#inc-*"] }
  batch-any: { approval: peer, channels: ["#*"] }
  batch-exp: { approval: peer, channels: ["#inc-*"], expiresAfter: 1s }
alerts:
  - channel: "#inc-*"
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`,
    ratePerSecond: 1000,
    clock,
  }));
  h.slack.addChannel('C0INCWEB', { kind: 'public', name: 'inc-web' });
  h.slack.addChannel('G0INCDB', { kind: 'private', name: 'inc-db' });
  h.slack.addChannel('G0RANDOM', { kind: 'private', name: 'random' });
  h.slack.addChannel('D0ALICE', { kind: 'im', user: 'U0ALICE' });
  h.slack.addChannel('G0MPIM', { kind: 'mpim', name: 'mpdm-alice--inc-1' });
});
afterAll(() => close());

const approvalAbout = (channel: string, job: string) =>
  eventually(() =>
    h.slack.messagesIn(channel).find((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes(job)),
  );

/** The text of the command's answer that follows the ack (after "Checking…"), or its only answer. */
async function answerAfterAck(res: { responseId: string }): Promise<string> {
  const body = await eventually(() => h.driver.responsesTo(res.responseId)[0]);
  return String(body['text']);
}

/** The targets a form offers (its target select). */
function offered(viewId: string): string[] {
  const blocks = h.driver.view(viewId)['blocks'] as Record<string, unknown>[];
  const select = blocks.map((b) => b['element'] as Record<string, unknown> | undefined).find((e) => e?.['options']);
  return ((select?.['options'] as { value: string }[] | undefined) ?? []).map((o) => o.value);
}

/** The view a click or command opened, once it shows `marker` (its fields, or the target list). */
const viewShowing = (marker: string, after: number) =>
  eventually(
    () =>
      [...h.slack.views.entries()]
        .slice(after)
        .reverse()
        .find(([, v]) => JSON.stringify(v).includes(marker))?.[0],
  );

describe.each([
  { kind: 'public', channel: 'C0INCWEB', name: 'inc-web', says: 'inc-web' },
  { kind: 'private', channel: 'G0INCDB', name: 'inc-db', says: 'privategroup' },
])('`#inc-*` in a $kind channel ($name; its payloads say $says)', ({ channel, says }) => {
  const ALICE: Person = { user: 'U0ALICE', channel };
  const BOB: Person = { user: 'U0BOB', channel };

  it('is what the payloads say for it', () => {
    expect(h.slack.payloadNameOf(channel)).toBe(says);
    expect(new URLSearchParams(h.driver.commandBody('help', ALICE).body).get('channel_name')).toBe(says);
  });

  it('allows the command', async () => {
    const job = newJob();
    await h.driver.command(`batch-gz job_ids=${job}`, ALICE);
    const msg = await approvalAbout(channel, job);
    expect(JSON.stringify(msg.blocks)).toContain('rerun_approve');
  });

  it('offers the target in the form and posts its submission', async () => {
    const job = newJob();
    const viewId = await h.driver.openForm(ALICE);
    expect(offered(viewId)).toEqual(expect.arrayContaining(['batch-gz', 'batch-exp', 'batch-any']));
    // Picking the target asks again which targets this channel allows (form-target.ts).
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
    await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': job }, ALICE);
    await approvalAbout(channel, job);
  });

  it("answers an alert there, and its Rerun… button opens the form whose submission posts in the alert's thread", async () => {
    const job = newJob();
    const { ts } = await h.driver.say(channel, { bot_id: 'B0MONITOR', text: `Batch job ${job} failed` });
    const reply = await eventually(() =>
      h.slack.messagesIn(channel).find((m) => m.thread_ts === ts && JSON.stringify(m.blocks).includes('rerun_alert')),
    );
    const views = h.slack.views.size;
    expect((await h.driver.click(reply, 'rerun_alert', ALICE)).status).toBe(200);
    const viewId = await viewShowing('f:job_ids', views);
    expect(JSON.stringify(h.driver.view(viewId)['blocks'])).toContain(`"initial_value":"${job}"`);
    await h.driver.submitView(viewId, {}, ALICE);
    const approval = await approvalAbout(channel, job);
    expect(approval.thread_ts).toBe(ts);
  });

  it('asks again from an expired request (Ask again)', async () => {
    const job = newJob();
    await h.driver.command(`batch-exp job_ids=${job}`, ALICE);
    const first = await approvalAbout(channel, job);
    // Past its expiry, Bob's click finds it expired, and the message offers Ask again.
    clock.advance(1_200);
    await h.driver.click(first, 'rerun_approve', BOB);
    const expired = await eventually(() => {
      const m = h.slack.messages.get(first.ts) as Message;
      return JSON.stringify(m.blocks).includes('rerun_ask_again') ? m : undefined;
    });
    await h.driver.click(expired, 'rerun_ask_again', ALICE);
    const again = await eventually(() =>
      h.slack
        .messagesIn(channel)
        .find((m) => m.ts !== first.ts && m.text.includes('Rerun request') && FakeSlack.textOf(m).includes(job)),
    );
    expect(JSON.stringify(again.blocks)).toContain('rerun_approve');
  });
});

describe('channels `#inc-*` does not name', () => {
  it('refuses the command and leaves the target out of the form in a private channel named otherwise', async () => {
    const p: Person = { user: 'U0ALICE', channel: 'G0RANDOM' };
    const job = newJob();
    expect(await answerAfterAck(await h.driver.command(`batch-gz job_ids=${job}`, p))).toMatch(WRONG_PLACE);
    const viewId = await h.driver.openForm(p);
    expect(offered(viewId)).toEqual(['batch-any']);
    expect(h.slack.messagesIn('G0RANDOM')).toHaveLength(0);
  });

  it('`#*` grants in a private channel, never in a DM or a group DM', async () => {
    const inPrivate = newJob();
    await h.driver.command(`batch-any job_ids=${inPrivate}`, { user: 'U0ALICE', channel: 'G0RANDOM' });
    await approvalAbout('G0RANDOM', inPrivate);

    for (const channel of ['D0ALICE', 'G0MPIM']) {
      const job = newJob();
      const p: Person = { user: 'U0ALICE', channel };
      expect(await answerAfterAck(await h.driver.command(`batch-any job_ids=${job}`, p))).toMatch(
        /not accepted in this channel; ask in #\*/,
      );
      // The form opened there offers nothing `#name` rules restrict.
      expect(offered(await h.driver.openForm(p))).toEqual([]);
      expect(h.slack.messagesIn(channel)).toHaveLength(0);
    }
    expect(
      new URLSearchParams(h.driver.commandBody('help', { user: 'U0ALICE', channel: 'D0ALICE' }).body).get(
        'channel_name',
      ),
    ).toBe('directmessage');
  });
});

describe('a renamed channel', () => {
  it('is decided by its new name once Slack says it was renamed (group_rename, channel_rename)', async () => {
    h.slack.addChannel('G0RENAME', { kind: 'private', name: 'chatter' });
    h.slack.addChannel('C0RENAME', { kind: 'public', name: 'inc-old' });
    const infoCalls = (id: string) => h.slack.callsOf('conversations.info').filter((c) => c.args['channel'] === id);
    const PRIV: Person = { user: 'U0ALICE', channel: 'G0RENAME' };
    const PUB: Person = { user: 'U0ALICE', channel: 'C0RENAME' };

    expect(await answerAfterAck(await h.driver.command(`batch-gz job_ids=${newJob()}`, PRIV))).toMatch(WRONG_PLACE);
    const kept = newJob();
    await h.driver.command(`batch-gz job_ids=${kept}`, PUB);
    await approvalAbout('C0RENAME', kept);
    // Asked again before any rename: the names are remembered, not read again.
    expect(await answerAfterAck(await h.driver.command(`batch-gz job_ids=${newJob()}`, PRIV))).toMatch(WRONG_PLACE);
    expect(infoCalls('G0RENAME')).toHaveLength(1);

    h.slack.rename('G0RENAME', 'inc-chatter');
    await h.driver.event({
      type: 'group_rename',
      channel: { id: 'G0RENAME', name: 'inc-chatter', name_normalized: 'inc-chatter', created: 1700000000 },
      event_ts: h.driver.nextTs(),
    });
    h.slack.rename('C0RENAME', 'old-inc');
    await h.driver.event({
      type: 'channel_rename',
      channel: { id: 'C0RENAME', name: 'old-inc', name_normalized: 'old-inc', created: 1700000000 },
      event_ts: h.driver.nextTs(),
    });
    await eventually(() => h.logs.lines.filter((l) => l.includes('channel renamed')).length === 2);

    const now = newJob();
    await h.driver.command(`batch-gz job_ids=${now}`, PRIV);
    await approvalAbout('G0RENAME', now);
    expect(await answerAfterAck(await h.driver.command(`batch-gz job_ids=${newJob()}`, PUB))).toMatch(WRONG_PLACE);
    expect(infoCalls('G0RENAME')).toHaveLength(2);
  });
});

describe('Ask again after a rename', () => {
  it('is decided by the new name, not the one the expired request was asked under', async () => {
    h.slack.addChannel('G0AGAIN', { kind: 'private', name: 'inc-again' });
    const ALICE: Person = { user: 'U0ALICE', channel: 'G0AGAIN' };
    const job = newJob();
    await h.driver.command(`batch-exp job_ids=${job}`, ALICE);
    const first = await approvalAbout('G0AGAIN', job);
    clock.advance(1_200);
    await h.driver.click(first, 'rerun_approve', { user: 'U0BOB', channel: 'G0AGAIN' });
    const expired = await eventually(() => {
      const m = h.slack.messages.get(first.ts) as Message;
      return JSON.stringify(m.blocks).includes('rerun_ask_again') ? m : undefined;
    });

    h.slack.rename('G0AGAIN', 'again-archive');
    await h.driver.event({
      type: 'group_rename',
      channel: { id: 'G0AGAIN', name: 'again-archive', name_normalized: 'again-archive', created: 1700000000 },
      event_ts: h.driver.nextTs(),
    });
    await eventually(() => h.logs.lines.some((l) => l.includes('channel renamed') && l.includes('G0AGAIN')));
    const told = h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === 'U0ALICE').length;
    await h.driver.click(expired, 'rerun_ask_again', ALICE);
    const answer = await eventually(
      () => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === 'U0ALICE')[told],
    );
    expect(String(answer.args['text'])).toMatch(WRONG_PLACE);
    expect(h.slack.messagesIn('G0AGAIN').filter((m) => m.text.includes('Rerun request'))).toHaveLength(1);
  });
});

describe('a rename this replica did not hear of', () => {
  it('counts once the name has been kept for its lifetime (the bot clock moved on)', async () => {
    let ahead = 0;
    const other = await startHarness(
      tencentBotYaml(emu.url, { rest: 'policies:\n  batch-gz: { approval: peer, channels: ["#inc-*"] }\n' }),
      {},
      { clock: { now: () => new Date(Date.now() + ahead) } },
    );
    try {
      other.slack.addChannel('G0LATE', { kind: 'private', name: 'inc-late' });
      const p: Person = { user: 'U0ALICE', channel: 'G0LATE' };
      const first = newJob();
      await other.driver.command(`batch-gz job_ids=${first}`, p);
      await eventually(() => other.slack.messagesIn('G0LATE').find((m) => FakeSlack.textOf(m).includes(first)));

      // Renamed, but the event went to another replica: this one keeps the name it read…
      other.slack.rename('G0LATE', 'late-archive');
      const kept = newJob();
      await other.driver.command(`batch-gz job_ids=${kept}`, p);
      await eventually(() => other.slack.messagesIn('G0LATE').find((m) => FakeSlack.textOf(m).includes(kept)));
      // …until its lifetime has passed, when Slack is asked again.
      ahead = CHANNEL_CACHE_MS + 1_000;
      const res = await other.driver.command(`batch-gz job_ids=${newJob()}`, p);
      expect(String((await eventually(() => other.driver.responsesTo(res.responseId)[0]))['text'])).toMatch(
        WRONG_PLACE,
      );
      expect(other.slack.callsOf('conversations.info')).toHaveLength(2);
    } finally {
      await other.close();
    }
  });
});

describe('a form opened before a rename', () => {
  it('is decided at submission by the name Slack gives then (the name is never sealed in the form)', async () => {
    h.slack.addChannel('G0FORMREN', { kind: 'private', name: 'inc-form' });
    const p: Person = { user: 'U0ALICE', channel: 'G0FORMREN' };
    const viewId = await h.driver.openForm(p);
    expect(offered(viewId)).toContain('batch-gz');
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', p);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));

    h.slack.rename('G0FORMREN', 'form-archive');
    await h.driver.event({
      type: 'group_rename',
      channel: { id: 'G0FORMREN', name: 'form-archive', name_normalized: 'form-archive', created: 1700000000 },
      event_ts: h.driver.nextTs(),
    });
    await eventually(() => h.logs.lines.some((l) => l.includes('channel renamed') && l.includes('G0FORMREN')));
    const told = h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === 'U0ALICE').length;
    const job = newJob();
    expect((await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': job }, p)).status).toBe(200);
    const answer = await eventually(
      () => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === 'U0ALICE')[told],
    );
    expect(answer.args['channel']).toBe('G0FORMREN');
    expect(String(answer.args['text'])).toMatch(WRONG_PLACE);
    expect(h.slack.messagesIn('G0FORMREN')).toHaveLength(0);
  });
});

describe('a slow Slack', () => {
  it('does not hold up the ack; a person is told to try again rather than that the channel is not allowed', async () => {
    h.slack.addChannel('G0SLOW', { kind: 'private', name: 'inc-slow' });
    const p: Person = { user: 'U0ALICE', channel: 'G0SLOW' };
    h.slack.infoDelayMs = 3_500;
    try {
      const res = await h.driver.command(`batch-gz job_ids=${newJob()}`, p);
      // The ack went out first (Checking…), with no name looked up yet.
      expect(res.status).toBe(200);
      expect(String(res.json?.['text'])).toMatch(/Checking/);
      const told = await answerAfterAck(res);
      expect(told).toMatch(/did not say in time which channel this is/);
      expect(told).not.toMatch(WRONG_PLACE);
    } finally {
      h.slack.infoDelayMs = 0;
    }
    // The look-up went on: the next request shares it (or finds its answer cached) and is decided
    // by the name, with no second call.
    const job = newJob();
    await h.driver.command(`batch-gz job_ids=${job}`, p);
    await approvalAbout('G0SLOW', job);
    expect(h.slack.callsOf('conversations.info').filter((c) => c.args['channel'] === 'G0SLOW')).toHaveLength(1);
  });
});
