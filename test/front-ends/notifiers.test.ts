/**
 * The Notifier port on both front ends: publish where the request was asked, update in place,
 * and reply under it (the thread), each in the request's own language; call a request's approver
 * groups once; announce lines in a target's channel; messages to the requester in their language.
 * Every post carries its identity; Slack's answers are read as the post ledger needs them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../src/console/notifier.ts';
import { coreMsg } from '../../src/core/messages.ts';
import type { PostBody, PostRecord } from '../../src/core/model/post.ts';
import type { RerunRequest, SurfaceRef } from '../../src/core/model/request.ts';
import type { Notifier } from '../../src/core/ports.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { providerMessages } from '../../src/providers/index.ts';
import { createClients } from '../../src/slack/clients.ts';
import { SlackDirectory } from '../../src/slack/directory.ts';
import { SlackNotifier } from '../../src/slack/notifier.ts';
import { SlackPeople } from '../../src/slack/people.ts';
import { slackWords } from '../../src/slack/words.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { captureLogger } from '../support/logs.ts';
import { sampleRequest } from '../store/sample.ts';

const clock = { now: () => new Date('2026-11-28T09:00:00Z') };
const renderer = createI18n(providerMessages, clock.now);

function request(over: Partial<RerunRequest> = {}): RerunRequest {
  return sampleRequest('rr-0a1b2c3d', {
    expiresAt: '2026-11-28T09:30:00.000Z',
    surface: { kind: 'slack', channel: 'C0INCIDENT', threadTs: '1700000000.000009' },
    ...over,
  });
}

/** A post of the ledger as the core hands it to a front end (use-cases/posts.ts). */
function postOf(n: Notifier, r: RerunRequest, body: PostBody, key = ''): PostRecord {
  const place = n.placeOf(body, r);
  return {
    request: r.id,
    kind: body.kind,
    key,
    ...place,
    startedAt: clock.now().getTime(),
    state: 'posting',
    attempts: 1,
    body,
  };
}

/** Posts `body` for `r`; its ts. */
const send = (n: Notifier, r: RerunRequest, body: PostBody, key = ''): Promise<string> =>
  n.post(postOf(n, r, body, key), r);

/** Posts the approval request; where it is (what the request keeps as `published`). */
async function publish(n: Notifier, r: RerunRequest): Promise<SurfaceRef> {
  const post = postOf(n, r, { kind: 'request' });
  return n.refAt(post, await n.post(post, r));
}

/** A partial rerun: the first job accepted, `refused` refused and stored as the remainder. */
function partlyRefused(refused: string[]): NonNullable<RerunRequest['execution']> {
  return {
    startedAt: '2026-11-28T09:01:00.000Z',
    finishedAt: '2026-11-28T09:01:01.000Z',
    outcome: {
      status: 'partial',
      items: [{ id: 'job-rybewp57', result: 'accepted' }, ...refused.map((id) => ({ id, result: 'refused' as const }))],
      message: coreMsg('execute.stateChanged', {}),
      calls: 1,
    },
    remainder: { items: refused, raw: { job_ids: refused } },
  };
}

