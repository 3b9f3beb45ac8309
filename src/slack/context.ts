/** What every listener gets: the core, the Slack clients, words and people's languages. */
import type { Core } from '../core/compose.ts';
import type { Asker } from '../core/compose.ts';
import { uiMsg } from '../i18n/surface.ts';
import type { Locale, Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import type { SlackClients } from './clients.ts';
import type { FormSeal } from './form-seal.ts';
import type { SlackPeople } from './people.ts';
import type { SlackWords } from './words.ts';

export interface SlackContext {
  core: Core;
  clients: SlackClients;
  logger: Logger;
  clock: Clock;
  words: SlackWords;
  people: SlackPeople;
  /** Signs and checks the forms' private_metadata. */
  seal: FormSeal;
}

/** The surface reference of a Slack request: where its approval message goes. */
export interface SlackSurface {
  kind: 'slack';
  channel: string;
  threadTs?: string;
  ts?: string;
}

export function askerFor(
  userId: string,
  locale: Locale,
  channel: string,
  channelName?: string,
  threadTs?: string,
): Asker {
  const surface: SlackSurface = { kind: 'slack', channel, ...(threadTs ? { threadTs } : {}) };
  return { userId, locale, place: { id: channel, name: channelName }, surface: { ...surface } };
}

/**
 * Runs the work that follows an ack; a failure is logged once here with its context and the
 * person is told what happened, instead of a catch in every listener.
 */
export async function afterAck(
  ctx: SlackContext,
  where: string,
  tell: (m: Message) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    ctx.logger.error({ err, where }, 'listener failed after ack');
    await tell(uiMsg('ui.answer.failed', { error: (err as Error).message ?? 'unknown error' })).catch((e: unknown) =>
      ctx.logger.error({ err: e, where }, 'could not tell the user about the failure'),
    );
  }
}
