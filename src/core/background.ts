/**
 * What a replica does on its own while it runs: it renews the leases it holds (so no other
 * replica takes over work it is still doing) and reads the store's clock (shared-clock.ts), sweeps
 * due work (see use-cases/sweep.ts), polls the followed reruns that are due (see use-cases/follow.ts) and
 * gives the reminders and escalations that are due (see use-cases/remind.ts).
 * Both are timers; nothing is remembered in memory that the store does not also hold, so a
 * restart simply starts them again.
 */
import type { CoreContext } from './context.ts';
import { CLOCK_SKEW_WARN_MS } from './timings.ts';
import { followDue, type FollowReport } from './use-cases/follow.ts';
import { remindDue, type RemindReport } from './use-cases/remind.ts';
import { wakeAll } from './use-cases/replies/scheduling.ts';
import { sweep, type SweepReport } from './use-cases/sweep.ts';

interface Background {
  /** Runs one sweep now, then keeps renewing and sweeping until `stop`. */
  start(): Promise<SweepReport>;
  /** One sweep now (what the timer runs). */
  sweep(): Promise<SweepReport>;
  /** One look for due follow-ups now (what the follow timer runs). */
  follow(): Promise<FollowReport>;
  /** One look for due reminders and escalations now (what the reminders timer runs). */
  remind(): Promise<RemindReport>;
  /** One look for channels with alert replies to post now (what the replies timer runs). */
  replies(): Promise<void>;
  /** One heartbeat now (what the timer runs): the leases renewed, the store's clock read. */
  renew(): Promise<void>;
  /**
   * Resolves once the replica has nothing left to do now: the work under way has ended, and one
   * pass of each timer's work (a sweep, the due follow-ups, the reply queues) started nothing
   * more. What a test waits for before asserting that nothing else happens, instead of sleeping.
   */
  idle(): Promise<void>;
  /**
   * Stops taking new work, lets work under way finish (at most `graceMs`, leases still renewed
   * meanwhile), stops the timers and gives every lease back, so another replica can go on at once.
   */
  stop(graceMs: number): Promise<void>;
}

/** Passes of `idle` before it gives up: work that keeps starting work is a bug to report, not to wait out. */
const IDLE_PASSES = 50;
/** The longest one pass of `idle` waits for work under way (a provider call within its budget). */
const IDLE_WAIT_MS = 60_000;

