/**
 * The same delivery twice (a double tap, a proxy that retries, Slack's own redelivery) is
 * acknowledged both times and acted on once; a form corrected after errors is not mistaken for
 * a repeat. And /readyz follows the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TencentEmulator } from '../../src/providers/tencent-batch/emulator.ts';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { startTencentBot } from '../support/tencent-bot.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };

describe('duplicate deliveries', () => {
  let emu: TencentEmulator;
  let h: Harness;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ emu, h, close } = await startTencentBot({ secrets: 'env', ratePerSecond: 100 }));
  });
  afterAll(() => close());

  const messageAbout = (job: string) =>
    eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => FakeSlack.textOf(m).includes(job)));
  const retries = (job: string) => emu.retryCalls.filter((c) => c.includes(job));

  it('acts once on a click delivered twice at the same moment, and answers the repeat silently', async () => {
    emu.addJob('job-dupclick', 'FAILED');
    await h.driver.command('batch-gz job_ids=job-dupclick', ALICE);
    const msg = await messageAbout('job-dupclick');
    const told = h.slack.callsOf('chat.postEphemeral').length;
    const body = h.driver.clickBody(msg, 'rerun_approve', BOB);
    const [first, again] = await Promise.all([h.driver.post(body), h.driver.post(body)]);
    expect([first.status, again.status]).toEqual([200, 200]);
    await messageSaying(h.slack, msg.ts, 'Accepted');
    expect(retries('job-dupclick')).toHaveLength(1);
    // No "already running" for Bob: his one click was acted on once and the repeat said nothing.
    expect(h.slack.callsOf('chat.postEphemeral').slice(told)).toHaveLength(0);
    const id = /rr-[0-9a-f]+/.exec(msg.text)?.[0] as string;
    expect((await h.store.auditOf(id)).filter((a) => a.event === 'approved')).toHaveLength(1);
    // The same click again minutes later (a late retry) changes nothing either.
    expect((await h.driver.post(body)).status).toBe(200);
    expect(retries('job-dupclick')).toHaveLength(1);
  });

  it('acts once on a form submission delivered twice', async () => {
    emu.addJob('job-dupform1', 'FAILED');
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
    const body = h.driver.submitViewBody(viewId, { target: 'batch-gz', 'f:job_ids': 'job-dupform1' }, ALICE);
    const [first, again] = await Promise.all([h.driver.post(body), h.driver.post(body)]);
    expect([first.status, again.status]).toEqual([200, 200]);
    // Neither delivery is answered with errors or a refusal ("already in request …").
    expect([first.json?.['response_action'], again.json?.['response_action']]).not.toContain('errors');
    await messageAbout('job-dupform1');
    // The repeat was recognised by its view id, hash and values, and never reached the core.
    expect(h.logs.lines.filter((l) => l.includes('duplicate delivery') && l.includes(`view:${viewId}:`))).toHaveLength(
      1,
    );
    const requests = (await h.store.list({ limit: 50 })).filter((r) => JSON.stringify(r.raw).includes('job-dupform1'));
    expect(requests).toHaveLength(1);
    expect(h.slack.messagesIn('C0INCIDENT').filter((m) => FakeSlack.textOf(m).includes('job-dupform1'))).toHaveLength(
      1,
    );
  });

  it('takes a form corrected after errors, though Slack keeps its hash', async () => {
    emu.addJob('job-fixform1', 'FAILED');
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', 'batch-gz', ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:job_ids'));
    const bad = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': 'not-a-job' }, ALICE);
    expect(bad.json?.['response_action']).toBe('errors');
    const hash = (h.slack.views.get(viewId) as { hash: string }).hash;
    const good = await h.driver.submitView(viewId, { target: 'batch-gz', 'f:job_ids': 'job-fixform1' }, ALICE);
    expect((h.slack.views.get(viewId) as { hash: string }).hash).toBe(hash);
    expect(good.json?.['response_action']).not.toBe('errors');
    await messageAbout('job-fixform1');
  });

  it('remembers an event id, so a redelivered event is recognised', async () => {
    const event = {
      token: 'deprecated-verification-token',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: 'Ev0DUPLICATE1',
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', user: 'U0ALICE', text: 'hello', ts: '1.000100', channel: 'C0INCIDENT' },
    };
    const body = JSON.stringify(event);
    expect((await h.driver.post(body, { contentType: 'application/json' })).status).toBe(200);
    expect((await h.driver.post(body, { contentType: 'application/json' })).status).toBe(200);
    expect(h.logs.lines.some((l) => l.includes('duplicate delivery') && l.includes('Ev0DUPLICATE1'))).toBe(true);
    expect(await h.bot.core.firstDelivery('event:Ev0DUPLICATE1', 60_000)).toBe(false);
  });

  it('answers /readyz with 503 once the store is gone', async () => {
    expect((await fetch(`${h.driver.botUrl}/readyz`)).status).toBe(200);
    await h.store.close();
    const ready = await fetch(`${h.driver.botUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/store/);
  });
});
