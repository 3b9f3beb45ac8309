/**
 * People's languages under a burst (issue 17, item 4): look-ups are shared per person and bounded
 * in number, a cold person's answer falls back to English when Slack is slow, and what is known
 * is given without any call. Against the fake Slack, whose answers the test holds and releases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClients } from '../../src/slack/clients.ts';
import { SlackPeople } from '../../src/slack/people.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { captureLogger } from '../support/logs.ts';

describe('people’s languages', () => {
  let slack: FakeSlack;
  let people: SlackPeople;

  beforeEach(async () => {
    slack = await new FakeSlack().start();
    const { logger } = captureLogger();
    people = new SlackPeople(
      createClients('xoxb-fake', slack.apiUrl, logger).client,
      { now: () => new Date() },
      logger,
    );
    slack.locales.set('U0LI', 'zh-CN');
  });
  afterEach(async () => {
    slack.release();
    await slack.close();
  });

  it('reads each person once however many ask at the same time, and at most 8 at a time', async () => {
    slack.hold();
    const same = Array.from({ length: 5 }, () => people.locale('U0LI'));
    const others = Array.from({ length: 30 }, (_, i) => people.locale(`U0P${i}`));
    // Everything that can start has started; the rest waits its turn, not in the Web API client.
    await eventually(() => slack.callsOf('users.info').length === 8);
    expect(slack.callsOf('users.info').filter((c) => c.args['user'] === 'U0LI')).toHaveLength(1);
    slack.release();
    expect(await Promise.all(same)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    expect(new Set(await Promise.all(others))).toEqual(new Set(['en']));
    expect(slack.callsOf('users.info')).toHaveLength(31);
    // Known now: no call at all.
    expect(people.known('U0LI')).toBe('zh-CN');
    expect(await people.localeWithin('U0LI')).toBe('zh-CN');
    expect(slack.callsOf('users.info')).toHaveLength(31);
  });

  it('answers English for someone new when Slack has not said in time, and knows better next time', async () => {
    slack.hold();
    expect(people.peek('U0LI')).toBeUndefined();
    expect(await people.localeWithin('U0LI', 0)).toBe('en');
    slack.release();
    await eventually(() => people.peek('U0LI'));
    expect(await people.localeWithin('U0LI', 0)).toBe('zh-CN');
    expect(slack.callsOf('users.info')).toHaveLength(1);
  });
});
