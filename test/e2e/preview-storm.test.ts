/**
 * A hundred people asking at once on one Tencent credential (issue 18, item 6), end to end: the
 * whole bot on the Tencent emulator, which keeps Batch's 2 DescribeJobs a second on the clock the
 * bot paces by. Each of 100 people asks a rerun of 10 jobs with `/rerun`, and one more person asks
 * five times: 1,050 job ids, read 100 a call. The test holds each pace wait (SteppedPace), so
 * every read has joined its queue before the next slot comes. Each person whose preview waits
 * behind another call is told on the response_url how many calls are ahead, a number that proves
 * right (the call that carries it comes that many after the next one), then gets the answer; the
 * person with five asks waits behind the hundred with one; no read is refused for the rate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/emulators/server.ts';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { StoppedClock, SteppedPace } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const PEOPLE = 100;
const JOBS_EACH = 10;
const HEAVY_ASKS = 5;

/** Batch job ids (`job-` and 8 letters or digits): 10 of each ask's own. */
const jobsOf = (who: string) => Array.from({ length: JOBS_EACH }, (_, j) => `job-${who}${String(j).padStart(3, '0')}`);
const single = (i: number) => `s${String(i).padStart(4, '0')}`;
const heavy = (k: number) => `h${String(k).padStart(4, '0')}`;

const action = (r: RecordedRequest) => r.headers['x-tc-action'];
const jobsIn = (r: RecordedRequest): string[] => (JSON.parse(r.body || '{}') as { JobIds?: string[] }).JobIds ?? [];
const AHEAD = /Still checking… (\d+) requests? ahead of yours/;

