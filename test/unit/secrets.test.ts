/**
 * The secret registry and its one redaction step (src/lib/secrets.ts), and the two places it is
 * applied: the renderer (every text for Slack or the console) and the bot's logger (every line).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { createRenderer, type SurfaceStyle } from '../../src/i18n/render.ts';
import { defineBundle } from '../../src/lib/message.ts';
import { addSecret, addSecretsOf, redactSecrets } from '../../src/lib/secrets.ts';
import { providers } from '../../src/providers/index.ts';
import { captureLogger } from '../support/logs.ts';

describe('the secret registry', () => {
  it('removes a registered value wherever it is, in its JSON and URL forms too', () => {
    addSecret('fake-unit-secret/with"quote');
    expect(redactSecrets('a fake-unit-secret/with"quote b')).toBe('a [redacted] b');
    expect(redactSecrets(JSON.stringify({ said: 'pw=fake-unit-secret/with"quote' }))).toBe('{"said":"pw=[redacted]"}');
    expect(redactSecrets(`p=${encodeURIComponent('fake-unit-secret/with"quote')}&x=1`)).toBe('p=[redacted]&x=1');
  });

  it('removes a secret that contains another one whole', () => {
    addSecret('fake-inner');
    addSecret('fake-inner-and-outer');
    expect(redactSecrets('x fake-inner-and-outer y fake-inner')).toBe('x [redacted] y [redacted]');
  });

  it('ignores values shorter than 4 characters, which would mangle ordinary words', () => {
    addSecret('abc');
    addSecret('');
    expect(redactSecrets('abc abcd')).toBe('abc abcd');
  });

  it('takes every credential under a target auth when the config is loaded, but not names', () => {
    parseConfig(
      [
        'targets:',
        '  batch-gz:',
        '    provider: tencent-batch',
        '    region: ap-guangzhou',
        "    auth: { secretId: AKIDFAKEUNITTEST, secretKey: '${FAKE_KEY}' }",
      ].join('\n'),
      'rerun.yml',
      { FAKE_KEY: 'fake-unit-key-from-env' },
      providers,
    );
    expect(redactSecrets('AKIDFAKEUNITTEST fake-unit-key-from-env')).toBe('[redacted] [redacted]');
    addSecretsOf({ username: 'fake-user-name', domain: 'fake-domain', password: 'fake-unit-password' });
    expect(redactSecrets('fake-user-name@fake-domain:fake-unit-password')).toBe(
      'fake-user-name@fake-domain:[redacted]',
    );
  });
});

describe('where redaction is applied', () => {
  addSecret('fake-applied-secret');

  it('every rendered text: vendor values before escaping and cutting, and the words', () => {
    const bundle = defineBundle<{ 'test.said': { said: string } }>({
      catalogs: { en: { 'test.said': (p) => `said: ${p.said}` }, 'zh-CN': { 'test.said': (p) => `说：${p.said}` } },
      samples: { 'test.said': { said: 'x' } },
    });
    const style: SurfaceStyle = {
      // Escaping that would hide the secret from a check made after it.
      escape: (s) => s.replace(/-/g, '&#45;'),
      code: (s) => s,
      strong: (s) => s,
      user: (id) => id,
      command: (a) => a,
      date: (at) => at.toISOString(),
    };
    const r = createRenderer([bundle], () => new Date());
    const said = `${'x'.repeat(480)} password=fake-applied-secret`;
    expect(r.render({ id: 'test.said', params: { said } }, 'en', style)).toMatch(/password=\[redacted\]$/);
    expect(r.render({ id: 'test.unknown', params: { said: 'fake-applied-secret' } }, 'en', style)).not.toContain(
      'fake',
    );
  });

  it('every log line, wherever the value sits (message, field, error)', () => {
    const logs = captureLogger();
    logs.logger.warn(
      { err: new Error('echo: fake-applied-secret'), said: 'fake-applied-secret' },
      'fake-applied-secret',
    );
    expect(logs.lines).toHaveLength(1);
    expect(logs.text()).not.toContain('fake-applied-secret');
    expect(logs.text()).toContain('[redacted]');
  });
});
