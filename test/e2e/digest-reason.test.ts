/**
 * A digest's Rerun selected… (issue 19 item 4): the form's Reason is prefilled from the alerts
 * picked, as an alert's own Rerun… prefills it: one alert's title and Slack's link to it; several
 * alerts' titles, each once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../support/driver.ts';
import type { Message } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { PEER_POLICIES, startTencentBot } from '../support/tencent-bot.ts';

const CH = 'C0ALERTS';
const REST = `${PEER_POLICIES}alerts:
  - channel: "#alerts-batch"
    match: 'Batch job (?<job_ids>job-[a-z0-9]{8}) failed'
    target: batch-gz
`;

describe("a digest's Rerun selected…", () => {
  let h: Harness;
  let close: () => Promise<void>;
  const JOBS = ['job-dig00001', 'job-dig00002', 'job-dig00003', 'job-dig00004', 'job-dig00005'];

  beforeEach(async () => {
    ({ h, close } = await startTencentBot({
      rest: REST,
      jobs: JOBS.map((job) => [job, 'FAILED'] as [string, string]),
      // One post a second in the channel: the alerts back up past two and fold into a digest.
      replies: { paceMs: 1_000, digestAfter: 2, tickMs: 100 },
    }));
    h.slack.addChannel(CH, { kind: 'public', name: 'alerts-batch' });
  });
  afterEach(() => close());

  const isDigest = (m: Message | Record<string, unknown>) => JSON.stringify(m['blocks'] ?? []).includes('rerun_digest');

  it("prefills the Reason from the alerts picked: one alert's title and link, several alerts' titles", async () => {
    const said = new Map<string, string>();
    for (const job of JOBS)
      said.set(job, (await h.driver.say(CH, { bot_id: 'B0MONITOR', text: `Batch job ${job} failed` })).ts);
    const digest = await eventually(() => h.slack.messagesIn(CH).find((m) => isDigest(m)), 20_000);
    const select = (digest.blocks as { block_id: string; elements?: Record<string, unknown>[] }[]).find((b) =>
      b.elements?.some((e) => e['action_id'] === 'rerun_digest_pick'),
    )!;
    const options = select.elements![0]!['options'] as { value: string; text: { text: string } }[];
    const jobOf = (o: { text: { text: string } }) => JOBS.find((j) => o.text.text.includes(j)) as string;
    const pick = async (picked: typeof options) => {
      const views = h.slack.views.size;
      const state = {
        [select.block_id]: {
          rerun_digest_pick: { type: 'multi_static_select', selected_options: picked.map((o) => ({ value: o.value })) },
        },
      };
      await h.driver.click(digest, 'rerun_digest', { user: 'U0ALICE' }, state);
      const viewId = await eventually(
        () => [...h.slack.views.entries()].slice(views).find(([, v]) => JSON.stringify(v).includes('f:job_ids'))?.[0],
      );
      return eventually(() => {
        const reason = (h.driver.view(viewId)['blocks'] as Record<string, unknown>[]).find(
          (b) => b['block_id'] === 'reason',
        );
        return (reason?.['element'] as { initial_value?: string } | undefined)?.initial_value;
      });
    };
    const [one, two] = options.map(jobOf);
    const ts = said.get(one as string) as string;
    expect(await pick(options.slice(0, 1))).toBe(
      `Batch job ${one} failed https://fake.slack.test/archives/${CH}/p${ts.replace('.', '')}`,
    );
    expect(await pick(options.slice(0, 2))).toBe(`Batch job ${one} failed; Batch job ${two} failed`);
  });
});
