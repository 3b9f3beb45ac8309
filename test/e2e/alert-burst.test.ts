/**
 * An alert storm over real HTTP (docs/SPEC.md §4): 500 alert messages about 100 failed jobs in two
 * channels, against a fake Slack that allows one chat.postMessage per channel per (compressed)
 * second and answers faster posts 429 with Retry-After. Every alert is answered, in its own
 * thread reply (identical ones counted on it) or in a digest; no post comes before its
 * Retry-After has passed. Slack's second is compressed to UNIT_MS here; bench/alert-burst.ts
 * measures the real-time drain.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import type { Message } from '../support/fake-slack.ts';
import { formContext } from '../support/form-context.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const CHANNELS = ['C0BURSTA', 'C0BURSTB'];
/** Slack's second, compressed. */
const UNIT_MS = 40;
const JOBS = Array.from({ length: 100 }, (_, i) => `job-${String(i).padStart(8, '0')}`);
const ALERTS = 500;
/** Alerts sent at once. */
const BURST = 50;

/** The file after its targets: room for 100 jobs in a request, and the alert rule of each channel. */
const REST = `policies:
  default:
    approval: peer
    maxJobsPerRequest: 100
alerts:
${CHANNELS.map(
  (c) => `  - channel: ${c}
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz`,
).join('\n')}
`;

/** What one bot message answers: per job, how many alerts (a thread reply's count, or a digest's lines). */
function answered(m: Message): Map<string, number> {
  const out = new Map<string, number>();
  const blocks = JSON.stringify(m.blocks);
  if (blocks.includes('rerun_digest_pick')) {
    for (const b of m.blocks as { elements?: { action_id?: string; options?: { text: { text: string } }[] }[] }[])
      for (const e of b.elements ?? [])
        for (const o of e.action_id === 'rerun_digest_pick' ? (e.options ?? []) : []) {
          const [, job = '', n] = /^(\S+?)(?: ×(\d+))?$/.exec(o.text.text) ?? [];
          out.set(job, Number(n ?? 1));
        }
  } else if (blocks.includes('rerun_alert')) {
    const job = /job-\d{8}/.exec(m.text)?.[0] ?? '';
    out.set(job, Number(/Seen (\d+) times/.exec(blocks)?.[1] ?? 1));
  }
  return out;
}

describe('an alert storm', () => {
  let h: Harness;
  let close: () => Promise<void>;

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({
      secrets: 'env',
      rest: REST,
      jobs: JOBS.map((job) => [job, 'FAILED', `etl-${job}`]),
      slack: (slack) => {
        slack.postPace = { perChannelMs: UNIT_MS, retryAfter: 1, unitMs: UNIT_MS, busyAtFirst: true };
      },
      // The bot paces at half Slack's interval here, so Slack has to push back and the bot has to
      // obey; each channel is busy at first, so it does even when a loaded machine posts slowly.
      replies: { paceMs: UNIT_MS / 2, retryAfterUnitMs: UNIT_MS, digestAfter: 10, tickMs: 100 },
    }));
  });
  afterEach(() => close());

  it('answers all 500 alerts about 100 jobs, within Slack’s pace and every Retry-After; a digest lets several be rerun together', async () => {
    const sent = new Map<string, number>();
    // Alerts arrive 50 at a time, faster than Slack lets the bot post them however loaded the
    // machine is, so the queues back up past `digestAfter`, as they do in a real storm.
    for (let first = 0; first < ALERTS; first += BURST) {
      const burst = Array.from({ length: BURST }, (_, k) => first + k).map(async (i) => {
        const job = JOBS[i % JOBS.length]!;
        const channel = CHANNELS[(i % JOBS.length) % 2]!;
        sent.set(job, (sent.get(job) ?? 0) + 1);
        const { reply } = await h.driver.say(channel, { bot_id: 'B0MONITOR', text: `Batch job ${job} failed (#${i})` });
        return reply?.status;
      });
      expect(new Set(await Promise.all(burst))).toEqual(new Set([200]));
    }

    // Every alert counted exactly once across thread replies and digests, once the queue has drained.
    const tally = () => {
      const perJob = new Map<string, number>();
      const seenIn = new Map<string, number>();
      for (const c of CHANNELS)
        for (const m of h.slack.messagesIn(c))
          for (const [job, n] of answered(m)) {
            perJob.set(job, (perJob.get(job) ?? 0) + n);
            seenIn.set(job, (seenIn.get(job) ?? 0) + 1);
          }
      return { perJob, seenIn, total: [...perJob.values()].reduce((a, b) => a + b, 0) };
    };
    const done = await eventually(() => {
      const t = tally();
      return t.total === ALERTS ? t : undefined;
    }, 60_000);
    expect(Object.fromEntries(done.perJob)).toEqual(Object.fromEntries(sent));
    // Each job answered in one place only (its reply, or one digest line).
    expect([...done.seenIn.values()].every((n) => n === 1)).toBe(true);
    expect(h.slack.paceViolations).toEqual([]);
    expect([...h.slack.rateLimited.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    const digests = CHANNELS.flatMap((c) => h.slack.messagesIn(c)).filter((m) =>
      JSON.stringify(m.blocks).includes('rerun_digest'),
    );
    expect(digests.length).toBeGreaterThan(0);
    expect(digests.every((d) => d.thread_ts === undefined)).toBe(true);

    // Rerun selected…: two jobs picked in a digest open one form naming both; its approval goes
    // in the digest's thread.
    const digest = digests[0]!;
    const select = (digest.blocks as { block_id: string; elements?: Record<string, unknown>[] }[]).find((b) =>
      b.elements?.some((e) => e['action_id'] === 'rerun_digest_pick'),
    )!;
    const options = (select.elements![0]!['options'] as { value: string; text: { text: string } }[]).slice(0, 2);
    const picked = options.map((o) => o.text.text.split(' ')[0]!);
    const state = {
      [select.block_id]: {
        rerun_digest_pick: { type: 'multi_static_select', selected_options: options.map((o) => ({ value: o.value })) },
      },
    };
    const views = h.slack.views.size;
    expect((await h.driver.click(digest, 'rerun_digest', { user: 'U0ALICE' }, state)).status).toBe(200);
    const viewId = await eventually(() => {
      const v = [...h.slack.views.entries()].slice(views).find(([, v]) => JSON.stringify(v).includes('f:job_ids'));
      return v?.[0];
    });
    const view = h.driver.view(viewId);
    expect(JSON.stringify(view['blocks'])).toContain(`"initial_value":"${picked.join(',')}"`);
    expect(formContext(view, 'U0ALICE')).toMatchObject({
      channel: digest.channel,
      threadTs: digest.ts,
    });

    // Nothing picked: told so, nothing opened.
    const before = h.slack.views.size;
    await h.driver.click(digest, 'rerun_digest', { user: 'U0ALICE' }, {});
    await eventually(() =>
      h.slack.calls.some(
        (c) => c.method === 'chat.postEphemeral' && String(c.args['text']).includes('Pick at least one job'),
      ),
    );
    expect(h.slack.views.size).toBe(before);
  });
});
