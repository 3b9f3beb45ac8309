/**
 * /healthz, /readyz and /metrics. In HTTP mode they are custom routes of Bolt's receiver, beside
 * /slack/events; in Socket Mode they have a small server of their own, listening before Slack is
 * reached (so a probe sees why the bot is not ready) and closed when the bot stops.
 */
import type { CustomRoute } from '@slack/bolt';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/ports.ts';

interface HealthOptions {
  /** undefined when ready, else why not (for /readyz). */
  readiness: () => Promise<string | undefined>;
  /** The Prometheus text for GET /metrics, served beside /healthz; no route without it. */
  metrics?: (() => Promise<{ contentType: string; body: string }>) | undefined;
  logger: Logger;
}

export function healthRoutes({ readiness, metrics, logger }: HealthOptions): CustomRoute[] {
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
                logger.error({ err }, 'collecting metrics failed');
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
          res.writeHead(why ? 503 : 200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(why ? `not ready: ${why}` : 'ready');
        });
      },
    },
  ];
}

interface RoutesServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `routes` alone on `port` (0: any free one); anything else is 404. */
export async function serveRoutes(routes: CustomRoute[], port: number): Promise<RoutesServer> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find(
      (r) => r.path === path && [r.method].flat().some((m) => m.toUpperCase() === (req.method ?? 'GET')),
    );
    if (route) route.handler(Object.assign(req, { params: {} }), res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Probes keep connections alive; they must not hold the port open after the stop.
        server.closeAllConnections();
      }),
  };
}
