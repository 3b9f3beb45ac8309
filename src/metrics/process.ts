/**
 * prom-client's default metrics (CPU, memory, event-loop delay, GC, handles) describe the process,
 * not a bot, and their collectors cannot be stopped (a GC PerformanceObserver, an event-loop delay
 * monitor): made per bot, every bot a test starts would leave two running. So they live in one
 * registry per process, made on first use, and each bot's /metrics serves it after its own.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

let registry: Registry | undefined;

export function processRegistry(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
