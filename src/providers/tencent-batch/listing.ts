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
 */
import { withinBudget } from '../_shared/budget.ts';
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
  resolve(found: Map<string, JobSummary>): void;
  reject(err: unknown): void;
}

/** The reads of one priority: what waits, and whether a call waits for its slot (it takes whatever waits then). */
interface Lane {
  waiting: Wanted[];
  due: boolean;
}

/** One client's DescribeJobs reads, gathered into as few calls as the ids allow, per priority. */
export class JobReader {
  private readonly lanes = new Map<CallPriority, Lane>();

  constructor(
    private readonly client: TencentClient,
    private readonly timing: ProviderTiming,
  ) {}

  /** Up to MAX_IDS_PER_CALL ids, read in the next call that has room for them. */
  read(ids: readonly string[]): Promise<Map<string, JobSummary>> {
    return new Promise((resolve, reject) => {
      const priority = currentPriority();
      let lane = this.lanes.get(priority);
      if (!lane) this.lanes.set(priority, (lane = { waiting: [], due: false }));
      lane.waiting.push({ ids, endsAt: performance.now() + remainingMs(), resolve, reject });
      this.next(lane, priority);
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
        lane.due = false;
        // Whatever arrives from now on waits for the next slot.
        queueMicrotask(() => this.next(lane, priority));
      }
      const ids = [...new Set(taken.flatMap((w) => w.ids))];
      return { action: 'DescribeJobs', params: { JobIds: ids, Limit: MAX_IDS_PER_CALL }, jobIds: ids };
    };
    const endsAt = Math.max(...lane.waiting.map((w) => w.endsAt));
    // The call waits in the pace's queue at its lane's priority, whoever's read started it.
    const read = () =>
      withPriority(priority, () =>
        retryRead(this.timing, () => this.client.callWhenDue<{ JobSet: JobSummary[] }>('DescribeJobs', call)),
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

/** The waiting reads, first come first served, while their ids fit in one call. */
function takeBatch(waiting: Wanted[]): Wanted[] {
  const batch: Wanted[] = [];
  const ids = new Set<string>();
  while (waiting.length) {
    const w = waiting[0] as Wanted;
    const more = w.ids.filter((id) => !ids.has(id));
    if (batch.length && ids.size + more.length > MAX_IDS_PER_CALL) break;
    for (const id of more) ids.add(id);
    batch.push(w);
    waiting.shift();
  }
  return batch;
}
