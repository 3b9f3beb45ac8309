/**
 * The App Home with two replicas on one PostgreSQL database (issue 19 item 6, "refreshed for the
 * people a change concerns … within views.publish's limits … in the viewer's language"): who opened
 * their Home is in the store, so a decision handled at the other replica republishes it, in the
 * viewer's language, and a bystander's is left alone; and the pace is the store's, so the two
 * replicas' publishes together keep a spacing, and one person's keep a gap, as one replica's would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { MovableClock, StoppedClock, Timeline } from '../support/clock.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startHarness, type Harness, type HarnessOptions } from '../support/harness.ts';
import { scrape } from '../support/metrics.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTencentBot, tencentBotYaml } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };
const CAROL = { user: 'U0CAROL' };
const DAVE = { user: 'U0DAVE' };
const ERIN = { user: 'U0ERIN' };
const JOBS = ['job-aaaa1111', 'job-bbbb2222', 'job-cccc3333', 'job-dddd4444'] as const;
const JOB = JOBS[0];

type View = Record<string, unknown>;
type Block = Record<string, unknown>;

let emu: TencentEmulator;
let a: Harness;
let b: Harness;
let db: TestDatabase;
let close: () => Promise<void>;

/** Replicas a and b on one database, one Slack and one clock; `groups` are the workspace's user groups. */
async function setup(
  rest: string,
  o: { home: HarnessOptions['home']; clock?: MovableClock; groups: Record<string, string[]> },
) {
  db = await createTestDatabase();
  const clock = o.clock ?? new MovableClock();
  ({
    emu,
    h: a,
    close,
  } = await startTencentBot({
    ratePerSecond: 1000,
    jobs: JOBS.map((j) => [j, 'FAILED']),
    rest,
    databaseUrl: db.url,
    home: o.home,
    clock,
    slack: (slack) => {
      for (const [id, users] of Object.entries(o.groups)) slack.groups.set(id, { handle: 'data-oncall', users });
      slack.locales.set(BOB.user, 'zh-CN');
      // Slack's clock is the test's: a call's `at` is when it came, as the replicas' pace sees time.
      slack.clock = clock;
    },
  }));
  b = await startHarness(
    tencentBotYaml(emu.url, { rest }),
    {},
    { slack: a.slack, clock, databaseUrl: db.url, sleep: clock.sleep, home: o.home },
  );
}

afterEach(async () => {
  await b.close();
  await close();
  await db.drop();
});

