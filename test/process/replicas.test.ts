/**
 * Two bot processes sharing one PostgreSQL database, as two replicas behind a load balancer:
 * a request asked at one is approved at the other; 50 concurrent clicks across both (some of
 * them the same delivery twice) make one provider call; a replica killed at the worst moments
 * (between the claim and the answer, with calls waiting for the pace, in the middle of posting)
 * leaves work the other takes over when its lease runs out, and nothing is sent twice; the
 * sweeper expires a request nobody clicked; SIGTERM drains and answers /readyz with 503.
 *
 * Exactly once towards Slack under SIGKILL (issue 17): the posting replica is killed at the worst
 * moment, after Slack posted its message and before its answer came back (the fake Slack posts,
 * then holds the answer); the other replica takes the post over once its hold runs out, looks,
 * adopts the message, and posts nothing again, for the approval request and for the final reply.
 *
 * Leases are short here (RERUN_LEASE_MS) so a takeover comes within seconds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTencentEmulator, type TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { killBot, startBotProcess, type ChildBot } from '../support/child-bot.ts';
import { TENCENT_CREDS } from '../support/core.ts';
import { eventually, messageSaying, SlackDriver } from '../support/driver.ts';
import { FakeSlack, type Message } from '../support/fake-slack.ts';
import { SIGNING_SECRET, childBotEnv } from '../support/harness.ts';
import { freePort } from '../support/ports.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';

const LEASE_MS = 1500;

interface Replica {
  name: string;
  env: Record<string, string>;
  bot: ChildBot;
  driver: SlackDriver;
}

/** A gate a test opens when it lets the emulator answer. */
function gate(): { until: Promise<void>; open: () => void; isOpen: () => boolean } {
  let open!: () => void;
  let opened = false;
  const until = new Promise<void>((resolve) => (open = resolve));
  return {
    until,
    open: () => {
      opened = true;
      open();
    },
    isOpen: () => opened,
  };
}