export function createBackground(ctx: CoreContext): Background {
  const timers: NodeJS.Timeout[] = [];
  let sweeping: Promise<unknown> = Promise.resolve();
  let following: Promise<unknown> = Promise.resolve();
  let reminding: Promise<unknown> = Promise.resolve();

  const renewLeases = () =>
    ctx.store
      .renewLeases(ctx.replica, ctx.leases.leaseMs)
      .catch((err: unknown) => ctx.logger.error({ err }, 'renewing leases failed'));
  // Said once when this replica's clock drifts past the bound, and once when it agrees again
  // (within half of it, so a clock near the bound does not say so on every beat).
  let skewed = false;
  const readClock = async () => {
    const { aheadMs, roundTripMs } = await ctx.time.sync();
    ctx.metrics?.clockSkew(aheadMs);
    const off = Math.abs(aheadMs);
    const seconds = Math.round(off / 100) / 10;
    if (!skewed && off > CLOCK_SKEW_WARN_MS) {
      skewed = true;
      ctx.logger.warn(
        { aheadMs, roundTripMs, boundMs: CLOCK_SKEW_WARN_MS },
        `this replica's clock is ${seconds} s ${aheadMs > 0 ? 'ahead of' : 'behind'} the store's: leases, ` +
          "expiry and follow-ups go by the store's clock, but check this host's time synchronisation (NTP)",
      );
    } else if (skewed && off <= CLOCK_SKEW_WARN_MS / 2) {
      skewed = false;
      ctx.logger.info(
        { aheadMs, roundTripMs },
        `this replica's clock agrees with the store's again (within ${seconds} s)`,
      );
    }
  };
  const checkClock = () =>
    readClock().catch((err: unknown) => ctx.logger.error({ err }, "reading the store's clock failed"));
  const renew = async () => {
    await renewLeases();
    await checkClock();
  };
  // A direct call (start, a test) gets the failure; `stop` only waits for the run to end.
  const sweepNow = (): Promise<SweepReport> => {
    const run = sweep(ctx).then((report) => {
      if (report.recovered || report.expired || report.posted || report.repaired || report.settled)
        ctx.logger.info({ ...report }, 'swept due work');
      return report;
    });
    sweeping = run.catch(() => undefined);
    return run;
  };
  const followNow = (): Promise<FollowReport> => {
    const run = followDue(ctx).then((report) => {
      if (report.replied) ctx.logger.info({ ...report }, 'followed reruns to their final state');
      return report;
    });
    following = run.catch(() => undefined);
    return run;
  };
  const remindNow = (): Promise<RemindReport> => {
    const run = remindDue(ctx).then((report) => {
      if (report.reminded || report.escalated) ctx.logger.info({ ...report }, 'reminded approvers of waiting requests');
      return report;
    });
    reminding = run.catch(() => undefined);
    return run;
  };
  // Alert replies queued by another replica, or before a restart, are posted by whichever replica
  // takes their channel; the drain runs as tracked work, so a shutdown waits for a post under way.
  const repliesNow = () =>
    wakeAll(ctx).catch((err: unknown) => ctx.logger.error({ err }, 'waking reply queues failed'));
  /**
   * Runs `fn` every `ms`, one run at a time. A run that fails (the store or Slack unreachable)
   * is logged here, once, and the next tick tries again: a timer's failure must never become an
   * unhandled rejection, which would end the process.
   */
  const every = (what: string, ms: number, fn: () => unknown) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      void Promise.resolve()
        .then(fn)
        .catch((err: unknown) => ctx.logger.error({ err }, `${what} failed; trying again in ${ms} ms`))
        .finally(() => (busy = false));
    }, ms);
    // The timers never keep a process alive on their own (the HTTP server or the console does).
    t.unref();
    timers.push(t);
  };

  return {
    async start() {
      // The store's clock first: the first sweep decides expiry by it.
      await checkClock();
      const report = await sweepNow();
      every('renewing leases', ctx.leases.renewMs, renew);
      every('sweep', ctx.leases.sweepMs, () => (ctx.stopping ? undefined : sweepNow()));
      every('following reruns', ctx.follow.tickMs, () => (ctx.stopping ? undefined : followNow()));
      // Reminders are minutes apart: the sweep's period is close enough.
      every('reminding', ctx.leases.sweepMs, () => (ctx.stopping ? undefined : remindNow()));
      every('waking reply queues', ctx.replies.tickMs, () => (ctx.stopping ? undefined : repliesNow()));
      return report;
    },
    sweep: sweepNow,
    follow: followNow,
    remind: remindNow,
    replies: repliesNow,
    renew: async () => {
      await renew();
    },
    async idle() {
      for (let pass = 0; pass < IDLE_PASSES; pass++) {
        await ctx.work.drain(IDLE_WAIT_MS);
        await sweeping;
        await following;
        await reminding;
        // A timer's pass that fails is logged and retried by the timer; here it only ends the pass.
        await sweepNow().catch(() => undefined);
        await followNow().catch(() => undefined);
        await remindNow().catch(() => undefined);
        await repliesNow();
        if (!ctx.work.busy) return;
      }
      throw new Error(`the replica was still busy after ${IDLE_PASSES} passes`);
    },
    async stop(graceMs) {
      ctx.stopping = true;
      await sweeping;
      await following;
      await reminding;
      await ctx.work.drain(graceMs);
      for (const t of timers.splice(0)) clearInterval(t);
      await ctx.store
        .releaseLeases(ctx.replica)
        .catch((err: unknown) => ctx.logger.error({ err }, 'releasing leases failed'));
    },
  };
}
