/**
 * The bare Bolt app of the ack-latency benchmark, as a process of its own like the bot: the same
 * Bolt version and HTTP receiver, one `/rerun` listener that only acks. Listens on PORT; prints
 * "listening" once it does.
 */
import { App, HTTPReceiver } from '@slack/bolt';

const app = new App({
  receiver: new HTTPReceiver({ signingSecret: process.env['SLACK_SIGNING_SECRET'] as string }),
  token: process.env['SLACK_BOT_TOKEN'] as string,
  clientOptions: { slackApiUrl: process.env['SLACK_API_URL'] as string },
});
app.command('/rerun', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});
await app.start(Number(process.env['PORT']));
console.log('listening');
