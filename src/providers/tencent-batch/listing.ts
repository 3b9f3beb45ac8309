/**
 * Reading jobs with DescribeJobs, filtered by their ids, MAX_IDS_PER_CALL ids a call (docs/providers/FACTS.md §2).
 *
 * Reads asked at the same time share calls: the ids wanted while a call waits for its pace slot
 * (DescribeJobs, 2 calls/s per credential) go in that call, up to MAX_IDS_PER_CALL. So 100 previews
 * asked at once cost a call or two, not 100 calls at 2/s, which would outlast a preview's 30 s
 * budget after about the 60th: each waiting preview used to hold a slot of its own. Reads share a
 * call only with reads of their own priority (_shared/priority.ts), so an approved rerun's re-check
 * never waits in a follow-up poll's place in the pace's queue. The followed requests' batched read
 * (status.ts, statusMany) makes its own calls of up to MAX_IDS_PER_CALL ids (`describeJobsCall`).
 *
 * At storm scale the reads of one priority are taken round robin by person (_shared/fair.ts), so
 * a person with one preview is not behind another's ten; and a read whose operation asked is told
 * how many calls will go before the one that carries it (its lane's call's place in the pace's
 * queue, and the calls its lane makes first), as the pacers tell a call of their own.
 */
import { AsyncResource } from 'node:async_hooks';
import { currentParty, joinQueue, withAsking, type QueueSpot } from '../_shared/asking.ts';
import { withinBudget } from '../_shared/budget.ts';
import { FairRounds } from '../_shared/fair.ts';
import { currentPriority, withPriority } from '../_shared/priority.ts';
import { chunk } from '../_shared/outcome.ts';
import { retryRead } from '../_shared/retry.ts';
import { remainingMs, unbudgeted, withBudget } from '../../lib/budget.ts';
import type { TencentCall, TencentClient } from './client.ts';
import { MAX_IDS_PER_CALL } from './limits.ts';
import type { JobSummary } from './model.ts';
import type { CallPriority, ProviderTiming } from '../types.ts';

/** The jobs Batch knows among `ids`, by id; an id it does not know is absent. */
export async function describeJobs(
  { reader }: { reader: JobReader },
  ids: readonly string[],
): Promise<Map<string, JobSummary>> {
  const found = new Map<string, JobSummary>();
  // Each part is at most one call's worth; the parts of one read may share calls with other reads.
  const parts = await Promise.all(chunk(ids, MAX_IDS_PER_CALL).map((part) => withinBudget(reader.read(part))));
  for (const part of parts) for (const [id, job] of part) found.set(id, job);
  return found;
}

/** One DescribeJobs call for at most MAX_IDS_PER_CALL ids (retried as a read), made at once. */
export async function describeJobsCall(
  { client, deps }: { client: TencentClient; deps: { timing: ProviderTiming } },
  ids: readonly string[],
): Promise<Map<string, JobSummary>> {
  const res = await retryRead(deps.timing, () =>
    client.call<{ JobSet: JobSummary[] }>({
      action: 'DescribeJobs',
      params: { JobIds: ids, Limit: MAX_IDS_PER_CALL },
      jobIds: ids,
    }),
  );
  return new Map((res.JobSet ?? []).map((job) => [job.JobId, job]));
}

interface Wanted {
  ids: readonly string[];
  /** When the budget of the operation that asked ends (`performance.now()` ms; Infinity: none). */
  endsAt: number;
  /** Its round among the lane's reads (fair.ts), then its place in call order. */
  round: number;
  seq: number;
  /** Where its place is reported, if its operation asked. */
  spot: QueueSpot | undefined;
  resolve(found: Map<string, JobSummary>): void;
  reject(err: unknown): void;
}

/**
 * The reads of one priority: what waits (in the order calls take them), and whether a call waits
 * for its slot (it takes whatever waits then), with that call's place in the pace's queue.
 */
interface Lane {
  waiting: Wanted[];
  due: boolean;
  rounds: FairRounds;
  /** How many calls wait ahead of the lane's call in the pace's queue. */
  dueAhead: number;
}

/** One client's DescribeJobs reads, gathered into as few calls as the ids allow, per priority. */
export class JobReader {
  private readonly lanes = new Map<CallPriority, Lane>();
  private seq = 0;
  /** `report` from a call under way, in the context the reader was made in (never that call's scope). */
  private readonly reportSoon = AsyncResource.bind((lane: Lane) => queueMicrotask(() => this.report(lane)));

  constructor(
    private readonly client: TencentClient,
    private readonly timing: ProviderTiming,
  ) {}

