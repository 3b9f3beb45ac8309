/** What every listener gets: the core service and the Slack clients. */
import type { Clock, Logger } from '../lib/ports.ts';
import type { RerunService } from '../core/service.ts';
import type { SlackClients } from './clients.ts';

export interface SlackContext {
  service: RerunService;
  clients: SlackClients;
  logger: Logger;
  clock: Clock;
}

/**
 * Runs the work that follows an ack; a failure is logged once here with its context and the
 * person is told what happened, instead of a catch in every listener.
 */
export async function afterAck(
  ctx: SlackContext,
  where: string,
  tell: (text: string) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    ctx.logger.error({ err, where }, 'listener failed after ack');
    await tell(
      `Something went wrong (${(err as Error).message ?? 'unknown error'}); nothing was sent to the provider. Try again, or check /rerun status.`,
    ).catch((e: unknown) => ctx.logger.error({ err: e, where }, 'could not tell the user about the failure'));
  }
}