describe('two replicas on one PostgreSQL database', () => {
  let slack: FakeSlack;
  let emu: TencentEmulator;
  let db: TestDatabase;
  let dir: string;
  let a: Replica;
  let b: Replica;
  /** Reads the shared database as it is (the ledger's rows, a request's state). */
  let sql: pg.Client;

  async function replica(name: string, port?: number): Promise<Replica> {
    const p = port ?? (await freePort());
    const env = {
      ...childBotEnv(slack.apiUrl, p, dir),
      // Each replica its own (unused) data directory: the database is what they share.
      RERUN_DATA_DIR: join(dir, `data-${name}`),
      DATABASE_URL: db.url,
      RERUN_LEASE_MS: String(LEASE_MS),
      RERUN_SWEEP_MS: '200',
      TC_SECRET_ID: TENCENT_CREDS.secretId,
      TC_SECRET_KEY: TENCENT_CREDS.secretKey,
      LOG_LEVEL: 'info',
    };
    const bot = await startBotProcess(env);
    return { name, env, bot, driver: new SlackDriver(bot.url, SIGNING_SECRET, slack) };
  }

  /** Starts a replica again in place of one that was killed, on the same port. */
  async function restart(r: Replica): Promise<Replica> {
    return replica(r.name, Number(r.env['PORT']));
  }

  const messageAbout = (job: string) =>
    eventually(() => slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)), 15_000);
  const retryCallsFor = (job: string) =>
    emu.requests.filter((r) => r.headers['x-tc-action'] === 'RetryJobs' && r.body.includes(job));

  beforeAll(async () => {
    slack = await new FakeSlack().start();
    emu = await startTencentEmulator(TENCENT_CREDS);
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'rerun-replicas-'));
    writeFileSync(
      join(dir, 'rerun.yml'),
      [
        'targets:',
        ...['batch-gz', 'batch-short'].flatMap((id) => [
          `  ${id}:`,
          '    provider: tencent-batch',
          '    region: ap-guangzhou',
          `    endpoint: ${emu.url}`,
          '    timeout: 3s',
          '    auth: { secretId: "${TC_SECRET_ID}", secretKey: "${TC_SECRET_KEY}" }',
        ]),
        'policies:',
        '  batch-short:',
        '    approval: peer',
        '    expiresAfter: 2s',
        '  default:',
        '    approval: peer',
        '',
      ].join('\n'),
    );
    // Started one after the other: the second finds the migrations applied by the first.
    a = await replica('a');
    b = await replica('b');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    for (const r of [a, b]) if (r) await killBot(r.bot, 'SIGKILL');
    await sql?.end();
    await slack?.close();
    await emu?.close();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('approves at one replica a request asked at the other', async () => {
    emu.addJob('job-across01', 'FAILED');
    await a.driver.command('batch-gz job_ids=job-across01', { user: 'U0ALICE' });
    const msg = await messageAbout('job-across01');
    const clicked = await b.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    expect(clicked.status).toBe(200);
    await messageSaying(slack, msg.ts, 'Accepted');
    expect(retryCallsFor('job-across01')).toHaveLength(1);
  });

  it('turns 50 concurrent clicks across both replicas, duplicates among them, into one call', async () => {
    emu.addJob('job-fifty001', 'FAILED');
    await b.driver.command('batch-gz job_ids=job-fifty001', { user: 'U0ALICE' });
    const msg = await messageAbout('job-fifty001');
    const held = gate();
    emu.inject({
      fault: { kind: 'hold', until: held.until },
      match: (r) => r.body.includes('job-fifty001') && r.headers['x-tc-action'] === 'RetryJobs',
    });
    const ephemeralsBefore = slack.callsOf('chat.postEphemeral').length;

    // 40 people click once; 10 of those clicks are delivered twice, the repeat to the other replica.
    const deliveries: { to: Replica; body: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const to = i % 2 ? a : b;
      const body = to.driver.clickBody(msg, 'rerun_approve', { user: `U0APPR${String(i).padStart(2, '0')}` });
      deliveries.push({ to, body });
      if (i < 10) deliveries.push({ to: to === a ? b : a, body });
    }
    const acks = await Promise.all(
      deliveries.map(async (d) => {
        const started = performance.now();
        const reply = await d.to.driver.post(d.body);
        return { status: reply.status, ms: performance.now() - started };
      }),
    );
    // Every click was acknowledged while the provider's answer was still held.
    expect(held.isOpen()).toBe(false);
    expect(acks.map((x) => x.status)).toEqual(deliveries.map(() => 200));
    const ms = acks.map((x) => x.ms).sort((x, y) => x - y);
    console.log(
      `replicas: ${deliveries.length} clicks (10 duplicate deliveries); ` +
        `ack median ${ms[ms.length >> 1]?.toFixed(1)} ms, slowest ${ms.at(-1)?.toFixed(1)} ms`,
    );

    await eventually(() => retryCallsFor('job-fifty001').length > 0, 15_000);
    held.open();
    await messageSaying(slack, msg.ts, 'Accepted', 15_000);
    expect(retryCallsFor('job-fifty001')).toHaveLength(1);
    expect(emu.retryCalls.filter((c) => c.includes('job-fifty001'))).toHaveLength(1);
    // Each of the 39 people whose click did not start the call is told so exactly once; no
    // duplicate delivery produced a second answer.
    await eventually(() => slack.callsOf('chat.postEphemeral').length - ephemeralsBefore >= 39, 15_000);
    const told = slack
      .callsOf('chat.postEphemeral')
      .slice(ephemeralsBefore)
      .map((c) => c.args['user']);
    expect(told).toHaveLength(39);
    expect(new Set(told).size).toBe(39);
  });

  it('stores one of two requests for one job asked at the same moment at the two replicas', async () => {
    emu.addJob('job-samejob1', 'FAILED');
    const [atA, atB] = await Promise.all([
      a.driver.command('batch-gz job_ids=job-samejob1', { user: 'U0ALICE' }),
      b.driver.command('batch-gz job_ids=job-samejob1', { user: 'U0CAROL' }),
    ]);
    await messageAbout('job-samejob1');
    const refusal = await eventually(
      () =>
        [...a.driver.responsesTo(atA.responseId), ...b.driver.responsesTo(atB.responseId)].find((r) =>
          String(r['text']).includes('already in request'),
        ),
      15_000,
    );
    expect(String(refusal['text'])).toContain('job-samejob1');
    expect(
      slack
        .messagesIn('C0INCIDENT')
        .filter((m) => m.text.includes('Rerun request') && FakeSlack.textOf(m).includes('job-samejob1')),
    ).toHaveLength(1);
  });

  it('updates an expired request without anyone clicking, and its job may be asked for again', async () => {
    emu.addJob('job-expire01', 'FAILED');
    await a.driver.command('batch-short job_ids=job-expire01', { user: 'U0ALICE' });
    const msg = await messageAbout('job-expire01');
    const expired = await messageSaying(slack, msg.ts, 'Expired', 15_000);
    expect(JSON.stringify(expired.blocks)).not.toContain('rerun_approve');
    await b.driver.command('batch-short job_ids=job-expire01', { user: 'U0ALICE' });
    await eventually(
      () => slack.messagesIn('C0INCIDENT').filter((m) => FakeSlack.textOf(m).includes('job-expire01')).length === 2,
    );
  });

  it('drains on SIGTERM: /readyz answers 503, the call under way finishes, the process exits 0', async () => {
    emu.addJob('job-drain001', 'FAILED');
    await b.driver.command('batch-gz job_ids=job-drain001', { user: 'U0ALICE' });
    const msg = await messageAbout('job-drain001');
    const held = gate();
    emu.inject({
      fault: { kind: 'hold', until: held.until },
      match: (r) => r.body.includes('job-drain001') && r.headers['x-tc-action'] === 'RetryJobs',
    });
    await b.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await eventually(() => retryCallsFor('job-drain001').length === 1, 15_000);
    process.kill(-(b.bot.child.pid as number), 'SIGTERM');
    await eventually(async () => (await fetch(`${b.bot.url}/readyz`)).status === 503);
    held.open();
    expect(await b.bot.exited).toBe(0);
    await messageSaying(slack, msg.ts, 'Accepted');
    expect(b.bot.output()).toContain('"msg":"stopping"');
    b = await restart(b);
  });

  it('after a SIGKILL between the claim and the answer, the other replica says "outcome unknown" and sends nothing again', async () => {
    emu.addJob('job-killed01', 'FAILED');
    await a.driver.command('batch-gz job_ids=job-killed01', { user: 'U0ALICE' });
    const msg = await messageAbout('job-killed01');
    emu.inject({
      fault: { kind: 'hang' },
      match: (r) => r.body.includes('job-killed01') && r.headers['x-tc-action'] === 'RetryJobs',
    });
    await a.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await eventually(() => retryCallsFor('job-killed01').length === 1, 15_000);
    await killBot(a.bot, 'SIGKILL');
    const final = await messageSaying(slack, msg.ts, 'Outcome unknown', 15_000);
    expect(FakeSlack.textOf(final)).toMatch(/in flight/);
    expect(retryCallsFor('job-killed01')).toHaveLength(1);
    a = await restart(a);
  });

  it('reports calls still waiting for the pace at a SIGKILL as not sent', async () => {
    const jobs = ['job-queued01', 'job-queued02', 'job-queued03', 'job-queued04'];
    const msgs: Awaited<ReturnType<typeof messageAbout>>[] = [];
    for (const job of jobs) {
      emu.addJob(job, 'FAILED');
      await a.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
      msgs.push(await messageAbout(job));
    }
    emu.inject({
      fault: { kind: 'hang' },
      match: (r) => r.headers['x-tc-action'] === 'RetryJobs' && jobs.some((j) => r.body.includes(j)),
      times: 4,
    });
    await Promise.all(msgs.map((m) => a.driver.click(m, 'rerun_approve', { user: 'U0BOB' })));
    // The first call leaves; the others wait for the credential's pace (about 2 calls a second).
    await eventually(() => jobs.some((j) => retryCallsFor(j).length > 0), 15_000);
    await killBot(a.bot, 'SIGKILL');
    const finals = await Promise.all(
      msgs.map((m) => messageSaying(slack, m.ts, (t) => /Outcome unknown|Not sent/.test(t), 15_000)),
    ).catch((err: unknown) => {
      const now = msgs.map((m) => FakeSlack.textOf(slack.messages.get(m.ts)!));
      throw new Error(`${String(err)}\n${now.join('\n---\n')}\n${b.bot.output().slice(-3000)}`);
    });
    const notSent = finals.filter((m) => /Not sent/.test(m.text ?? ''));
    expect(notSent.length).toBeGreaterThan(0);
    jobs.forEach((job, i) => {
      const said = finals[i]?.text ?? '';
      // "Not sent" exactly when the provider never received it.
      expect(/Not sent/.test(said), `${job}: ${said}`).toBe(retryCallsFor(job).length === 0);
    });
    a = await restart(a);
  });

  it('posts a request whose replica died in the middle of posting it', async () => {
    emu.addJob('job-midpost1', 'FAILED');
    slack.failNext('chat.postMessage', { hang: true });
    const posts = slack.callsOf('chat.postMessage').length;
    await a.driver.command('batch-gz job_ids=job-midpost1', { user: 'U0ALICE' });
    await eventually(() => slack.callsOf('chat.postMessage').length > posts, 15_000);
    await killBot(a.bot, 'SIGKILL');
    const msg = await messageAbout('job-midpost1').catch((err: unknown) => {
      throw new Error(`${String(err)}\n${a.bot.output().slice(-2000)}\n${b.bot.output().slice(-3000)}`);
    });
    expect(FakeSlack.textOf(msg)).toContain('Waiting for approval');
    await b.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await messageSaying(slack, msg.ts, 'Accepted');
    expect(retryCallsFor('job-midpost1')).toHaveLength(1);
    a = await restart(a);
  });

  /** The ledger's row of a request's post of `kind`, as the store holds it now. */
  const postRow = async (request: string, kind: string) =>
    (
      await sql.query<{ state: string; ts: string | null; owner: string | null; attempts: number }>(
        'SELECT state, ts, owner, attempts FROM posts WHERE request_id = $1 AND kind = $2',
        [request, kind],
      )
    ).rows[0];
  const storedState = async (request: string) =>
    (await sql.query<{ state: string }>('SELECT state FROM requests WHERE id = $1', [request])).rows[0]?.state;
  const posted = (kind: string, request?: string) => (args: Record<string, unknown>) => {
    const p = (args['metadata'] as { event_payload?: Record<string, unknown> } | undefined)?.event_payload;
    return p?.['kind'] === kind && (request === undefined || p['request'] === request);
  };
  const idOf = (m: { text: string }) => /rr-[0-9a-f]+/.exec(m.text)?.[0] as string;

  it('SIGKILL after Slack posted the approval request, before its ts was stored: the other replica adopts it, one message, its buttons work', async () => {
    const job = 'job-killpost';
    emu.addJob(job, 'FAILED');
    const aboutJob = (args: Record<string, unknown>) => JSON.stringify(args['blocks'] ?? '').includes(job);
    slack.failWhen('chat.postMessage', (args) => posted('request')(args) && aboutJob(args), { postThenHang: true });
    const looks = slack.callsOf('conversations.history').length;
    await a.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
    // Slack has posted it; its answer is held: the worst moment to die.
    const msg = await messageAbout(job);
    const id = idOf(msg);
    expect((await postRow(id, 'request'))?.state).toBe('posting');
    await killBot(a.bot, 'SIGKILL');

    // Once the dead replica's hold runs out, the other's sweeper looks, finds and adopts it.
    const row = await eventually(async () => {
      const r = await postRow(id, 'request');
      return r?.state === 'posted' ? r : undefined;
    }, 15_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${b.bot.output().slice(-3000)}`);
    });
    expect(row.ts).toBe(msg.ts);
    expect(slack.callsOf('conversations.history').length).toBeGreaterThan(looks);
    const ofJob = () => slack.messagesIn('C0INCIDENT').filter((m) => FakeSlack.textOf(m).includes(job));
    expect(ofJob()).toHaveLength(1);
    expect(slack.callsOf('chat.postMessage').filter((c) => posted('request', id)(c.args))).toHaveLength(1);
    // It shows the stored state: waiting, with live buttons.
    expect(await storedState(id)).toBe('pending');
    expect(FakeSlack.textOf(slack.messages.get(msg.ts) as Message)).toContain('Waiting for approval');

    // A signed click approves it once, and the message says so.
    await b.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    const accepted = await messageSaying(slack, msg.ts, 'Accepted', 15_000);
    expect(JSON.stringify(accepted.blocks)).not.toContain('rerun_approve');
    expect(retryCallsFor(job)).toHaveLength(1);
    expect(await storedState(id)).toMatch(/^(accepted|running)$/);
    expect(ofJob()).toHaveLength(1);
    a = await restart(a);
  });

  it('SIGKILL after Slack posted the final reply, before its ts was stored: the other replica adopts it, one reply in the thread', async () => {
    const job = 'job-killfinl';
    emu.addJob(job, 'FAILED');
    await b.driver.command(`batch-gz job_ids=${job}`, { user: 'U0ALICE' });
    const msg = await messageAbout(job);
    const id = idOf(msg);
    slack.failWhen('chat.postMessage', posted('final', id), { postThenHang: true });
    await a.driver.click(msg, 'rerun_approve', { user: 'U0BOB' });
    await messageSaying(slack, msg.ts, 'Accepted', 15_000);
    emu.finish(job, 'SUCCEED');

    // Whichever replica's follow-up saw the end posts the reply: that one dies with its answer held.
    const finals = () => slack.callsOf('chat.postMessage').filter((c) => posted('final', id)(c.args));
    await eventually(() => finals().length === 1, 20_000);
    const owner = (await postRow(id, 'final'))?.owner;
    const poster = [a, b].find((r) => owner && r.bot.output().includes(`"replica":"${owner}"`));
    if (!poster) throw new Error(`no replica named ${String(owner)} in the logs`);
    const other = poster === a ? b : a;
    await killBot(poster.bot, 'SIGKILL');
    const thread = () => slack.messagesIn('C0INCIDENT').filter((m) => m.thread_ts === msg.ts);
    expect(thread()).toHaveLength(1);

    // A replica that takes the reply up while the dead one's hold on the post is still live finds it
    // held, and tries again when that hold ends (a lease, 1.5 s here); the wait leaves room for a
    // loaded machine.
    const row = await eventually(async () => {
      const r = await postRow(id, 'final');
      return r?.state === 'posted' ? r : undefined;
    }, 40_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${other.bot.output().slice(-3000)}`);
    });
    expect(row.ts).toBe(thread()[0]?.ts);
    expect(other.bot.output()).toContain('a final reply left being given is taken up again');
    // The reply is recorded as given: nothing is due, and no second reply follows.
    const given = async () => {
      const body = (await sql.query<{ body: string }>('SELECT body FROM requests WHERE id = $1', [id])).rows[0]?.body;
      return (JSON.parse(body ?? '{}') as { follow?: { reply?: { state?: string } } }).follow?.reply?.state;
    };
    await eventually(async () => (await given()) === 'given', 15_000);
    expect(thread()).toHaveLength(1);
    expect(FakeSlack.textOf(thread()[0] as Message)).toContain('succeeded');
    // The approval message shows the stored end too, without buttons.
    const shown = await eventually(() => {
      const m = slack.messages.get(msg.ts);
      return m && FakeSlack.textOf(m).includes('succeeded') ? m : undefined;
    });
    expect(JSON.stringify(shown.blocks)).not.toContain('rerun_approve');
    expect(finals()).toHaveLength(1);
    expect(retryCallsFor(job)).toHaveLength(1);
    if (poster === a) a = await restart(a);
    else b = await restart(b);
  });

  it('leaves no lease held once the work is done', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // Once the calls are recorded and the follow-ups polled, every lease is given back. (This
      // used to wait for no request 'running', a state the lifecycle no longer has, and so checked
      // at once, while a poll could still hold its lease.) Only a release clears a lease's owner,
      // so one never given back stays held and the wait fails.
      const held = async () =>
        (await client.query('SELECT count(*)::int AS n FROM requests WHERE lease_owner IS NOT NULL')).rows[0].n;
      await eventually(async () => (await held()) === 0).catch(() => undefined);
      expect(await held()).toBe(0);
    } finally {
      await client.end();
    }
  });
}, 240_000);
