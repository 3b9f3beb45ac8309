/**
 * The Bolt app: HTTP mode (signing secret) or Socket Mode (app token), health routes and
 * /metrics on the same port, and one listener module per kind registered here.
 */
import { App, HTTPReceiver, type CustomRoute } from '@slack/bolt';
import { slackLogger } from './logger.ts';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDEMPOTENT_RETRIES } from './clients.ts';
import { alertDesk } from './alerts.ts';
import type { SlackContext } from './context.ts';
import * as alertRerun from './listeners/actions/alert-rerun.ts';
import * as askAgain from './listeners/actions/ask-again.ts';
import * as decision from './listeners/actions/decision.ts';
import * as digestRerun from './listeners/actions/digest-rerun.ts';
import * as duplicates from './listeners/duplicates.ts';
import * as formTarget from './listeners/actions/form-target.ts';
import * as rerunCommand from './listeners/commands/rerun.ts';
import * as alertMessage from './listeners/events/alert-message.ts';
import * as channelRename from './listeners/events/channel-rename.ts';
import * as mention from './listeners/events/mention.ts';
import * as pick from './listeners/options/pick.ts';
import * as remainder from './listeners/actions/remainder.ts';
import * as rerunForm from './listeners/views/rerun-form.ts';
import * as unknown from './listeners/unknown.ts';

export interface SlackAppOptions {
  token: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  port: number;
  ctx: SlackContext;
  /** undefined when ready, else why not (for /readyz). */
  readiness: () => Promise<string | undefined>;
  /** The Prometheus text for GET /metrics, served beside /healthz; no route without it. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
}

export interface RunningSlackApp {
  app: App;
  port: number;
  stop(): Promise<void>;
}

function healthRoutes({ readiness, metrics, ctx }: SlackAppOptions): CustomRoute[] {
  const scrape: CustomRoute[] = metrics
    ? [
        {
          path: '/metrics',
          method: ['GET'],
          handler: (_req, res) => {
            metrics().then(
              ({ contentType, body }) => {
                res.writeHead(200, { 'content-type': contentType });
                res.end(body);
              },
              // A collector failed: the scraper records the target as down; the reason goes to the log.
              (err: unknown) => {
                ctx.logger.error({ err }, 'collecting metrics failed');
                res.writeHead(500, { 'content-type': 'text/plain' });
                res.end('metrics could not be collected');
              },
            );
          },
        },
      ]
    : [];
  return [
    ...scrape,
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void readiness().then((why) => {
          res.writeHead(why ? 503 : 200, { 'content-type': 'text/plain' });
          res.end(why ?? 'ready');
        });
      },
    },
  ];
}

export async function startSlackApp(opts: SlackAppOptions): Promise<RunningSlackApp> {
  const logger = slackLogger(opts.ctx.logger.child({ component: 'bolt' }));
  const clientOptions = { slackApiUrl: opts.apiUrl, retryConfig: IDEMPOTENT_RETRIES };
  const customRoutes = healthRoutes(opts);
  let app: App;
  if (opts.appToken) {
    // installerOptions.clientOptions reaches the Socket Mode client's apps.connections.open call.
    app = new App({
      token: opts.token,
      appToken: opts.appToken,
      socketMode: true,
      customRoutes,
      installerOptions: { port: opts.port, clientOptions: { slackApiUrl: opts.apiUrl } },
      logger,
      clientOptions,
    });
  } else {
    if (!opts.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode');
    const receiver = new HTTPReceiver({
      signingSecret: opts.signingSecret,
      customRoutes,
      logger,
      processBeforeResponse: false,
    });
    app = new App({ token: opts.token, receiver, logger, clientOptions });
  }
  app.error(async (err) => {
    opts.ctx.logger.error({ err }, 'unhandled Slack listener error');
  });
  // First: a redelivered event goes no further (clicks and forms are checked after their ack).
  duplicates.register(app, opts.ctx);
  // Then: an interaction no listener takes is answered at once, not left to time out as a 404.
  unknown.register(app, opts.ctx);
  for (const listener of [
    rerunCommand,
    decision,
    askAgain,
    formTarget,
    rerunForm,
    pick,
    alertRerun,
    remainder,
    digestRerun,
    channelRename,
  ])
    listener.register(app, opts.ctx);
  // Alerts and mentions share one desk: channel names read once, each alert answered once.
  const desk = alertDesk(opts.ctx);
  alertMessage.register(app, opts.ctx, desk);
  mention.register(app, opts.ctx, desk);

  const started = (await app.start(opts.port)) as unknown;
  const port =
    started && typeof (started as Server).address === 'function'
      ? ((started as Server).address() as AddressInfo).port
      : opts.port;
  return { app, port, stop: () => app.stop() as Promise<void> };
}
