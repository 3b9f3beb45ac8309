/**
 * A click on a button of an ephemeral message (an answer only its person sees: a command's
 * response, a chat.postEphemeral), signed and sent as Slack sends it: the container says
 * `is_ephemeral`, and there is no `message` (Slack keeps no copy of an ephemeral message to send).
 */
import { findElement, type Person, type Reply, type SlackDriver } from './driver.ts';
import type { FakeSlack } from './fake-slack.ts';

let clicks = 0;

/** Clicks `actionId` in `answer` as `p`; `value` replaces the button's value (a forged or copied one). */
export function clickEphemeral(
  driver: SlackDriver,
  slack: FakeSlack,
  answer: { channel: string; blocks: unknown[] },
  actionId: string,
  p: Person,
  value?: string,
): Promise<Reply> {
  const found = findElement(answer.blocks, actionId);
  if (!found) throw new Error(`no ${actionId} button in the answer`);
  const button = value === undefined ? found : { ...found, value };
  const n = ++clicks;
  const payload = {
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0FAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: driver.nextTs(), channel_id: answer.channel, is_ephemeral: true },
    trigger_id: `trig-ephemeral-${n}`,
    team: { id: 'T0FAKE', domain: 'fake' },
    channel: { id: answer.channel, name: slack.payloadNameOf(answer.channel) ?? 'unknown-channel' },
    response_url: `${slack.url}/response/ephemeral-${n}`,
    // Unique per click, as Slack's are: two clicks are never taken for one delivered twice.
    actions: [{ ...button, block_id: button['block_id'] ?? 'b', action_ts: `${Date.now() / 1000}${n}` }],
  };
  return driver.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}
