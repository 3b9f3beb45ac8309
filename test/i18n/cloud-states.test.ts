/**
 * The cloud's job states and the bot's request states are two vocabularies (issue 14): a DataArts
 * instance whose state is `running` reads 运行中 (running) in Chinese on every surface that shows a
 * cloud state — the preview, status, a refused item, a follow-up poll — and `fail` reads 运行失败
 * (fail), never a request word such as 执行中 or 云服务拒绝. Rendered through the bot's renderer,
 * for Slack (mrkdwn, plain) and the console.
 */
import { describe, expect, it } from 'vitest';
import { consoleStyle } from '../../src/console/style.ts';
import { coreMsg } from '../../src/core/messages.ts';
import { createI18n } from '../../src/i18n/index.ts';
import { JOB_ZH, REQUEST_ZH } from '../../src/i18n/states.ts';
import { uiMsg } from '../../src/i18n/surface.ts';
import type { Message } from '../../src/lib/message.ts';
import { providerMessages } from '../../src/providers/index.ts';
import { mrkdwnStyle, plainStyle } from '../../src/slack/words.ts';

const renderer = createI18n(providerMessages, () => new Date('2026-11-28T09:00:00Z'));

/** Every place a cloud state is shown, for an instance in `state`. */
function shown(state: string): Message[] {
  return [
    uiMsg('ui.request.item', {
      id: '917567',
      name: 'test_job_name',
      state,
      details: [],
      eligible: false,
      reason: undefined,
      ids: undefined,
    }),
    uiMsg('ui.status.item', { id: '917567', state, detail: undefined }),
    coreMsg('item.state', { id: '917567', state, reason: undefined }),
    coreMsg('item.changed', { state, reason: undefined }),
    coreMsg('follow.item', { id: '917567', state, result: undefined, detail: undefined }),
  ];
}

/** The bot's own words for its requests and jobs: none of them may stand for a cloud state. */
const OURS = [...Object.values(REQUEST_ZH), ...Object.values(JOB_ZH), '执行中'];

describe.each([
  ['running', '运行中 (running)'],
  ['fail', '运行失败 (fail)'],
])('a DataArts instance in state %s, in Chinese', (state, word) => {
  it(`reads ${word} everywhere, never a request word`, () => {
    for (const m of shown(state))
      for (const style of [mrkdwnStyle, plainStyle, consoleStyle]) {
        const text = renderer.render(m, 'zh-CN', style);
        expect(text, `${m.id}`).toContain(word);
        for (const ours of OURS) expect(text, `${m.id} says ${ours}`).not.toContain(ours);
      }
  });

  it('reads the code itself in English', () => {
    for (const m of shown(state)) expect(renderer.render(m, 'en', plainStyle)).toContain(state);
  });
});
