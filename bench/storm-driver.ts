/**
 * The load of bench/command-storm.ts, in a process of its own: it sends every signed `/rerun` at
 * once, times each ack, and prints the times (ms, JSON) on its last line. Apart from the fake Slack,
 * so the fake's work (the bot's users.info and response_url calls) does not delay the reading of
 * the acks, and from the bot, whose acks are what is measured.
 *
 * Input (JSON in STORM_INPUT): the bots' URLs, the texts, the signing secret and the fake Slack's URL.
 */
import { sign } from '../test/support/driver.ts';

interface Input {
  urls: string[];
  texts: string[];
  secret: string;
  slackUrl: string;
}

const input = JSON.parse(process.env['STORM_INPUT'] ?? '{}') as Input;
const bodies = input.texts.map((text, i) =>
  new URLSearchParams({
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0INCIDENT',
    channel_name: 'inc-123',
    user_id: `U0ST${String(i).padStart(5, '0')}`,
    user_name: `storm${i}`,
    command: '/rerun',
    text,
    api_app_id: 'A0FAKE',
    is_enterprise_install: 'false',
    response_url: `${input.slackUrl}/response/storm-${i}`,
    trigger_id: `trig-storm-${i}`,
  }).toString(),
);
const samples: number[] = [];
let failed = 0;
await Promise.all(
  bodies.map(async (body, i) => {
    const ts = Math.floor(Date.now() / 1000);
    const t0 = performance.now();
    try {
      const res = await fetch(`${input.urls[i % input.urls.length]}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sign(input.secret, body, ts),
        },
        body,
      });
      await res.text();
      if (res.status === 200) samples.push(performance.now() - t0);
      else failed += 1;
    } catch {
      failed += 1;
    }
  }),
);
console.log(JSON.stringify({ samples, failed }));