describe('previews at storm scale', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let pace: SteppedPace;
  let close: () => Promise<void>;

  beforeEach(async () => {
    // Time moves only when the test steps the pace: every read joins before the next slot.
    const clock = new StoppedClock();
    pace = new SteppedPace(clock);
    const asks = [
      ...Array.from({ length: PEOPLE }, (_, i) => single(i)),
      ...Array.from({ length: HEAVY_ASKS }, (_, k) => heavy(k)),
    ];
    ({ emu, h, close } = await startTencentBot({
      clock,
      pace: pace.sleep,
      rest: PEER_POLICIES,
      jobs: asks.flatMap((who) => jobsOf(who).map((id) => [id, 'FAILED'] as [string, string])),
      // Told as soon as a read waits behind another call (the patience is the front end's).
      slackTiming: { queueNoticeMs: 0 },
    }));
  });
  afterEach(() => close());

  it(
    'tells each waiting person how many requests are ahead, then answers; fair among people; no read refused',
    { timeout: 120_000 },
    async () => {
      const reads = () => emu.requests.filter((r) => action(r) === 'DescribeJobs');
      const asks = [
        ...Array.from({ length: HEAVY_ASKS }, (_, k) => ({ who: heavy(k), user: 'U0HEAVY' })),
        ...Array.from({ length: PEOPLE }, (_, i) => ({ who: single(i), user: `U0P${String(i).padStart(3, '0')}` })),
      ];
      const acks = await Promise.all(
        asks.map((a) => h.driver.command(`batch-gz job_ids=${jobsOf(a.who).join(',')}`, { user: a.user })),
      );
      expect(acks.map((a) => a.status)).toEqual(asks.map(() => 200));
      const said = (i: number) => h.driver.responsesTo(acks[i]!.responseId).map((b) => String(b['text'] ?? ''));

      // The first read went at once; the next waits for its slot. Every preview's read joins the
      // queue before that slot comes: then each person behind another call has been told.
      const first = await eventually(() => reads()[0]);
      const firstCall = jobsIn(first).length / JOBS_EACH;
      const behind = asks.length - firstCall - 100 / JOBS_EACH;
      const told = () => asks.map((_, i) => said(i).find((t) => AHEAD.test(t)));
      await eventually(() => told().filter(Boolean).length === behind, 30_000).catch((e) => {
        console.log(
          'DEBUG',
          firstCall,
          behind,
          told().filter(Boolean).length,
          reads().length,
          told()
            .map((t, i) => [i, said(i).length, t && AHEAD.exec(t)?.[1]])
            .join(' '),
        );
        throw e;
      });

      // Step slot after slot until every request is posted for approval.
      const approvals = () => h.slack.messagesIn('C0INCIDENT').filter((m) => m.text.includes('Rerun request'));
      const all = () => approvals().length === asks.length;
      while (!all()) {
        const before = reads().length;
        // The next slot, once a call waits for it; then that call reaches the emulator.
        if ((await eventually(() => pace.step() || (all() && 'all'))) === true)
          await eventually(() => reads().length > before || all());
      }

      // Each answer follows its approval request.
      const ASKED = /^Asked for approval: request `rr-/;
      await eventually(() => asks.every((_, i) => ASKED.test(said(i).at(-1) ?? '')));

      // The call that carried each ask's jobs, counted from the first.
      const carried = asks.map((a) => reads().findIndex((r) => jobsIn(r).includes(jobsOf(a.who)[0]!)));
      expect(carried.every((c) => c >= 0)).toBe(true);
      asks.forEach((a, i) => {
        const notice = told()[i];
        const answers = said(i);
        // The answer came last: its request id, once it was posted.
        expect([a.who, answers.at(-1)]).toEqual([a.who, expect.stringMatching(ASKED)]);
        if (carried[i]! <= 1) {
          // In the first call, or the next one's slot behind nobody: nothing to tell.
          expect([a.who, notice]).toEqual([a.who, undefined]);
          return;
        }
        // Told, before its answer, how many calls would go before the one carrying it: as many
        // as came between the next slot's call and its own. The person asking five times was
        // told early, before the hundred who asked once went ahead of their later asks.
        expect([a.who, answers.length]).toEqual([a.who, 2]);
        const n = Number(AHEAD.exec(notice ?? '')?.[1]);
        if (i < HEAVY_ASKS)
          expect([a.who, n]).toEqual([a.who, expect.toBeOneOf([...Array(carried[i]).keys()].slice(1))]);
        else expect([a.who, n]).toEqual([a.who, carried[i]! - 1]);
      });

      // Fair among people: the person who asked five times has each ask after the first behind
      // every one of the hundred people who asked once (in call order it asked first).
      const lastSingle = Math.max(...carried.slice(HEAVY_ASKS));
      const heavyLater = carried.slice(0, HEAVY_ASKS).filter((c) => c >= lastSingle);
      expect(heavyLater.length).toBeGreaterThanOrEqual(HEAVY_ASKS - 2);
      // 1,050 ids at 100 a call: a call more than that at most (the first went with what it had).
      expect(reads().length).toBeLessThanOrEqual(Math.ceil((asks.length * JOBS_EACH) / 100) + 1);
      // Each request posted once, and nothing refused for the rate on the emulator's clock.
      expect(approvals()).toHaveLength(asks.length);
      expect(emu.throttled).toEqual([]);
    },
  );

  it(
    'tells a person who submitted the form, in an ephemeral, how many requests are ahead, then posts the request',
    {
      timeout: 60_000,
    },
    async () => {
      const reads = () => emu.requests.filter((r) => action(r) === 'DescribeJobs');
      // Thirty people ask first: their reads fill three calls behind the next one.
      const acks = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          h.driver.command(`batch-gz job_ids=${jobsOf(single(i)).join(',')}`, { user: `U0P${i}` }),
        ),
      );
      await eventually(() => reads()[0]);
      const first = jobsIn(reads()[0]!).length / JOBS_EACH;
      const told = () =>
        acks.filter((a) => h.driver.responsesTo(a.responseId).some((b) => AHEAD.test(String(b['text'])))).length;
      await eventually(() => told() === 30 - first - 100 / JOBS_EACH);

      // Then one more, with the form: the modal closes at the submit, and the preview waits its turn.
      const FORM = { user: 'U0FORM' };
      const viewId = await h.driver.openForm(FORM);
      await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', FORM);
      await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
      const submitted = await h.driver.submitView(
        viewId,
        { target: 'batch-gz', 'f:job_ids': jobsOf(heavy(0)).join(',') },
        FORM,
      );
      expect(submitted.status).toBe(200);
      const ephemerals = () => h.slack.callsOf('chat.postEphemeral').filter((c) => c.args['user'] === FORM.user);
      const notice = await eventually(() => ephemerals()[0]);
      const ahead = Number(AHEAD.exec(String(notice.args['text']))?.[1]);

      const posted = () =>
        h.slack
          .messagesIn('C0INCIDENT')
          .find((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes(jobsOf(heavy(0))[0]!));
      while (!posted()) {
        const before = reads().length;
        if ((await eventually(() => pace.step() || (posted() && 'posted'))) === true)
          await eventually(() => reads().length > before || posted());
      }
      // The number was right: the call that carried its jobs came that many after the next one.
      const carried = reads().findIndex((r) => jobsIn(r).includes(jobsOf(heavy(0))[0]!));
      expect(ahead).toBe(carried - 1);
      expect(ahead).toBeGreaterThanOrEqual(2);
      // Told once, before its request was posted; the posted request says the rest.
      const calls = h.slack.calls;
      const noticeAt = calls.indexOf(notice);
      const postAt = calls.findIndex(
        (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(jobsOf(heavy(0))[0]!),
      );
      expect(noticeAt).toBeLessThan(postAt);
      expect(ephemerals()).toHaveLength(1);
      expect(emu.throttled).toEqual([]);
    },
  );
});
