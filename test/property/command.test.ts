/**
 * Properties of the command grammar (core/command.ts) and of how `/rerun` text is read (core
 * checkText, as commands/rerun.ts answers it): whatever is typed, the reader never throws, every
 * answer is a message of the catalogs, and nothing typed comes back as a live mention or link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, type Command } from '../../src/core/command.ts';
import type { Core } from '../../src/core/compose.ts';
import type { Store } from '../../src/core/ports.ts';
import { uiMsg } from '../../src/i18n/surface.ts';
import { problemsOf } from '../../src/i18n/views.ts';
import type { Message } from '../../src/lib/message.ts';
import { providers } from '../../src/providers/index.ts';
import { openStore } from '../../src/store/open.ts';
import { testCore } from '../support/core.ts';
import { captureLogger } from '../support/logs.ts';
import {
  FOUR_TARGETS,
  hostile,
  huge,
  keyValueSoup,
  knownMessage,
  liveMarkup,
  renderAll,
  words,
} from './arbitraries.ts';

const KINDS = new Set<Command['kind']>(['form', 'help', 'status', 'cancel', 'history', 'request', 'error']);
const TARGETS = ['batch-gz', 'dlf-prod', 'ehpc-hz', 'ocp-main'];
const KEYS = [...new Set(providers.flatMap((p) => p.fields.flatMap((f) => [f.key, ...(f.aliases ?? [])])))];
const WORDS = ['help', '?', 'status', 'cancel', 'history', 'HISTORY', 'Status', ...TARGETS];

/** A command line: a known word or target first (or not), then hostile arguments or a key=value soup. */
const commandText = fc.oneof(
  hostile,
  fc.tuple(fc.constantFrom(...WORDS), hostile).map(([w, rest]) => `${w} ${rest}`),
  fc.tuple(fc.constantFrom(...TARGETS), keyValueSoup(KEYS)).map(([t, soup]) => `${t} ${soup}`),
  fc.tuple(hostile, keyValueSoup(KEYS)).map(([t, soup]) => `${t} ${soup}`),
  // Slack escapes &, < and > in command text before the bot sees it.
  hostile.map((s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')),
);

let store: Store;
let core: Core;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rerun-prop-command-'));
  store = await openStore({ dataDir: dir, logger: captureLogger().logger });
  core = testCore({ yaml: FOUR_TARGETS, store, clock: { now: () => new Date() }, replica: 'prop' }).core;
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What `/rerun <text>` answers without I/O, as commands/rerun.ts builds it (parse, then
 * checkText): the message, or the kind of work it leaves for after the ack.
 */
function immediate(text: string): { message?: Message; later?: string } {
  const cmd = parseCommand(text);
  expect(KINDS.has(cmd.kind), cmd.kind).toBe(true);
  switch (cmd.kind) {
    case 'error':
      return { message: cmd.message };
    case 'request': {
      // An empty head (`"" key=v`) is a request for the target named ``: answered as unknown.
      for (const [k, v] of cmd.pairs) {
        expect(typeof k).toBe('string');
        expect(typeof v).toBe('string');
        expect(k.length).toBeGreaterThan(0);
      }
      const checked = core.checkText(cmd.targetId, cmd.pairs);
      switch (checked.kind) {
        case 'unknown-target':
          return { message: uiMsg('ui.answer.unknownTarget', { target: cmd.targetId, targets: TARGETS }) };
        case 'unreadable':
          return { message: uiMsg('ui.answer.unreadable', { message: checked.message, example: checked.example }) };
        case 'invalid':
          expect(Object.keys(checked.errors).length).toBeGreaterThan(0);
          return {
            message: uiMsg('ui.answer.problems', { problems: problemsOf(checked.errors), example: checked.example }),
          };
        case 'form':
          expect(checked.missing.length).toBeGreaterThan(0);
          return { later: 'form' };
        case 'ok':
          return { message: uiMsg('ui.answer.checking', { target: checked.targetId }) };
      }
      return { later: 'none' };
    }
    default:
      return { later: cmd.kind };
  }
}

/** The answer is a message of the catalogs, renders in both languages, and carries no live markup. */
function assertClearAndInert(m: Message): void {
  expect(knownMessage(m), m.id).toBe(true);
  for (const text of renderAll(m)) {
    expect(text.length).toBeGreaterThan(0);
    // The renderer's fallback for a template that threw shows the id itself.
    expect(text.startsWith(`\`${m.id}\``), text).toBe(false);
  }
  for (const locale of ['en', 'zh-CN'] as const) expect(liveMarkup(words.mrkdwn(m, locale))).toEqual([]);
}

describe('the command grammar (properties)', () => {
  it('parseCommand never throws on arbitrary strings and always gives a command of a known kind (2000 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), hostile),
        (s) => {
          const cmd = parseCommand(s);
          expect(KINDS.has(cmd.kind)).toBe(true);
          if (cmd.kind === 'error') expect(knownMessage(cmd.message)).toBe(true);
          if (cmd.kind === 'status' || cmd.kind === 'cancel') expect(cmd.id).toMatch(/^[A-Za-z0-9-]{1,40}$/);
          if (cmd.kind === 'history') {
            expect(cmd.limit).toBeGreaterThanOrEqual(1);
            expect(cmd.limit).toBeLessThanOrEqual(50);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('/rerun text (words, targets, key=value soups, unicode, escaped markup): a clear, inert answer, never a throw (2000 runs)', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const a = immediate(text);
        if (a.message) assertClearAndInert(a.message);
        else expect(a.later).toBeDefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('huge inputs (up to 100,000 characters) are read and answered without a throw (200 runs)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          huge,
          huge.map((h) => `batch-gz job_ids=${h}`),
          huge.map((h) => `dlf-prod job="${h}"`),
          huge.map((h) => `ocp-main ${h}=1`),
        ),
        (text) => {
          const a = immediate(text);
          if (a.message) {
            assertClearAndInert(a.message);
            // A long value is cut when rendered: the answer stays within what Slack shows.
            expect(words.mrkdwn(a.message, 'en').length).toBeLessThan(40_000);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a value quoted as argsText writes it reads back as the same pairs (1000 runs)', () => {
    const value = hostile.filter((v) => !(v.includes('"') && v.includes("'")) && v.trim() === v && v !== '');
    fc.assert(
      fc.property(fc.constantFrom('job', 'node'), value, (key, v) => {
        const quoted = /[\s"']/.test(v) ? (v.includes('"') ? `'${v}'` : `"${v}"`) : v;
        const cmd = parseCommand(`dlf-prod ${key}=${quoted}`);
        if (cmd.kind !== 'request') return; // & < > entities and curly quotes are normalised by design
        if (/&(lt|gt|amp);|[\u201c-\u201e\u2018\u2019\u00a0]/.test(v)) return;
        expect(cmd.pairs).toEqual([[key, v]]);
      }),
      { numRuns: 1000 },
    );
  });
});