  /** Up to MAX_IDS_PER_CALL ids, read in the next call that has room for them. */
  read(ids: readonly string[]): Promise<Map<string, JobSummary>> {
    return new Promise((resolve, reject) => {
      const priority = currentPriority();
      let lane = this.lanes.get(priority);
      if (!lane) this.lanes.set(priority, (lane = { waiting: [], due: false, rounds: new FairRounds(), dueAhead: 0 }));
      const spot = joinQueue();
      const done = () => spot?.done();
      const wanted: Wanted = {
        ids,
        endsAt: performance.now() + remainingMs(),
        round: lane.rounds.join(currentParty()),
        seq: this.seq++,
        spot,
        resolve: (found) => (done(), resolve(found)),
        reject: (err) => (done(), reject(err)),
      };
      // In the order calls take them: by round, then call order.
      const at = lane.waiting.findIndex((w) => w.round > wanted.round);
      lane.waiting.splice(at < 0 ? lane.waiting.length : at, 0, wanted);
      this.next(lane, priority);
      this.report(lane);
    });
  }

  /**
   * Tells each waiting read that asked how many calls go before the one that takes it: the calls
   * ahead of its lane's call in the pace's queue, and as many as its lane makes first.
   */
  private report(lane: Lane): void {
    batches(lane.waiting).forEach((batch, b) => {
      for (const w of batch) w.spot?.ahead(lane.dueAhead + b);
    });
  }

  /**
   * Starts a call if none is waiting for its slot. It serves every read it takes, so it runs within
   * the longest budget of the reads waiting now, not the first one's (each read bounds its own
   * wait, `withinBudget`), and never longer than the last of them has.
   */
  private next(lane: Lane, priority: CallPriority): void {
    if (lane.due || !lane.waiting.length) return;
    lane.due = true;
    let taken: Wanted[] | undefined;
    const call = (): TencentCall => {
      // The first attempt takes what waits when its slot comes; a retry asks again for the same.
      if (!taken) {
        taken = takeBatch(lane.waiting);
        for (const w of taken) lane.rounds.served(w.round);
        lane.due = false;
        // What is left moves up a call (its own call's place comes when it joins the queue).
        lane.dueAhead = 0;
        this.reportSoon(lane);
        // Whatever arrives from now on waits for the next slot.
        queueMicrotask(() => this.next(lane, priority));
      }
      const ids = [...new Set(taken.flatMap((w) => w.ids))];
      return { action: 'DescribeJobs', params: { JobIds: ids, Limit: MAX_IDS_PER_CALL }, jobIds: ids };
    };
    const endsAt = Math.max(...lane.waiting.map((w) => w.endsAt));
    // The call waits in the pace's queue at its lane's priority, whoever's read started it, for
    // no one person (it carries several people's reads), its place told to the reads it waits for.
    const placed = (ahead: number) => {
      lane.dueAhead = ahead;
      this.report(lane);
    };
    const read = () =>
      withAsking({ queued: placed }, () =>
        withPriority(priority, () =>
          retryRead(this.timing, () => this.client.callWhenDue<{ JobSet: JobSummary[] }>('DescribeJobs', call)),
        ),
      );
    void unbudgeted(() =>
      endsAt === Infinity ? read() : withBudget(Math.max(0, endsAt - performance.now()), read),
    ).then(
      (res) => {
        const all = new Map((res.JobSet ?? []).map((j) => [j.JobId, j] as const));
        for (const w of taken ?? [])
          w.resolve(
            new Map(
              w.ids.flatMap((id) => {
                const job = all.get(id);
                return job ? [[id, job] as const] : [];
              }),
            ),
          );
      },
      (err: unknown) => {
        for (const w of taken ?? []) w.reject(err);
        if (!taken) {
          // Failed before its slot came: what waits goes in the next call.
          lane.due = false;
          this.next(lane, priority);
        }
      },
    );
  }
}

/** The waiting reads, in the lane's order, while their ids fit in one call. */
function takeBatch(waiting: Wanted[]): Wanted[] {
  return waiting.splice(0, batches(waiting)[0]?.length ?? 0);
}

/** The calls `waiting` will take, in order: each the reads that come next while their ids fit in one call. */
function batches(waiting: readonly Wanted[]): Wanted[][] {
  const out: Wanted[][] = [];
  let batch: Wanted[] = [];
  let ids = new Set<string>();
  for (const w of waiting) {
    const more = w.ids.filter((id) => !ids.has(id));
    if (batch.length && ids.size + more.length > MAX_IDS_PER_CALL) {
      out.push(batch);
      [batch, ids] = [[], new Set<string>()];
    }
    for (const id of w.ids) ids.add(id);
    batch.push(w);
  }
  if (batch.length) out.push(batch);
  return out;
}
