/**
 * At start-up: a call that was in flight when the process died is never sent again; it is
 * marked "outcome unknown — check status". An approved request whose call never started is
 * marked as not sent.
 */
import type { RerunOutcome } from '../../providers/types.ts';
import type { CoreContext } from '../context.ts';
import { coreMsg } from '../messages.ts';
import { stateAfter } from '../model/request.ts';

export async function recover(ctx: CoreContext): Promise<number> {
  const running = (await ctx.store.list({ limit: 10_000 })).filter((r) => r.state === 'running');
  for (const r of running) {
    const started = (await ctx.store.auditOf(r.id)).some((a) => a.event === 'call-started');
    const outcome: RerunOutcome = started
      ? { status: 'unknown', items: [], message: coreMsg('recover.inFlight', {}), calls: 1 }
      : { status: 'rejected', items: [], message: coreMsg('recover.notSent', {}), calls: 0 };
    const finishedAt = ctx.nowIso();
    const done = await ctx.store.transition(r.id, ['running'], (cur) => ({
      ...cur,
      state: stateAfter(outcome),
      execution: { startedAt: cur.execution?.startedAt ?? finishedAt, finishedAt, outcome },
      updatedAt: finishedAt,
    }));
    if (done) {
      await ctx.audit(done, 'recovered', 'system', { outcome });
      await ctx.show(done);
    }
  }
  return running.length;
}
