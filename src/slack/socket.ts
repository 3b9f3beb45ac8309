/**
 * Socket Mode's connection, kept open by the bot itself. The Socket Mode client's own reconnect
 * gives up on a network error (and its failure then surfaces as an unhandled rejection), so it is
 * turned off: each attempt here is one apps.connections.open and one WebSocket, retried with the
 * bot's backoff (reach.ts) until it opens, and again whenever an open connection closes. The
 * `socket` readiness condition is held while there is no connection.
 */
import type { SocketModeReceiver } from '@slack/bolt';
import pRetry from 'p-retry';
import type { Readiness } from '../lib/readiness.ts';
import type { Logger } from '../lib/ports.ts';
import { retryOptions, type SlackReach, type SlackTiming } from './reach.ts';

interface SocketLinkOptions {
  receiver: SocketModeReceiver;
  reach: SlackReach;
  readiness: Readiness;
  logger: Logger;
  timing: SlackTiming;
}

interface SocketLink {
  /** Starts connecting in the background; never rejects. */
  start(): void;
  /** Stops connecting, then closes the connection. */
  stop(): Promise<void>;
}

export function socketLink(o: SocketLinkOptions): SocketLink {
  const abort = new AbortController();
  let connecting: Promise<void> | undefined;
  let attempting = false;
  let opened = false;

  const attempt = async () => {
    attempting = true;
    const started = o.reach.attempt();
    try {
      await o.receiver.start();
    } catch (err) {
      o.reach.failed('Socket Mode', err, started);
      throw err;
    } finally {
      attempting = false;
    }
  };

  const connect = (why: string) => {
    if (connecting || abort.signal.aborted) return;
    o.readiness.hold('socket', why);
    connecting = pRetry(attempt, retryOptions(o.timing, abort.signal))
      .then(
        () => {
          o.reach.answered();
          o.readiness.release('socket');
          o.logger.info({ reconnected: opened }, 'Socket Mode connection open');
          opened = true;
        },
        (err: unknown) => {
          if (!abort.signal.aborted) o.logger.error({ err }, 'opening the Socket Mode connection stopped');
        },
      )
      .finally(() => (connecting = undefined));
  };

  // With its own reconnect off, the client says `disconnected` when an open connection closes
  // (Slack recycles connections, or the network went away). A failed attempt says it too: that
  // one is the retry's business.
  o.receiver.client.on('disconnected', () => {
    if (attempting || abort.signal.aborted) return;
    o.logger.info({}, 'Socket Mode connection closed; reopening it');
    connect('the Socket Mode connection closed and is being reopened');
  });

  return {
    start: () => connect('the Socket Mode connection is not open yet'),
    async stop() {
      abort.abort();
      await connecting;
      await o.receiver.stop();
    },
  };
}