const publishes = () => a.slack.callsOf('views.publish');
const publishesTo = (user: string) => publishes().filter((c) => c.args['user_id'] === user);
const homeOf = (user: string) => a.slack.homes.get(user) as View;
const blocksOf = (v: View) => v['blocks'] as Block[];
/** What a Home says under the header `title`, up to the next header. */
function under(v: View, title: string): string {
  const blocks = blocksOf(v);
  const start = blocks.findIndex((x) => x['type'] === 'header' && JSON.stringify(x).includes(title));
  if (start < 0) throw new Error(`no "${title}" on the Home`);
  const end = blocks.findIndex((x, i) => i > start && x['type'] === 'header');
  return JSON.stringify(blocks.slice(start + 1, end < 0 ? undefined : end)).replace(/`/g, '');
}
const approvalOf = (job: string) =>
  eventually(() => a.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(job)));
const idOf = (m: { text: string; blocks: unknown[] }) => /rr-[0-9a-f]+/.exec(FakeSlack.textOf(m))?.[0] as string;

/** Opens `p`'s Home tab at replica `at` and returns the Home published for it. */
async function openHome(at: Harness, p: { user: string }): Promise<View> {
  const before = publishesTo(p.user).length;
  await at.driver.openHome(p);
  await eventually(() => publishesTo(p.user).length > before);
  return homeOf(p.user);
}

const idle = () => Promise.all([a.bot.idle(), b.bot.idle()]);
/** Home publishes of one replica counted by the metric, by labels. */
const counted = async (at: Harness, labels: Record<string, string>) =>
  (await scrape(at.driver.botUrl)).sum('rerun_slack_home_publishes_total', labels);

describe('the App Home, two replicas on one PostgreSQL database', () => {
  it('a Home opened at one replica is republished by the other when a decision there concerns it, in its language; a bystander’s is not', async () => {
    await setup('policies:\n  default: { approval: group, approvers: ["@data-oncall"], expiresAfter: 30m }\n', {
      // No wait between publishes: this is about who is republished, and where (the pace has its own test).
      home: { gapMs: 0, spacingMs: 0 },
      groups: { S0ONCALL: [BOB.user, CAROL.user, ERIN.user] },
    });
    await a.driver.command(`batch-gz job_ids=${JOB}`, ALICE);
    const msg = await approvalOf(JOB);
    const id = idOf(msg);
    // Bob (in Chinese) and Carol may decide it; Dave may not. All three open their Home at a only.
    expect(under(await openHome(a, BOB), '等待您审批')).toContain(id);
    expect(under(await openHome(a, CAROL), 'Waiting for you')).toContain(id);
    expect(JSON.stringify(await openHome(a, DAVE))).not.toContain(id);
    await idle();
    const before = Object.fromEntries([BOB, CAROL, DAVE].map((p) => [p.user, publishesTo(p.user).length]));
    const bobLookups = a.slack.callsOf('users.info').filter((c) => c.args['user'] === BOB.user).length;

    // Erin approves on the message, at b, which never saw anyone open a Home.
    await b.driver.click(msg, 'rerun_approve', ERIN);
    await eventually(() => emu.retryCalls.length === 1);
    const carol = await eventually(
      () =>
        publishesTo(CAROL.user).length > before[CAROL.user]! &&
        !under(homeOf(CAROL.user), 'Waiting for you').includes(id) &&
        homeOf(CAROL.user),
    );
    expect(under(carol, 'Last decisions')).toContain(id);
    const bob = await eventually(
      () =>
        publishesTo(BOB.user).length > before[BOB.user]! &&
        !under(homeOf(BOB.user), '等待您审批').includes(id) &&
        homeOf(BOB.user),
    );
    // Still in Bob's language, which b had from the store: it asked Slack nothing about him.
    expect(under(bob, '最近的决定')).toContain(id);
    expect(JSON.stringify(bob)).not.toMatch(/Waiting for you|Your requests|Last decisions/);
    expect(a.slack.callsOf('users.info').filter((c) => c.args['user'] === BOB.user)).toHaveLength(bobLookups);
    await idle();
    // The bystander's Home is not published again; the two who may decide were, by b.
    expect(publishesTo(DAVE.user)).toHaveLength(before[DAVE.user]!);
    expect(await counted(b, { reason: 'changed', outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(await counted(b, { reason: 'opened' })).toBe(0);
    expect(await counted(a, { reason: 'opened', outcome: 'ok' })).toBe(3);
    expect(emu.retryCalls).toEqual([[JOB]]);
  });

  it('keeps one pace across both replicas: a spacing between any two Home publishes, a gap between one person’s', async () => {
    const SPACING = 1_000;
    const GAP = 10_000;
    // Time moves only from one wait's end to the next, once both replicas have done what was due.
    const clock = new StoppedClock();
    const timeline = new Timeline(clock);
    await setup('policies:\n  default: { approval: group, approvers: ["@data-oncall"], expiresAfter: 30m }\n', {
      clock,
      home: { gapMs: GAP, spacingMs: SPACING, sleep: timeline.sleep },
      // Bob alone approves: each request concerns its requester and him.
      groups: { S0ONCALL: [BOB.user] },
    });
    const start = clock.now().getTime();
    // Four requesters open their Home, two at each replica; Bob opens his at a, a little later.
    await openHome(a, ALICE);
    await openHome(a, CAROL);
    await openHome(b, DAVE);
    await openHome(b, ERIN);
    clock.advance(GAP / 2);
    await openHome(a, BOB);
    const opened = publishes().length;
    expect(opened).toBe(5);

    // Each asks at the replica they opened it at: a handles Alice's and Carol's, b Dave's and Erin's.
    const asks: [Harness, { user: string }, string][] = [
      [a, ALICE, JOBS[0]],
      [a, CAROL, JOBS[1]],
      [b, DAVE, JOBS[2]],
      [b, ERIN, JOBS[3]],
    ];
    for (const [at, p, job] of asks) await at.driver.command(`batch-gz job_ids=${job}`, p);
    const ids = await Promise.all(JOBS.map(async (j) => idOf(await approvalOf(j))));
    await idle();
    // Each Home was published at its opening, a gap ago at most: the changes wait for their turn.
    expect(publishes()).toHaveLength(opened);
    for (let step = 0; step < 100; step++) {
      if (!timeline.next()) break;
      await idle();
    }

    const changed = publishes().slice(opened);
    const at = changed.map((c) => c.at - start);
    // Each requester once (a's two and b's two came due together), Bob once per replica (each
    // replica's changes as one).
    expect(changed.map((c) => c.args['user_id']).sort()).toEqual(
      [ALICE, BOB, BOB, CAROL, DAVE, ERIN].map((p) => p.user).sort(),
    );
    // The two replicas together, one publish per spacing: a's and b's never at one moment.
    const sorted = [...at].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]! - sorted[i - 1]!, `${sorted}`).toBeGreaterThanOrEqual(SPACING);
    expect(sorted[0]).toBeGreaterThanOrEqual(GAP);
    // One person's publishes, at either replica, a gap apart, their opening's included.
    for (const p of [ALICE, BOB, CAROL, DAVE, ERIN]) {
      const times = publishesTo(p.user).map((c) => c.at);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, p.user).toBeGreaterThanOrEqual(GAP);
    }
    // Each Home shows all it waited for: Bob's the four requests, each requester's their own.
    for (const id of ids) expect(under(homeOf(BOB.user), '等待您审批')).toContain(id);
    asks.forEach(([, p], i) => expect(under(homeOf(p.user), 'Your requests')).toContain(ids[i]));
    // The metric counts what each replica published: 3 at a (Alice, Carol, Bob), 3 at b.
    expect(await counted(a, { reason: 'changed', outcome: 'ok' })).toBe(3);
    expect(await counted(b, { reason: 'changed', outcome: 'ok' })).toBe(3);
    expect((await counted(a, { reason: 'opened' })) + (await counted(b, { reason: 'opened' }))).toBe(5);
  });
});
