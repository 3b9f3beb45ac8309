/**
 * The Web API clients against the fake Slack: Slack limits per method and workspace, so a 429
 * holds that method only. The paced client throws it at once (the core holds its own pace), a
 * background client sends the method again once its Retry-After has passed, and no other method
 * waits meanwhile; every 429 is reported for the metrics.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@slack/web-api';
import { createClients, MethodHolds, type SlackCallObserver } from '../../src/slack/clients.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { captureLogger } from '../support/logs.ts';

describe('the Web API clients and 429s', () => {
  let slack: FakeSlack;
  const limited: string[] = [];
  const observer: SlackCallObserver = { call: () => undefined, rateLimited: (m) => limited.push(m) };

  beforeEach(async () => {
    slack = await new FakeSlack().start();
    limited.length = 0;
  });
  afterEach(() => slack.close());

  it('throws a paced update’s 429 at once, holds nothing else, and reports it', async () => {
    const clients = createClients('xoxb-fake', slack.apiUrl, captureLogger().logger, observer);
    slack.limitedMethods.set('chat.update', 30);
    await expect(clients.pacedClient.chat.update({ channel: 'C0X', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 30,
    });
    expect(limited).toEqual(['chat.update']);
    // Other methods go at once, on every client, while chat.update is held for 30 s.
    const started = Date.now();
    await clients.personClient.views
      .update({ view_id: 'V0X', view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] } })
      .catch(() => undefined);
    await clients.client.conversations.info({ channel: 'C0INCIDENT' });
    await clients.tell('C0INCIDENT', 'U0ALICE', 'hello');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(slack.callsOf('chat.update')).toHaveLength(1);
    expect(slack.callsOf('chat.postEphemeral')).toHaveLength(1);
  });

  it('sends a background call again once its Retry-After has passed', async () => {
    const clients = createClients('xoxb-fake', slack.apiUrl, captureLogger().logger, observer);
    slack.failNext('conversations.info', { status: 429, retryAfter: 1 });
    const res = await clients.client.conversations.info({ channel: 'C0INCIDENT' });
    expect(res.ok).toBe(true);
    const [first, second] = slack.callsOf('conversations.info');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000 - 50);
    expect(limited).toEqual(['conversations.info']);
  });

  it('keeps each method’s Retry-After apart', () => {
    let t = 0;
    const holds = new MethodHolds(() => t);
    holds.hold('chat.update', 3);
    expect(holds.remaining('chat.update')).toBe(3_000);
    expect(holds.remaining('views.update')).toBe(0);
    t = 2_500;
    expect(holds.remaining('chat.update')).toBe(500);
    // A shorter Retry-After never shortens a hold already in force.
    holds.hold('chat.update', 0);
    expect(holds.remaining('chat.update')).toBe(500);
    t = 3_000;
    expect(holds.remaining('chat.update')).toBe(0);
  });
});
