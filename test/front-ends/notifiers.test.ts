/**
 * The Notifier port on both front ends: publish where the request was asked, update in place,
 * and reply under it (the thread), each in the request's own language; call a request's approver
 * groups once; announce lines in a target's channel; messages to the requester in their language.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../src/console/notifier.ts';
import { coreMsg } from '../../src/core/messages.ts';
import type { RerunRequest } from '../../src/core/model/request.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { providerMessages } from '../../src/providers/index.ts';
import { createClients } from '../../src/slack/clients.ts';
import { SlackDirectory } from '../../src/slack/directory.ts';
import { SlackNotifier } from '../../src/slack/notifier.ts';
import { SlackPeople } from '../../src/slack/people.ts';
import { slackWords } from '../../src/slack/words.ts';
import { FakeSlack } from '../support/fake-slack.ts';
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
    });
  });
  afterEach(async () => {
    await slack.close();
  });

  it('publishes in the alert thread, updates in place, and replies in the same thread, in the request language', async () => {
    const published = await notifier.publish(request({ locale: 'zh-CN' }));
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
    await notifier.update(r);
    expect(slack.messagesIn('C0INCIDENT')).toHaveLength(1);
    expect(FakeSlack.textOf(slack.messagesIn('C0INCIDENT')[0] ?? {})).toContain('已被 <@U0BOB> 拒绝');

    await notifier.reply(r, coreMsg('recover.notSent', {}));
    const reply = slack.callsOf('chat.postMessage').at(-1);
    expect(reply?.args).toMatchObject({ channel: 'C0INCIDENT', thread_ts: '1700000000.000009' });
    expect(String(reply?.args['text'])).toContain('机器人在批准之后');
  });

  it('offers "Rerun again…" on a reply after a job failed again: the request as asked, in its thread', async () => {
    const published = await notifier.publish(request({}));
    const r = request({ published, state: 'accepted' });
    await notifier.reply(r, coreMsg('recover.notSent', {}), { kind: 'rerunAgain' });
    const reply = slack.callsOf('chat.postMessage').at(-1);
    expect(reply?.args).toMatchObject({ channel: 'C0INCIDENT', thread_ts: '1700000000.000009' });
    const button = JSON.stringify(reply?.args['blocks']);
    expect(button).toContain('Rerun again…');
    expect(button).toContain('rerun_alert');
    const blocks = reply?.args['blocks'] as { elements?: { value?: string }[] }[];
    const value = JSON.parse(blocks[1]?.elements?.[0]?.value ?? 'null') as Record<string, unknown>;
    expect(value).toEqual({ t: r.targetId, r: r.raw, c: 'C0INCIDENT', ts: '1700000000.000009' });
    // Without the offer, a reply is words only.
    await notifier.reply(r, coreMsg('recover.notSent', {}));
    expect(slack.callsOf('chat.postMessage').at(-1)?.args['blocks']).toBeUndefined();
  });

  it('calls an approver group once, under the approval message, by the id Slack gives; updates mention nobody', async () => {
    slack.groups.set('S0ONCALL', { handle: 'data-oncall', users: ['U0BOB'] });
    const policy = {
      approval: 'group' as const,
      approvers: ['@data-oncall', 'U0DAN', '@ghost-team'],
      minApprovals: 2,
      expiresAfterMs: 60_000,
    };
    const published = await notifier.publish(request({ surface: { kind: 'slack', channel: 'C0INCIDENT' }, policy }));
    const [message, call] = slack.messagesIn('C0INCIDENT');
    expect(call?.thread_ts).toBe(message?.ts);
    expect(call?.text).toMatch(/^<!subteam\^S0ONCALL> <@U0DAN> Rerun request `rr-0a1b2c3d` on `batch-gz`/);
    expect(call?.text).toContain('2 approvals needed');
    // A handle Slack does not know is left out, never typed into the text.
    expect(call?.text).not.toContain('ghost');
    expect(FakeSlack.textOf(message ?? {})).not.toContain('<!subteam');

    await notifier.update(
      request({ published, policy, decisions: [{ userId: 'U0BOB', kind: 'approve', at: '2026-11-28T09:01:00.000Z' }] }),
    );
    const mentioning = slack.calls.filter((c) => JSON.stringify(c.args).includes('subteam'));
    expect(mentioning).toHaveLength(1);
  });

  it('calls nobody under a peer policy, and still posts the request when calling the group fails', async () => {
    await notifier.publish(request({ surface: { kind: 'slack', channel: 'C0INCIDENT' } }));
    expect(slack.callsOf('chat.postMessage')).toHaveLength(1);
    slack.failNext('usergroups.list', { error: 'missing_scope' });
    const policy = { approval: 'group' as const, approvers: ['@data-oncall'], minApprovals: 1, expiresAfterMs: 1 };
    const published = await notifier.publish(request({ surface: { kind: 'slack', channel: 'C0INCIDENT' }, policy }));
    expect(published).toMatchObject({ kind: 'slack', channel: 'C0INCIDENT' });
    expect(slack.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('announces one line in the channel language, and tells the requester in their own Slack locale', async () => {
    slack.locales.set('U0ALICE', 'zh-CN');
    const r = request({ state: 'accepted' });
    await notifier.announce(
      { channel: 'C0ANNOUNCE', locale: 'en' },
      r,
      coreMsg('announce.outcome', { target: 'batch-gz', requester: 'U0ALICE', id: r.id, state: 'accepted' }),
    );
    const line = slack.callsOf('chat.postMessage').at(-1);
    expect(line?.args).toMatchObject({ channel: 'C0ANNOUNCE', unfurl_links: 'false', unfurl_media: 'false' });
    expect(String(line?.args['text'])).toBe(
      '`batch-gz`: rerun `rr-0a1b2c3d` asked by <@U0ALICE> — accepted by the provider. Details: `/rerun status rr-0a1b2c3d`',
    );

    await notifier.tellRequester(r, coreMsg('dm.rejected', { id: r.id, target: 'batch-gz', by: 'U0BOB' }));
    const dm = slack.callsOf('chat.postMessage').at(-1);
    expect(dm?.args).toMatchObject({ channel: 'U0ALICE', unfurl_links: 'false' });
    expect(String(dm?.args['text'])).toContain('已被 <@U0BOB> 拒绝');
  });

  it('prefills "Rerun again…" with what the offer names when only some jobs failed again', async () => {
    const published = await notifier.publish(request({}));
    const r = request({ published, state: 'accepted' });
    await notifier.reply(r, coreMsg('recover.notSent', {}), { kind: 'rerunAgain', raw: { job_ids: ['job-97zcl3wt'] } });
    const blocks = slack.callsOf('chat.postMessage').at(-1)?.args['blocks'] as { elements?: { value?: string }[] }[];
    const value = JSON.parse(blocks[1]?.elements?.[0]?.value ?? 'null') as Record<string, unknown>;
    expect(value).toMatchObject({ r: { job_ids: ['job-97zcl3wt'] } });
  });

  it('offers "Rerun the N remaining…" on a partly refused request, its value naming only the request', async () => {
    const published = await notifier.publish(request({}));
    const ids = Array.from({ length: 300 }, (_, i) => `job-r${String(i).padStart(7, '0')}`);
    await notifier.update(request({ published, state: 'partial', execution: partlyRefused(ids) }));
    const update = slack.callsOf('chat.update').at(-1);
    const blocks = update?.args['blocks'] as { elements?: { action_id?: string; value?: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'rerun_remainder');
    expect(JSON.stringify(button)).toContain('Rerun the 300 remaining…');
    expect(JSON.parse(button?.value ?? 'null')).toEqual({ id: 'rr-0a1b2c3d' });
    // Without a remainder (nothing refused, or the provider cannot name it) there is no button.
    await notifier.update(
      request({ published, state: 'partial', execution: { ...partlyRefused(ids), remainder: undefined } }),
    );
    expect(JSON.stringify(slack.callsOf('chat.update').at(-1)?.args['blocks'])).not.toContain('rerun_remainder');
  });

  it('refuses a reference another front end wrote, instead of guessing', async () => {
    await expect(notifier.publish(request({ surface: { kind: 'console' } }))).rejects.toThrow(
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
    const published = await notifier.publish(r);
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
    await notifier.reply(r, coreMsg('recover.inFlight', {}));
    expect(printed[2]).toMatch(/rr-0a1b2c3d: Outcome unknown/);
    await notifier.announce(
      { channel: '#reruns', locale: 'en' },
      r,
      coreMsg('announce.outcome', { target: 'batch-gz', requester: 'alice', id: r.id, state: 'unknown' }),
    );
    expect(printed[3]).toBe(
      '  » #reruns: batch-gz: rerun rr-0a1b2c3d asked by alice — outcome unknown — check status. Details: status rr-0a1b2c3d',
    );
    await notifier.tellRequester(r, coreMsg('dm.expired', { id: r.id, target: 'batch-gz' }));
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
