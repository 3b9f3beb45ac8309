/**
 * The text an alert carries (src/slack/alert-text.ts), from message shapes monitoring apps post:
 * legacy attachments with fields, Block Kit only (whose `text` is Slack's placeholder), blocks
 * inside attachments, rich_text with its nested parts, context blocks. Hostile shapes read as
 * nothing, never as a crash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertText, MAX_ALERT_TEXT_CHARS } from '../../src/slack/alert-text.ts';

const PLACEHOLDER = "This content can't be displayed.";

describe('the text of an alert', () => {
  it('reads attachment fields, title and value, next to the rest of the attachment', () => {
    const text = alertText({
      text: '',
      attachments: [
        {
          color: 'danger',
          pretext: 'Monitor triggered',
          author_name: 'Datadog',
          title: 'Batch job failed',
          fields: [
            { title: 'Job', value: 'job-rybewp57', short: true },
            { title: 'Region', value: 'ap-guangzhou', short: true },
          ],
          footer: 'datadog',
          fallback: 'Batch job failed',
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      'Monitor triggered',
      'Datadog',
      'Batch job failed',
      'Job',
      'job-rybewp57',
      'Region',
      'ap-guangzhou',
      'datadog',
      'Batch job failed',
    ]);
  });

  it('reads rich_text as Slack shows it: sections, lists, quotes and code, links by their words, emoji skipped', () => {
    const text = alertText({
      text: PLACEHOLDER,
      blocks: [
        {
          type: 'rich_text',
          block_id: 'r1',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'emoji', name: 'rotating_light' },
                { type: 'text', text: ' Batch job ' },
                { type: 'text', text: 'job-rybewp57', style: { code: true } },
                { type: 'text', text: ' failed, see ' },
                { type: 'link', url: 'https://console.example/job?id=job-97zcl3wt', text: 'the console' },
                { type: 'text', text: ' cc ' },
                { type: 'user', user_id: 'U0ONCALL' },
                { type: 'text', text: ' in ' },
                { type: 'channel', channel_id: 'C0INC' },
              ],
            },
            {
              type: 'rich_text_list',
              style: 'bullet',
              elements: [
                { type: 'rich_text_section', elements: [{ type: 'text', text: 'node: worker-3' }] },
                {
                  type: 'rich_text_section',
                  elements: [{ type: 'link', url: 'https://runbook.example/batch' }],
                },
              ],
            },
            { type: 'rich_text_quote', elements: [{ type: 'text', text: 'exit code 137' }] },
            { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'OOMKilled' }] },
            {
              type: 'rich_text_section',
              elements: [
                { type: 'date', timestamp: 1732239754, format: '{date_short}', fallback: 'Nov 22 2024' },
                { type: 'broadcast', range: 'here' },
                { type: 'usergroup', usergroup_id: 'S0DATA' },
              ],
            },
          ],
        },
      ],
    });
    expect(text.split('\n')).toEqual([
      PLACEHOLDER,
      ' Batch job job-rybewp57 failed, see the console cc <@U0ONCALL> in <#C0INC>',
      'https://console.example/job?id=job-97zcl3wt',
      'node: worker-3',
      'https://runbook.example/batch',
      'exit code 137',
      'OOMKilled',
      'Nov 22 2024<!here><!subteam^S0DATA>',
    ]);
    expect(text).toMatch(/Batch job (?<job_ids>job-[a-z0-9]{8}) failed/);
  });

  it('reads context blocks (not their images), headers, markdown blocks, and blocks inside attachments', () => {
    const text = alertText({
      text: PLACEHOLDER,
      attachments: [
        {
          color: '#f00',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Alert firing' } },
            {
              type: 'section',
              text: { type: 'mrkdwn', text: '*Batch job job-rybewp57 failed*' },
              fields: [{ type: 'mrkdwn', text: '*Severity*\ncritical' }],
            },
          ],
        },
      ],
      blocks: [
        {
          type: 'context',
          elements: [
            { type: 'image', image_url: 'https://grafana.example/i.png', alt_text: 'job-zzzzzzzz' },
            { type: 'mrkdwn', text: 'job job-97zcl3wt broke' },
            { type: 'plain_text', text: 'Grafana' },
          ],
        },
        { type: 'markdown', text: '**job-aaaa1111** failed' },
        { type: 'divider' },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'job-bbbb2222' } }] },
      ],
    });
    expect(text.split('\n')).toEqual([
      PLACEHOLDER,
      'Alert firing',
      '*Batch job job-rybewp57 failed*',
      '*Severity*',
      'critical',
      'job job-97zcl3wt broke',
      'Grafana',
      '**job-aaaa1111** failed',
    ]);
  });

  it('reads what is read today: text, pretext, title, text, fallback and section blocks', () => {
    expect(
      alertText({
        text: 'top',
        attachments: [{ pretext: 'p', title: 't', text: 'x', fallback: 'f' }],
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 's' } }],
      }).split('\n'),
    ).toEqual(['top', 'p', 't', 'x', 'f', 's']);
  });

  it('reads hostile or odd shapes as nothing, and caps what it reads', () => {
    const odd = [
      null,
      1,
      'a string block',
      [],
      { type: 'rich_text', elements: 'not a list' },
      { type: 'rich_text', elements: [null, { type: 'rich_text_section', elements: [null, 7, { type: 'text' }] }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 42 }] },
      { type: 'section', text: { text: { nested: true } }, fields: {} },
    ];
    expect(alertText({ text: 5, attachments: { not: 'a list' }, blocks: odd })).toBe('');
    expect(alertText({ attachments: [null, 'x', { fields: [null, { title: 3 }] }] })).toBe('');
    const huge = alertText({ text: 'x'.repeat(MAX_ALERT_TEXT_CHARS), attachments: [{ text: 'y'.repeat(1000) }] });
    expect(huge).toHaveLength(MAX_ALERT_TEXT_CHARS);
  });

  it('never throws on any JSON a payload may hold, and returns capped text (500 runs)', () => {
    // Blocks and attachments that look like Slack's (known types, nested elements) or are anything.
    const element = fc.record(
      {
        type: fc.constantFrom('text', 'link', 'user', 'emoji', 'date', 'rich_text_section', 'mrkdwn', 'image'),
        text: fc.oneof(fc.string(), fc.jsonValue()),
        url: fc.oneof(fc.webUrl(), fc.jsonValue()),
        elements: fc.jsonValue(),
      },
      { requiredKeys: ['type'] },
    );
    const block = fc.oneof(
      fc.jsonValue(),
      fc.record({
        type: fc.constantFrom('section', 'header', 'context', 'rich_text', 'markdown', 'actions'),
        text: fc.oneof(fc.string(), fc.jsonValue()),
        fields: fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue()),
        elements: fc.array(
          fc.oneof(element, fc.record({ type: fc.constant('rich_text_list'), elements: fc.array(element) })),
        ),
      }),
    );
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.oneof(fc.array(block), fc.jsonValue()),
        fc.jsonValue(),
        (text, blocks, attachments) => {
          const out = alertText({
            text,
            blocks,
            attachments: Array.isArray(attachments) ? [...attachments, { blocks }] : attachments,
          });
          expect(typeof out).toBe('string');
          expect(out.length).toBeLessThanOrEqual(MAX_ALERT_TEXT_CHARS);
        },
      ),
      { numRuns: 500 },
    );
  });
});
