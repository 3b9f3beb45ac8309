/**
 * Nothing Slack waits 3 s for waits on a users.info look-up (issue 18, item 7): a form's
 * submission, an options load and an interaction no listener takes are acknowledged while every
 * Slack answer is held (FakeSlack.hold), so the ack could not have waited for one. The person's
 * language travels sealed in the form (form-seal.ts): a form opened at one replica and submitted
 * at another, which never met the person, answers in the person's language with no look-up.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { formContext, sealFor } from '../support/form-context.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import type { MovableClock } from '../support/clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/postgres.ts';
import { startTencentBot, tencentBotYaml } from '../support/tencent-bot.ts';

/** A person whose Slack speaks Simplified Chinese. */
const LI = { user: 'U0LI' };
const JOB = 'job-aaaa1111';
const REST =
  'policies:\n  default: { approval: peer, breakGlass: true, reasonPattern: "^INC-\\\\d+", expiresAfter: 12h }\n';
const CJK = /[\u4e00-\u9fff]/;

describe('acks that wait on no look-up, and the language sealed in the form', () => {
  let emu: TencentEmulator;
  let a: Harness;
  let clock: MovableClock;
  let close: () => Promise<void>;
  /** A second replica on the same Slack (and bot token): it has never looked the person up. */
  let b: Harness;

  beforeEach(async () => {
    ({
      emu,
      h: a,
      clock,
      close,
    } = await startTencentBot({
      ratePerSecond: 1000,
      jobs: [[JOB, 'FAILED']],
      rest: REST,
      slack: (slack) => slack.locales.set(LI.user, 'zh-CN'),
    }));
    b = await startHarness(tencentBotYaml(emu.url, { rest: REST }), {}, { slack: a.slack, clock });
  });
  afterEach(async () => {
    a.slack.release();
    await b.close();
    await close();
  });

  /** The form LI opened at replica a, the target picked (the job ids still empty). */
  async function formAtA(): Promise<string> {
    const viewId = await a.driver.openForm(LI);
    await a.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', LI);
    await eventually(() => JSON.stringify(a.slack.views.get(viewId)).includes('f:job_ids'));
    return viewId;
  }

  const lookups = () => a.slack.callsOf('users.info').length;

  it('a form opened at one replica and submitted at another while users.info hangs: answered at once, in Chinese', async () => {
    const viewId = await formAtA();
    // Sealed with the language Slack said for the person when the form was filled in.
    expect(formContext(a.driver.view(viewId), LI.user).locale).toBe('zh-CN');
    const before = lookups();
    a.slack.hold();
    const res = await b.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': '' }, LI);
    expect(res.status).toBe(200);
    const errors = (res.json as { response_action: string; errors: Record<string, string> }).errors;
    const said = Object.values(errors).join('\n');
    expect(said).toMatch(CJK);
    // Replica b asked Slack nothing about the person: the form said it all.
    expect(lookups()).toBe(before);

    // A form sealed before the language was carried is still read (not told stale): in English at
    // b, which knows nothing of the person yet and waits for no look-up to learn it.
    const view = a.slack.views.get(viewId) as Record<string, unknown>;
    view['private_metadata'] = sealFor({ channel: 'C0INCIDENT', targetId: 'batch-gz' }, LI.user);
    const old = await b.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': '' }, LI);
    expect(old.json?.['response_action']).toBe('errors');
    expect(JSON.stringify(old.json)).not.toMatch(CJK);
  });

  it('the break-glass form: its errors come back at once while users.info hangs, and at another replica in the sealed language', async () => {
    await a.driver.command(`batch-gz job_ids=${JOB} reason="INC-7 down"`, LI);
    const msg = await eventually(() =>
      a.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(JOB)),
    );
    await a.driver.click(msg, 'rerun_break_glass', LI);
    const viewId = await eventually(
      () => [...a.slack.views.entries()].reverse().find(([, v]) => v['callback_id'] === 'rerun_glass')?.[0],
    );
    expect(formContext(a.driver.view(viewId), LI.user).locale).toBe('zh-CN');
    // An hour on, the person's cached language is due a refresh: still, the ack waits for none.
    clock.advance(61 * 60_000);
    a.slack.hold();
    const bad = await a.driver.submitView(viewId, { reason: 'db is down' }, LI);
    const errors = (bad.json as { errors: Record<string, string> }).errors;
    expect(errors['reason']).toMatch(CJK);
    expect(errors['glass_confirm']).toMatch(CJK);
    // At replica b (another store here: the request is not in it), the form is told stale, in Chinese.
    const elsewhere = await b.driver.submitView(viewId, { reason: 'INC-7', glass_confirm: 'yes' }, LI);
    expect(elsewhere.json?.['response_action']).toBe('update');
    expect(JSON.stringify(elsewhere.json)).toMatch(CJK);
    a.slack.release();
    expect(emu.retryCalls).toHaveLength(0);
  });

  it('an options load and interactions no listener takes are answered while users.info hangs', async () => {
    const viewId = await formAtA();
    a.slack.hold();
    const before = a.slack.answered.length;
    // A form whose context cannot be read: its one option says so, in English (nobody looked up yet at b).
    const view = a.slack.views.get(viewId) as Record<string, unknown>;
    const sealed = view['private_metadata'];
    view['private_metadata'] = 'not a sealed context';
    const stale = await b.driver.suggest(viewId, 'f:job_ids', 'rerun_pick', {}, LI, 'job');
    expect(stale.status).toBe(200);
    expect(JSON.stringify(stale.json)).toMatch(/can no longer be used/);
    view['private_metadata'] = sealed;
    const options = await b.driver.suggest(viewId, 'f:job_ids', 'rerun_pick', {}, LI, 'job');
    expect(options.status).toBe(200);
    expect(options.json).toHaveProperty('options');
    // A button the bot never made, and a form it never opened.
    const click = await b.driver.click(
      {
        channel: 'C0INCIDENT',
        ts: '1800000000.000001',
        blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'rerun_gone', value: 'x' }] }],
      },
      'rerun_gone',
      { user: 'U0NEW' },
    );
    expect(click.status).toBe(200);
    view['callback_id'] = 'rerun_gone';
    const form = await b.driver.submitView(viewId, {}, { user: 'U0NEW' });
    expect(form.json?.['response_action']).toBe('update');
    // Every ack above came while no Slack answer could arrive.
    expect(a.slack.answered.length).toBe(before);
  });
});