describe('the Slack notifier', () => {
  let slack: FakeSlack;
  let notifier: SlackNotifier;

  beforeEach(async () => {
    slack = await new FakeSlack().start();
    const logger = captureLogger().logger;
    const clients = createClients('xoxb-fake', slack.apiUrl, logger);
    notifier = new SlackNotifier(clients, clock, slackWords(renderer), {
      people: new SlackPeople(clients.client, clock, logger),
      directory: new SlackDirectory(clients.client, clock),
      logger,
      // The fake Slack's bot, as its auth.test names it.
      self: async () => ({ botId: 'B0BOT', botUserId: 'U0BOT' }),
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('publishes in the alert thread, updates in place, and replies in the same thread, in the request language', async () => {
    const published = await publish(notifier, request({ locale: 'zh-CN' }));
    expect(published).toMatchObject({ kind: 'slack', channel: 'C0INCIDENT', threadTs: '1700000000.000009' });
    const posted = slack.messagesIn('C0INCIDENT')[0];
    expect(posted?.thread_ts).toBe('1700000000.000009');
    expect(FakeSlack.textOf(posted ?? {})).toContain('重跑请求 rr-0a1b2c3d');

    const r = request({
      locale: 'zh-CN',
      published,
      state: 'rejected',
      decisions: [{ userId: 'U0BOB', kind: 'reject', at: '2026-11-28T09:01:00.000Z' }],
    });
    await notifier.update(r, 'now');
    expect(slack.messagesIn('C0INCIDENT')).toHaveLength(1);
    expect(FakeSlack.textOf(slack.messagesIn('C0INCIDENT')[0] ?? {})).toContain('已被 <@U0BOB> 拒绝');

    await send(notifier, r, { kind: 'final', message: coreMsg('recover.notSent', {}) }, 'final');
    const reply = slack.callsOf('chat.postMessage').at(-1);
    expect(reply?.args).toMatchObject({ channel: 'C0INCIDENT', thread_ts: '1700000000.000009' });
    expect(String(reply?.args['text'])).toContain('机器人在批准之后');
    // Every post carries its identity: its first block and its metadata name the request and the post.
    expect((reply?.args['blocks'] as { block_id?: string }[])[0]?.block_id).toBe('post:rr-0a1b2c3d:final:final');
    expect(reply?.args['metadata']).toEqual({
      event_type: 'rerun_post',
      event_payload: { request: 'rr-0a1b2c3d', kind: 'final', key: 'final' },
    });
  });

  it('offers "Rerun again…" on a reply after a job failed again: the request as asked, in its thread', async () => {
    const published = await publish(notifier, request({}));
    const r = request({ published, state: 'accepted' });
    await send(notifier, r, { kind: 'final', message: coreMsg('recover.notSent', {}), again: {} }, 'final');
    const reply = slack.callsOf('chat.postMessage').at(-1);
    expect(reply?.args).toMatchObject({ channel: 'C0INCIDENT', thread_ts: '1700000000.000009' });
    const button = JSON.stringify(reply?.args['blocks']);
    expect(button).toContain('Rerun again…');
    expect(button).toContain('rerun_alert');
    const blocks = reply?.args['blocks'] as { elements?: { value?: string }[] }[];
    const value = JSON.parse(blocks[1]?.elements?.[0]?.value ?? 'null') as Record<string, unknown>;
    expect(value).toEqual({ t: r.targetId, r: r.raw, c: 'C0INCIDENT', ts: '1700000000.000009' });
    // Without the offer, a reply is words only: one section, no button.
    await send(notifier, r, { kind: 'final', message: coreMsg('recover.notSent', {}) }, 'final');
    const words = slack.callsOf('chat.postMessage').at(-1)?.args['blocks'] as { type: string }[];
    expect(words.map((b) => b.type)).toEqual(['section']);
  });

  it('calls an approver group once, under the approval message, by the id Slack gives; updates mention nobody', async () => {
    slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB'] });
    const policy = {
      approval: 'group' as const,
      approvers: ['@data-oncall', 'U0DAN', '@ghost-team'],
      minApprovals: 2,
      expiresAfterMs: 60_000,
    };
    const asked = request({ surface: { kind: 'slack', channel: 'C0INCIDENT' }, policy });
    const published = await publish(notifier, asked);
    await send(notifier, { ...asked, published }, { kind: 'approvers' });
    const [message, call] = slack.messagesIn('C0INCIDENT');
    expect(call?.thread_ts).toBe(message?.ts);
    expect(call?.text).toMatch(/^<!subteam\^S0ONCALL> <@U0DAN> Rerun request `rr-0a1b2c3d` on `batch-gz`/);
    expect(call?.text).toContain('2 approvals needed');
    // A handle Slack does not know is left out, never typed into the text.
    expect(call?.text).not.toContain('ghost');
    expect(FakeSlack.textOf(message ?? {})).not.toContain('<!subteam');

    await notifier.update(
      request({ published, policy, decisions: [{ userId: 'U0BOB', kind: 'approve', at: '2026-11-28T09:01:00.000Z' }] }),
      'now',
    );
    const mentioning = slack.calls.filter((c) => JSON.stringify(c.args).includes('subteam'));
    expect(mentioning).toHaveLength(1);
  });

  it('posts no call when Slack knows none of the approvers (a refusal, never tried again)', async () => {
    const policy = { approval: 'group' as const, approvers: ['@ghost-team'], minApprovals: 1, expiresAfterMs: 1 };
    const asked = request({ surface: { kind: 'slack', channel: 'C0INCIDENT' }, policy });
    const published = await publish(notifier, asked);
    await expect(send(notifier, { ...asked, published }, { kind: 'approvers' })).rejects.toMatchObject({
      name: 'PostRefused',
      code: 'no_approvers_known',
    });
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it("reads Slack's answers for the post ledger: a 429 posted nothing, a refusal is final, a 5xx may have posted", async () => {
    const r = request({ surface: { kind: 'slack', channel: 'C0INCIDENT' } });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
    await expect(publish(notifier, r)).rejects.toMatchObject({ name: 'RateLimited', retryAfter: 2 });
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await expect(publish(notifier, r)).rejects.toMatchObject({ name: 'PostRefused', code: 'not_in_channel' });
    expect(slack.messagesIn('C0INCIDENT')).toHaveLength(0);
    slack.failNext('chat.postMessage', { status: 500 });
    await expect(publish(notifier, r)).rejects.not.toMatchObject({ name: 'PostRefused' });
    // The 5xx came after Slack had posted it: the look finds it by its identity.
    const post = postOf(notifier, r, { kind: 'request' });
    expect(await notifier.find(post)).toEqual([slack.messagesIn('C0INCIDENT')[0]?.ts]);
    expect(await notifier.find({ ...post, request: 'rr-other' })).toEqual([]);
    // A copy another app posted, with the same identity: not the bot's, so not found.
    const own = slack.messagesIn('C0INCIDENT')[0] as Message;
    const forged = `${own.ts.split('.')[0]}.999999`;
    slack.history.set(forged, { ...own, ts: forged, bot_id: 'B0OTHER', user: 'U0OTHER' });
    expect(await notifier.find(post)).toEqual([own.ts]);
  });

  it('announces one line in the channel language, and tells the requester in their own Slack locale', async () => {
    slack.locales.set('U0ALICE', 'zh-CN');
    const r = request({ state: 'accepted' });
    const message = coreMsg('announce.outcome', {
      target: 'batch-gz',
      requester: 'U0ALICE',
      id: r.id,
      state: 'accepted',
    });
    await send(notifier, r, { kind: 'announce', channel: 'C0ANNOUNCE', locale: 'en', message }, 'outcome');
    const line = slack.callsOf('chat.postMessage').at(-1);
    expect(line?.args).toMatchObject({ channel: 'C0ANNOUNCE', unfurl_links: 'false', unfurl_media: 'false' });
    expect(String(line?.args['text'])).toBe(
      '`batch-gz`: rerun `rr-0a1b2c3d` asked by <@U0ALICE> — accepted by the provider. Details: `/rerun status rr-0a1b2c3d`',
    );

    await send(notifier, r, {
      kind: 'dm',
      message: coreMsg('dm.rejected', { id: r.id, target: 'batch-gz', by: 'U0BOB' }),
    });
    const dm = slack.callsOf('chat.postMessage').at(-1);
    expect(dm?.args).toMatchObject({ channel: 'U0ALICE', unfurl_links: 'false' });
    expect(String(dm?.args['text'])).toContain('已被 <@U0BOB> 拒绝');
  });

  it('prefills "Rerun again…" with what the offer names when only some jobs failed again', async () => {
    const published = await publish(notifier, request({}));
    const r = request({ published, state: 'accepted' });
    const again = { raw: { job_ids: ['job-97zcl3wt'] } };
    await send(notifier, r, { kind: 'final', message: coreMsg('recover.notSent', {}), again }, 'final');
    const blocks = slack.callsOf('chat.postMessage').at(-1)?.args['blocks'] as { elements?: { value?: string }[] }[];
    const value = JSON.parse(blocks[1]?.elements?.[0]?.value ?? 'null') as Record<string, unknown>;
    expect(value).toMatchObject({ r: { job_ids: ['job-97zcl3wt'] } });
  });

  it('offers "Rerun the N remaining…" on a partly refused request, its value naming only the request', async () => {
    const published = await publish(notifier, request({}));
    const ids = Array.from({ length: 300 }, (_, i) => `job-r${String(i).padStart(7, '0')}`);
    await notifier.update(request({ published, state: 'partial', execution: partlyRefused(ids) }), 'paced');
    const update = slack.callsOf('chat.update').at(-1);
    const blocks = update?.args['blocks'] as { elements?: { action_id?: string; value?: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'rerun_remainder');
    expect(JSON.stringify(button)).toContain('Rerun the 300 remaining…');
    expect(JSON.parse(button?.value ?? 'null')).toEqual({ id: 'rr-0a1b2c3d' });
    // Without a remainder (nothing refused, or the provider cannot name it) there is no button.
    await notifier.update(
      request({ published, state: 'partial', execution: { ...partlyRefused(ids), remainder: undefined } }),
      'paced',
    );
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)?.args['blocks'])).not.toContain('rerun_remainder');
  });

  it('refuses a reference another front end wrote, instead of guessing', async () => {
    await expect(publish(notifier, request({ surface: { kind: 'console' } }))).rejects.toThrow(
      /not a Slack message reference/,
    );
    expect(slack.callsOf('chat.postMessage')).toHaveLength(0);
  });
});

describe('the console notifier', () => {
  it('prints the request, its updates with the choices left, and replies under its id', async () => {
    const printed: string[] = [];
    const notifier = new ConsoleNotifier(renderer, clock, { print: (t) => printed.push(t) });
    const r = request({ requester: 'alice', surface: { kind: 'console' }, emulated: true });
    const published = await publish(notifier, r);
    expect(published.kind).toBe('console');
    expect(printed[0]).toContain('alice asks to rerun on batch-gz');
    expect(printed[0]).toContain('Type: approve rr-0a1b2c3d · reject rr-0a1b2c3d · cancel rr-0a1b2c3d');
    await notifier.update({
      ...r,
      published,
      state: 'cancelled',
      decisions: [{ userId: 'alice', kind: 'cancel', at: '2026-11-28T09:01:00.000Z' }],
    });
    expect(printed[1]).toContain('Cancelled by alice');
    expect(printed[1]).not.toContain('Type: approve');
    await send(notifier, r, { kind: 'final', message: coreMsg('recover.inFlight', {}) }, 'final');
    expect(printed[2]).toMatch(/rr-0a1b2c3d: Outcome unknown/);
    const message = coreMsg('announce.outcome', { target: 'batch-gz', requester: 'alice', id: r.id, state: 'unknown' });
    await send(notifier, r, { kind: 'announce', channel: '#reruns', locale: 'en', message }, 'outcome');
    expect(printed[3]).toBe(
      '  » #reruns: batch-gz: rerun rr-0a1b2c3d asked by alice — outcome unknown — check status. Details: status rr-0a1b2c3d',
    );
    await send(
      notifier,
      r,
      { kind: 'dm', message: coreMsg('dm.expired', { id: r.id, target: 'batch-gz' }) },
      'expired',
    );
    expect(printed[4]).toMatch(/^ {2}✉ alice: Your rerun request rr-0a1b2c3d on batch-gz expired/);
  });

  it('offers a partly refused remainder as the line to type', async () => {
    const printed: string[] = [];
    const notifier = new ConsoleNotifier(renderer, clock, { print: (t) => printed.push(t) });
    const r = request({ requester: 'alice', surface: { kind: 'console' }, published: { kind: 'console' } });
    await notifier.update({ ...r, state: 'partial', execution: partlyRefused(['job-97zcl3wt', 'job-4kq8d2mn']) });
    expect(printed[0]).toContain('To rerun the 2 remaining items, type: batch-gz job_ids=job-97zcl3wt,job-4kq8d2mn');
  });
});
