/**
 * For every provider: `/rerun <target> …` text and the form each lead to one correctly signed
 * call (the emulator verifies the signature and executes it), with the provider's preview in
 * the approval message and the outcome in the updated message; and a request the provider's
 * precondition refuses is answered before anything is sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, messageSaying } from '../support/driver.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { PROVIDER_CASES, type RunningCase } from './provider-cases.ts';

const ALICE = { user: 'U0ALICE' };
const BOB = { user: 'U0BOB' };

describe.each(PROVIDER_CASES)('$provider end to end', (c) => {
  let emu: RunningCase;
  let h: Harness;

  beforeEach(async () => {
    emu = await c.start();
    h = await startHarness(`targets:\n${emu.yaml}policies:\n  default: { approval: peer }\n`);
  });
  afterEach(async () => {
    await h.close();
    await emu.close();
  });

  async function approveAndFinish(): Promise<string> {
    const msg = await eventually(() => h.slack.messagesIn('C0INCIDENT').find((m) => m.text.includes('Rerun request')));
    expect(FakeSlack.textOf(msg)).toMatch(c.preview);
    expect(emu.reruns()).toBe(0);
    await h.driver.click(msg, 'rerun_approve', BOB);
    const final = await messageSaying(h.slack, msg.ts, (text) => !/Waiting|sending/.test(text));
    expect(final.text).toMatch(/Accepted by the provider/);
    expect(emu.reruns()).toBe(1);
    return FakeSlack.textOf(final);
  }

  it('from text to one signed call and the outcome in the same message', async () => {
    const ack = await h.driver.command(c.text, ALICE);
    expect(ack.status).toBe(200);
    const final = await approveAndFinish();
    expect(final).toContain('Approved by <@U0BOB>');
  });

  it('from the form to one signed call', async () => {
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', c.target, ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:'));
    const submit = await h.driver.submitView(viewId, { target: c.target, ...c.form }, ALICE);
    expect(submit.status).toBe(200);
    expect(submit.json?.['response_action']).toBeUndefined();
    await approveAndFinish();
  });

  it('answers random form values with inline errors or a request, never a crash', async () => {
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', c.target, ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes('f:'));
    const blocks = (h.slack.views.get(viewId)?.['blocks'] as { block_id?: string }[])
      .map((b) => b.block_id)
      .filter((b): b is string => !!b?.startsWith('f:'));
    const junk = [
      '',
      ' ',
      '0',
      '-1',
      '1e9',
      'true',
      'nope',
      '2024-13-45 25:61',
      '-2h',
      '<!channel>',
      '日报 汇总',
      ',,,',
      'a'.repeat(300),
      '9007199254740993',
      'job-abc',
      '1.scheduler',
    ];
    let seed = 7;
    const pick = () => {
      seed = (seed * 48271) % 2147483647;
      return junk[seed % junk.length] as string;
    };
    for (let i = 0; i < 60; i++) {
      const values: Record<string, string> = { target: c.target };
      for (const b of blocks) values[b] = pick();
      const res = await h.driver.submitView(viewId, values, ALICE);
      expect(res.status).toBe(200);
      if (res.json) expect(res.json['response_action']).toBe('errors');
    }
    expect((await fetch(`${h.driver.botUrl}/healthz`)).status).toBe(200);
  });

  it('refuses what the precondition does not allow, before anything is sent', async () => {
    const ack = await h.driver.command(c.refusedText, ALICE);
    const reply = await eventually(() =>
      h.driver.responsesTo(ack.responseId).find((r) => String(r['text']).includes('Nothing to rerun')),
    );
    expect(String(reply['text']).replace(/`/g, '')).toMatch(c.refused);
    expect(h.slack.callsOf('chat.postMessage')).toHaveLength(0);
    expect(emu.reruns()).toBe(0);
  });
});

describe.each(PROVIDER_CASES.filter((c) => c.pick))('$provider form choices', (c) => {
  let emu: RunningCase;
  let h: Harness;

  beforeEach(async () => {
    emu = await c.start();
    h = await startHarness(`targets:\n${emu.yaml}`);
  });
  afterEach(async () => {
    await h.close();
    await emu.close();
  });

  it('lists choices from the provider for the form', async () => {
    const pick = c.pick as NonNullable<typeof c.pick>;
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', c.target, ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes(pick.block));
    const res = await h.driver.suggest(viewId, pick.block, 'rerun_pick', pick.typed, ALICE);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json?.['options'])).toMatch(pick.shows);
  });

  it("answers within Slack's 3 s even when the provider is slow, offering what was typed", async () => {
    const pick = c.pick as NonNullable<typeof c.pick>;
    const viewId = await h.driver.openForm(ALICE);
    await h.driver.selectInView(viewId, 'rerun_target_select', c.target, ALICE);
    await eventually(() => JSON.stringify(h.slack.views.get(viewId)).includes(pick.block));
    emu.server.inject({ fault: { kind: 'slow', ms: 4000 }, times: 100 });
    const res = await h.driver.suggest(viewId, pick.block, 'rerun_pick', pick.typed, ALICE, 'typed-id-42');
    expect(res.status).toBe(200);
    expect((res.json?.['options'] as { value: string }[])[0]?.value).toBe('typed-id-42');
  });
});
