/**
 * 1,000 signed `/rerun` commands at once (issue 17, item 4): 700 `help`, 200 invalid requests and
 * 100 valid ones, each naming its own FAILED job, every command from a person the bot has not met
 * (so no locale is known and every look-up is cold). Against one bot on SQLite, and against two
 * replicas on one PostgreSQL database (commands alternating between them, as a load balancer
 * would). Every command is acknowledged with the right content (what is said at once, or nothing
 * when the answer follows), every answer that follows arrives, and every valid request is posted,
 * once. How fast the acks are is measured in bench/command-storm.ts, never asserted here.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import type { SlackDriver } from '../support/driver.ts';
import { eventually, type Reply } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { PEER_POLICIES, tencentBotYaml } from '../support/tencent-bot.ts';

const HELP = 700;
const INVALID = 200;
const VALID = 100;
const job = (i: number) => `job-storm${String(i).padStart(4, '0')}`;

type Kind = 'help' | 'invalid' | 'valid';

/** The storm's commands, the valid and invalid ones spread among the help. */
function commands(): { kind: Kind; text: string }[] {
  const out: { kind: Kind; text: string }[] = [];
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < HELP + INVALID + VALID; i++) {
    if (i % 10 === 0 && valid < VALID) out.push({ kind: 'valid', text: `batch-gz job_ids=${job(valid++)}` });
    else if (i % 4 === 1 && invalid < INVALID)
      // A value that is not a job id, and a key the target does not take.
      out.push({ kind: 'invalid', text: invalid++ % 2 ? 'batch-gz job_ids=not!a!job' : 'batch-gz nope=1' });
    else out.push({ kind: 'help', text: 'help' });
  }
  return out;
}

describe('1,000 commands at once', () => {
  let slack: FakeSlack;
  let emu: TencentEmulator;
  const bots: Harness[] = [];
  let db: TestDatabase | undefined;

  afterEach(async () => {
    for (const b of bots.splice(0)) await b.close();
    await slack.close();
    await emu.close();
    await db?.drop();
    db = undefined;
  });

  async function start(replicas: number, env: Record<string, string> = {}): Promise<SlackDriver[]> {
    slack = await new FakeSlack().start();
    emu = await startTencentEmulator(TENCENT_CREDS);
    for (let i = 0; i < VALID; i++) emu.addJob(job(i), 'FAILED');
    const yaml = tencentBotYaml(emu.url, { rest: PEER_POLICIES });
    // One after another: the second replica finds the migrations the first applied.
    for (let r = 0; r < replicas; r++) bots.push(await startHarness(yaml, env, { slack }));
    return bots.map((b) => b.driver);
  }

  /** Sends every command at once; checks each ack, each later answer and the approval requests. */
  async function storm(drivers: SlackDriver[]): Promise<void> {
    const sent = commands();
    const acks: (Reply & { responseId: string })[] = await Promise.all(
      sent.map((c, i) =>
        (drivers[i % drivers.length] as SlackDriver).command(c.text, { user: `U0ST${String(i).padStart(4, '0')}` }),
      ),
    );
    // Every ack arrived, and says what it should: nobody was met before, so a mistake in the
    // command is answered on the response_url (in the person's language), help always is, and a
    // valid request is acknowledged with "Checking…" in English while its preview runs.
    expect(acks.map((a) => a.status)).toEqual(sent.map(() => 200));
    sent.forEach((c, i) => {
      const ack = acks[i] as Reply;
      if (c.kind === 'valid')
        expect([c.text, ack.json]).toEqual([
          c.text,
          { response_type: 'ephemeral', text: 'Checking the current state on `batch-gz`…' },
        ]);
      else expect([c.text, ack.text]).toEqual([c.text, '']);
    });
    // Every answer that follows arrives: help, the mistakes with an example that would work, and
    // each valid request's id once it is posted.
    const responses = () =>
      new Map(
        slack.responses.map((r) => [r.id, String(r.body['text'] ?? '') + JSON.stringify(r.body['blocks'] ?? [])]),
      );
    await eventually(() => {
      const said = responses();
      return acks.every((a, i) =>
        sent[i]?.kind === 'valid'
          ? slack.responses.some((r) => r.id === a.responseId && /rr-/.test(String(r.body['text'])))
          : said.has(a.responseId),
      );
    }, 120_000);
    const said = responses();
    sent.forEach((c, i) => {
      const text = said.get((acks[i] as { responseId: string }).responseId) ?? '';
      if (c.kind === 'help') expect(text).toContain('/rerun batch-gz job_ids=');
      if (c.kind === 'invalid')
        expect([c.text, text]).toEqual([c.text, expect.stringContaining('`/rerun batch-gz job_ids=')]);
    });
    // Every valid request is posted, once, in the channel it was asked in.
    const approvals = slack.messagesIn('C0INCIDENT').filter((m) => m.text.includes('Rerun request'));
    const named = (i: number) => approvals.filter((m) => FakeSlack.textOf(m).includes(job(i)));
    expect(Array.from({ length: VALID }, (_, i) => named(i).length)).toEqual(Array.from({ length: VALID }, () => 1));
    expect(approvals).toHaveLength(VALID);
  }

  it('one bot on SQLite: every ack, every answer, every valid request posted once', { timeout: 180_000 }, async () => {
    await storm(await start(1));
  });

  it('two replicas on PostgreSQL: the same', { timeout: 180_000 }, async () => {
    db = await createTestDatabase('rerun_storm');
    await storm(await start(2, { DATABASE_URL: db.url }));
  });
});
