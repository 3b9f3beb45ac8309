/**
 * Channel names for `#name` rules (src/slack/channels.ts) against the fake Slack over HTTP: the
 * name Slack gives for a public or private channel, none for a DM or a group DM or a channel Slack
 * will not describe; one read shared by everyone asking at once; cached until a rename or its
 * lifetime; a slow Slack bounded, falling back to the name it gave before. Whether a conversation
 * is private, from the same read: undefined (the caller counts it private) when Slack is slow.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_CACHE_MS, CHANNEL_NOT_FOUND_MS, privateByPayload, SlackChannels } from '../../src/slack/channels.ts';
import { createClients } from '../../src/slack/clients.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { captureLogger } from '../support/logs.ts';

let slack: FakeSlack;
let now: number;
const clock = { now: () => new Date(now) };

beforeEach(async () => {
  slack = await new FakeSlack().start();
  now = Date.parse('2026-11-28T09:00:00Z');
  slack.addChannel('C0PUB', { kind: 'public', name: 'inc-web' });
  slack.addChannel('G0PRIV', { kind: 'private', name: 'inc-db' });
  slack.addChannel('G0OUT', { kind: 'private', name: 'inc-secret', member: false });
  slack.addChannel('D0ALICE', { kind: 'im', user: 'U0ALICE' });
  slack.addChannel('G0MPIM', { kind: 'mpim', name: 'mpdm-alice--bob-1' });
});
afterEach(async () => {
  await slack.close();
});

function channels(waitMs?: number) {
  const logs = captureLogger();
  const clients = createClients('xoxb-fake', slack.apiUrl, logs.logger);
  return { channels: new SlackChannels(clients.client, clock, logs.logger, waitMs), logs };
}

describe('channel names from conversations.info', () => {
  it('names public and private channels as Slack does, and gives no name to a DM, a group DM or a hidden channel', async () => {
    const { channels: c } = channels();
    expect(await c.lookup('C0PUB')).toEqual({ place: { id: 'C0PUB', name: 'inc-web' }, unread: false });
    expect(await c.lookup('G0PRIV')).toEqual({ place: { id: 'G0PRIV', name: 'inc-db', private: true }, unread: false });
    expect(await c.lookup('D0ALICE')).toEqual({ place: { id: 'D0ALICE', private: true }, unread: false });
    expect(await c.lookup('G0MPIM')).toEqual({ place: { id: 'G0MPIM', private: true }, unread: false });
    // Slack's definite "not a channel I will describe to you" is no name, not a failure to retry at once.
    expect(await c.lookup('G0OUT')).toEqual({ place: { id: 'G0OUT', private: true }, unread: false });
    expect(await c.lookup('C0NOWHERE')).toEqual({ place: { id: 'C0NOWHERE', private: true }, unread: false });
    expect(slack.callsOf('conversations.info').map((x) => x.args['channel'])).toEqual([
      'C0PUB',
      'G0PRIV',
      'D0ALICE',
      'G0MPIM',
      'G0OUT',
      'C0NOWHERE',
    ]);
  });

  it('shares one read among look-ups at the same time, and keeps the name until its lifetime has passed', async () => {
    const { channels: c } = channels();
    slack.infoDelayMs = 100;
    const all = await Promise.all(Array.from({ length: 20 }, () => c.lookup('G0PRIV')));
    expect(new Set(all.map((a) => a.place.name))).toEqual(new Set(['inc-db']));
    expect(slack.callsOf('conversations.info')).toHaveLength(1);

    slack.rename('G0PRIV', 'inc-database');
    now += CHANNEL_CACHE_MS - 1;
    expect((await c.lookup('G0PRIV')).place.name).toBe('inc-db');
    expect(slack.callsOf('conversations.info')).toHaveLength(1);
    now += 2;
    expect((await c.lookup('G0PRIV')).place.name).toBe('inc-database');
    expect(slack.callsOf('conversations.info')).toHaveLength(2);
  });

  it('asks again at once after a rename, and a read begun before it does not bring the old name back', async () => {
    const { channels: c } = channels();
    expect((await c.lookup('C0PUB')).place.name).toBe('inc-web');
    slack.infoDelayMs = 150;
    // A read under way (the cache is past its lifetime) when the channel is renamed.
    now += CHANNEL_CACHE_MS + 1;
    const before = c.lookup('C0PUB');
    await new Promise((r) => setTimeout(r, 30));
    slack.rename('C0PUB', 'web-chat');
    c.forget('C0PUB');
    slack.infoDelayMs = 0;
    expect((await c.lookup('C0PUB')).place.name).toBe('web-chat');
    // The older read answers with what Slack said when it was asked…
    await before;
    // …but what the cache holds afterwards is the name read after the rename.
    expect((await c.lookup('C0PUB')).place.name).toBe('web-chat');
    expect(slack.callsOf('conversations.info')).toHaveLength(3);
  });

  it('believes "channel not found" for a minute only (the bot may be invited meanwhile)', async () => {
    const { channels: c } = channels();
    expect((await c.lookup('G0OUT')).place.name).toBeUndefined();
    slack.addChannel('G0OUT', { kind: 'private', name: 'inc-secret' });
    expect((await c.lookup('G0OUT')).place.name).toBeUndefined();
    now += CHANNEL_NOT_FOUND_MS + 1;
    expect((await c.lookup('G0OUT')).place.name).toBe('inc-secret');
  });

  it('bounds the wait for a slow Slack: unread with no name before, the earlier name after; the read still fills the cache', async () => {
    const { channels: c, logs } = channels(200);
    slack.infoDelayMs = 800;
    expect(await c.lookup('G0PRIV')).toEqual({ place: { id: 'G0PRIV' }, unread: true });
    // The read went on: once Slack answers, the name is there without another call.
    await new Promise((r) => setTimeout(r, 900));
    expect(await c.lookup('G0PRIV')).toEqual({ place: { id: 'G0PRIV', name: 'inc-db', private: true }, unread: false });
    expect(slack.callsOf('conversations.info')).toHaveLength(1);

    // Past its lifetime, a slow answer falls back on the name Slack gave before.
    now += CHANNEL_CACHE_MS + 1;
    expect(await c.lookup('G0PRIV')).toEqual({ place: { id: 'G0PRIV', name: 'inc-db', private: true }, unread: false });
    expect(logs.text()).toContain('using the one Slack gave before');
  });

  it('treats a failed read as unread, logs it once, and asks again next time', async () => {
    const { channels: c, logs } = channels();
    slack.failNext('conversations.info', { error: 'internal_error' });
    expect(await c.lookup('C0PUB')).toEqual({ place: { id: 'C0PUB' }, unread: true });
    expect(logs.lines.filter((l) => l.includes('could not read the channel name'))).toHaveLength(1);
    expect(await c.lookup('C0PUB')).toEqual({ place: { id: 'C0PUB', name: 'inc-web' }, unread: false });
  });

  it('says whether a conversation is private as Slack does, from payload names, ids and conversations.info', async () => {
    const { channels: c } = channels();
    slack.addChannel('C0SECRET', { kind: 'private', name: 'inc-secret-db' });
    expect(await c.isPrivate('C0PUB')).toBe(false);
    expect(await c.isPrivate('C0SECRET')).toBe(true);
    expect(await c.isPrivate('C0NOWHERE')).toBe(true);
    // A DM's and a legacy private channel's or group DM's id say it without asking Slack.
    expect(await c.isPrivate('D0ALICE')).toBe(true);
    expect(await c.isPrivate('G0MPIM')).toBe(true);
    expect(slack.callsOf('conversations.info').map((x) => x.args['channel'])).toEqual([
      'C0PUB',
      'C0SECRET',
      'C0NOWHERE',
    ]);
    // Cached with the name: asked again, Slack is not.
    expect(await c.isPrivate('C0SECRET')).toBe(true);
    expect(slack.callsOf('conversations.info')).toHaveLength(3);
    expect([
      privateByPayload('privategroup'),
      privateByPayload('directmessage'),
      privateByPayload('mpdm-a--b-1'),
    ]).toEqual([true, true, true]);
    expect([privateByPayload('inc-web'), privateByPayload(''), privateByPayload(undefined)]).toEqual([
      false,
      undefined,
      undefined,
    ]);
  });

  it('does not know in time whether a channel is private when Slack is slow (the caller counts it private)', async () => {
    const { channels: c } = channels(20);
    slack.infoDelayMs = 500;
    expect(await c.isPrivate('C0PUB')).toBeUndefined();
    // The read went on (a patient look-up joins it): once Slack answers, it is known without another call.
    await c.lookup('C0PUB', { patient: true });
    expect(await c.isPrivate('C0PUB')).toBe(false);
    expect(slack.callsOf('conversations.info')).toHaveLength(1);
  });
});
