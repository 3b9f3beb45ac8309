/**
 * Alert storms in real time (docs/SPEC.md §4, alert threads): the bot with its default reply
 * queue (one chat.postMessage per channel per second, Retry-After in seconds, a digest past 10
 * waiting replies) against a fake Slack that enforces one post per channel per second and answers
 * faster posts 429 with Retry-After: 1.
 *
 * - storm: 500 alerts about 100 jobs in two channels, sent as fast as the bot acks them: the drain
 *   time (first alert → every alert answered), posts, 429s and Retry-After violations;
 * - steady: `steady` distinct alerts in one channel with digests off: the achieved post rate
 *   against the allowed one (1/s).
 *
 * Run on its own: `npx tsx bench/alert-burst.ts` (about half a minute).
 */
import { startTencentEmulator } from '../src/providers/tencent-batch/emulator.ts';
import { DEFAULT_REPLIES } from '../src/core/timings.ts';
import { eventually } from '../test/support/driver.ts';
import { FakeSlack, type Message } from '../test/support/fake-slack.ts';
import { startHarness } from '../test/support/harness.ts';

const creds = { secretId: 'AKIDBENCHBURST', secretKey: 'fake-bench-key' };

export interface BurstResult {
  alerts: number;
  channels: number;
  /** First alert sent → every alert answered (a reply or a digest line), ms. */
  drainMs: number;
  /** Longest ack of an alert event, ms. */
  maxAckMs: number;
  posts: number;
  digests: number;
  rateLimited: number;
  violations: number;
}

export interface SteadyResult {
  posts: number;
  /** First post → last post, per second of it: the achieved rate in one channel. */
  postsPerSecond: number;
  allowedPerSecond: number;
  rateLimited: number;
  violations: number;
}

function yaml(endpoint: string, channels: string[]): string {
  return `targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    endpoint: ${endpoint}
    auth: { secretId: "${creds.secretId}", secretKey: "${creds.secretKey}" }
alerts:
${channels.map((c) => `  - channel: ${c}\n    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'\n    target: batch-gz`).join('\n')}
`;
}

/** How many alerts a bot message answers: its count, or its digest lines' counts. */
function answers(m: Message): number {
  const blocks = JSON.stringify(m.blocks);
  if (blocks.includes('rerun_digest_pick'))
    return [...blocks.matchAll(/"text":"job-[a-z0-9]{8}(?: ×(\d+))?"/g)].reduce((n, x) => n + Number(x[1] ?? 1), 0);
  if (blocks.includes('rerun_alert')) return Number(/Seen (\d+) times/.exec(blocks)?.[1] ?? 1);
  return 0;
}

async function setUp(channels: string[], replies: Partial<typeof DEFAULT_REPLIES>) {
  const emu = await startTencentEmulator(creds);
  const slack = await new FakeSlack().start();
  slack.postPace = { perChannelMs: 1_000, retryAfter: 1, unitMs: 1_000 };
  const h = await startHarness(yaml(emu.url, channels), { LOG_LEVEL: 'warn' }, { slack, replies });
  return {
    h,
    slack,
    async close() {
      await h.close();
      await slack.close();
      await emu.close();
    },
  };
}

export async function alertStorm(alerts = 500, jobs = 100): Promise<BurstResult> {
  const channels = ['C0STORMA', 'C0STORMB'];
  const { h, slack, close } = await setUp(channels, DEFAULT_REPLIES);
  const t0 = performance.now();
  let maxAckMs = 0;
  for (let i = 0; i < alerts; i++) {
    const job = `job-${String(i % jobs).padStart(8, '0')}`;
    const s = performance.now();
    await h.driver.say(channels[(i % jobs) % channels.length]!, { bot_id: 'B0MON', text: `Batch job ${job} failed` });
    maxAckMs = Math.max(maxAckMs, performance.now() - s);
  }
  const answered = () => channels.flatMap((c) => slack.messagesIn(c)).reduce((n, m) => n + answers(m), 0);
  await eventually(() => answered() === alerts, 300_000);
  const drainMs = performance.now() - t0;
  const posted = channels.flatMap((c) => slack.messagesIn(c));
  const result: BurstResult = {
    alerts,
    channels: channels.length,
    drainMs,
    maxAckMs,
    posts: posted.length,
    digests: posted.filter((m) => JSON.stringify(m.blocks).includes('rerun_digest')).length,
    rateLimited: [...slack.rateLimited.values()].reduce((a, b) => a + b, 0),
    violations: slack.paceViolations.length,
  };
  await close();
  return result;
}

export async function steadyRate(n = 20): Promise<SteadyResult> {
  const channel = 'C0STEADY';
  const { h, slack, close } = await setUp([channel], { ...DEFAULT_REPLIES, digestAfter: 1_000_000 });
  for (let i = 0; i < n; i++)
    await h.driver.say(channel, { bot_id: 'B0MON', text: `Batch job job-${String(i).padStart(8, '0')} failed` });
  const stamps: number[] = [];
  await eventually(() => {
    while (stamps.length < slack.messagesIn(channel).length) stamps.push(performance.now());
    return stamps.length === n;
  }, 120_000);
  const seconds = (stamps[n - 1]! - stamps[0]!) / 1000;
  const result: SteadyResult = {
    posts: n,
    postsPerSecond: (n - 1) / seconds,
    allowedPerSecond: 1,
    rateLimited: [...slack.rateLimited.values()].reduce((a, b) => a + b, 0),
    violations: slack.paceViolations.length,
  };
  await close();
  return result;
}

export function printBurst(storm: BurstResult, steady: SteadyResult): void {
  console.log(
    `storm: ${storm.alerts} alerts in ${storm.channels} channels -> all answered in ${(storm.drainMs / 1000).toFixed(1)} s ` +
      `(${storm.posts} messages, ${storm.digests} digests), max ack ${storm.maxAckMs.toFixed(0)} ms, ` +
      `${storm.rateLimited} x 429, ${storm.violations} Retry-After violations -> ${storm.violations === 0 ? 'within' : 'OVER'}`,
  );
  console.log(
    `steady: ${steady.posts} replies in one channel at ${steady.postsPerSecond.toFixed(2)} posts/s of ${steady.allowedPerSecond} allowed ` +
      `(${((100 * steady.postsPerSecond) / steady.allowedPerSecond).toFixed(0)}%), ${steady.rateLimited} x 429, ${steady.violations} violations`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log('# alert storm against a fake Slack enforcing 1 chat.postMessage per channel per second');
  printBurst(await alertStorm(), await steadyRate());
  process.exit(0);
}