describe('two replicas on one PostgreSQL database', () => {
  let emu: TencentEmulator;
  let a: Harness;
  let b: Harness;
  let db: TestDatabase;
  let close: () => Promise<void>;

  beforeEach(async () => {
    db = await createTestDatabase();
    let clock: MovableClock;
    ({
      emu,
      h: a,
      clock,
      close,
    } = await startTencentBot({
      ratePerSecond: 1000,
      jobs: [[JOB, 'FAILED']],
      rest: REST,
      databaseUrl: db.url,
      slack: (slack) => slack.locales.set(LI.user, 'zh-CN'),
    }));
    b = await startHarness(tencentBotYaml(emu.url, { rest: REST }), {}, { slack: a.slack, clock, databaseUrl: db.url });
  });
  afterEach(async () => {
    a.slack.release();
    await b.close();
    await close();
    await db.drop();
  });

  it('a break-glass form opened at one is checked at the other in the sealed language; a slow store does not hold its ack', async () => {
    await a.driver.command(`batch-gz job_ids=${JOB} reason="INC-7 down"`, LI);
    const msg = await eventually(() =>
      a.slack.messagesIn('C0INCIDENT').find((m) => !m.thread_ts && FakeSlack.textOf(m).includes(JOB)),
    );
    await a.driver.click(msg, 'rerun_break_glass', LI);
    const viewId = await eventually(
      () => [...a.slack.views.entries()].reverse().find(([, v]) => v['callback_id'] === 'rerun_glass')?.[0],
    );
    // Replica b reads the request from the shared store and checks the form, in Chinese, asking Slack nothing.
    a.slack.hold();
    const bad = await b.driver.submitView(viewId, { reason: 'db is down' }, LI);
    const errors = (bad.json as { errors: Record<string, string> }).errors;
    expect(errors['reason']).toMatch(CJK);
    expect(errors['glass_confirm']).toMatch(CJK);
    a.slack.release();

    // The requests table locked (a store that does not answer): the ack still comes inside Slack's 3 s.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE requests IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const ok = await b.driver.submitView(viewId, { reason: 'INC-7 paged, nobody up', glass_confirm: 'yes' }, LI);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(ok.status).toBe(200);
      expect(ok.json).toBeUndefined();
      await locker.query('COMMIT');
    } finally {
      await locker.end();
    }
    // Once the store answers, the core decides as it would have: one call.
    await eventually(() => emu.retryCalls.length === 1);
  });
});
