/**
 * The console tells each request's story once (issue 15, item 2): a newcomer's demo session
 * from the ask to the job's final state and `again`, as a transcript. The request's block is
 * printed when it is asked and when it is decided, then one line per change of the job's state,
 * and the final state once; the person's own lines stay readable between them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole, type ConsoleOptions } from '../../src/console/start.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { captureLogger } from '../support/logs.ts';

/** A console whose lines are typed one at a time, each when what came before has been printed. */
function consoleAt(locale: 'en' | 'zh-CN', extra: Partial<ConsoleOptions> = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString()));
  const done = runConsole({
    input,
    output,
    configFile: undefined,
    env: {},
    dataDir: '/nonexistent-because-the-demo-uses-a-throwaway-store',
    locale,
    clock: { now: () => new Date() },
    logger: captureLogger().logger,
    http: createHttpClient(),
    timing: FAST_TIMING,
    // The demo's jobs run about a second and are polled often: the test waits for words, not seconds.
    demoRunMs: 1_000,
    follow: { tickMs: 50, firstMs: [100, 300], everyMs: 300 },
    quitWaitMs: 20_000,
    ...extra,
  });
  return {
    type: (line: string) => input.write(line + '\n'),
    end: () => input.end(),
    printed: () => printed,
    done,
    /** Resolves once `pattern` has been printed (the test's own timeout bounds the wait). */
    async until(pattern: RegExp): Promise<void> {
      while (!pattern.test(printed)) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

interface Words {
  title: string;
  ownRequest: RegExp;
  pendingMine: string;
  pendingAsked: string;
  call: string;
  running: RegExp;
  failedAgain: RegExp;
  again: RegExp;
  bye: string;
}

const WORDS: Record<'en' | 'zh-CN', Words> = {
  en: {
    title: 'Rerun request',
    ownRequest: /Type cancel (rr-[0-9a-f]+) to withdraw it\./,
    pendingMine: 'Waiting for you',
    pendingAsked: 'Your requests',
    call: 'Request approval will send',
    running: /· (rr-[0-9a-f]+): accepted by the provider — running/,
    failedAgain: /↳ (rr-[0-9a-f]+): Rerun rr-[0-9a-f]+: the job failed again/,
    again: /Type: again (rr-[0-9a-f]+)/,
    bye: 'Bye.',
  },
  'zh-CN': {
    title: '重跑请求',
    ownRequest: /如需撤回，请输入 cancel (rr-[0-9a-f]+)。/,
    pendingMine: '等待您审批',
    pendingAsked: '您发起的重跑请求',
    call: '批准后将向云服务发起的调用',
    running: /· (rr-[0-9a-f]+)：/,
    failedAgain: /↳ (rr-[0-9a-f]+): 重跑请求 rr-[0-9a-f]+：/,
    again: /请输入：again (rr-[0-9a-f]+)/,
    bye: '再见。',
  },
};

describe.each(['en', 'zh-CN'] as const)('a newcomer on the demo console (%s)', (locale) => {
  const w = WORDS[locale];

  it('sees the request, its decision, each state change once, the final state once, and asks again', async () => {
    const c = consoleAt(locale);
    c.type('batch-gz job_ids=job-rybewp57,job-97zcl3wt');
    c.type('approve');
    c.type('as bob');
    c.type('pending');
    c.type('approve');
    await c.until(w.failedAgain);
    c.type('as alice');
    c.type('pending');
    c.type('again');
    c.type('quit');
    await c.done;
    const out = c.printed();

    const [first, second] = [
      ...new Set([...out.matchAll(new RegExp(`── ${w.title} (rr-[0-9a-f]+) ──`, 'g'))].map((m) => m[1])),
    ];
    expect(first).toBeDefined();
    // The block: when asked and when decided, never again, however many polls there were.
    expect(count(out, `── ${w.title} ${first} ──`)).toBe(2);
    // The exact call approval will send, credentials redacted.
    expect(out).toContain(w.call);
    expect(out).toContain('X-TC-Action: RetryJobs');
    expect(out).toContain('{"JobIds":["job-rybewp57","job-97zcl3wt"]}');
    expect(out).toContain('[redacted]');
    expect(out).not.toContain('demo-secret-key');
    // A button's words in their console form.
    expect(w.ownRequest.exec(out)?.[1]).toBe(first);
    // pending: bob sees what waits for him; alice what she asked, with where each stands.
    expect(out).toContain(`bob> pending\n${w.pendingMine}\n  ${first}`);
    expect(out).toContain(`alice> pending\n${w.pendingMine}\n`);
    expect(out.slice(out.indexOf('alice> pending'))).toContain(`${w.pendingAsked}\n  ${first}`);
    // Each short line once: no story line is printed twice.
    const storyLines = out.split('\n').filter((l) => l.startsWith(`  · ${first}`));
    expect(storyLines.length).toBeGreaterThan(0);
    expect(new Set(storyLines).size).toBe(storyLines.length);
    // The final state once, with what to type next.
    expect(count(out, `↳ ${first}`)).toBe(1);
    expect(w.failedAgain.exec(out)?.[1]).toBe(first);
    expect(w.again.exec(out)?.[1]).toBe(first);
    // `again` asks for what failed again: only the payments job.
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(count(out, `── ${w.title} ${second} ──`)).toBe(1);
    expect(out.slice(out.indexOf(`── ${w.title} ${second} ──`))).toContain('{"JobIds":["job-97zcl3wt"]}');
    // The prompt names who types; the lines typed show after it.
    expect(out).toContain('alice> batch-gz job_ids=job-rybewp57,job-97zcl3wt');
    expect(out).toContain('bob> approve');
    expect(out.trimEnd().endsWith(w.bye)).toBe(true);
    if (locale === 'zh-CN') expect(out).not.toMatch(/asks to rerun|Waiting for|Your requests|(^|\s)Type:/m);
  });

  it('on quit with a rerun still followed, says so and waits for its final state', async () => {
    const c = consoleAt(locale);
    c.type('ocp-main task=100 subtask=1000');
    c.type('as bob');
    c.type('approve');
    await c.until(/\n {2}✉ alice/);
    c.type('quit');
    await c.done;
    const out = c.printed();
    const id = new RegExp(`── ${w.title} (rr-[0-9a-f]+) ──`).exec(out)?.[1];
    const waiting = locale === 'en' ? `Still following ${id}; waiting up to` : `仍在跟踪 ${id}；最多等待`;
    expect(out).toContain(waiting);
    // The final state came before the console left.
    expect(out.indexOf(`↳ ${id}`)).toBeGreaterThan(out.indexOf(waiting));
    expect(out.indexOf(`↳ ${id}`)).toBeLessThan(out.lastIndexOf(w.bye));
    expect(count(out, `↳ ${id}`)).toBe(1);
  });
});

describe('quit with a real config', () => {
  it('names the reruns still running and says the next start follows them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-console-'));
    const file = join(dir, 'rerun.yml');
    writeFileSync(
      file,
      'targets:\n  team-batch:\n    provider: tencent-batch\n    region: ap-guangzhou\npolicies:\n  default:\n    approval: confirm\n',
    );
    try {
      // The job runs far longer than quit waits.
      const c = consoleAt('en', { configFile: file, dataDir: dir, demoRunMs: 600_000, quitWaitMs: 300 });
      c.type('team-batch job_ids=job-97zcl3wt');
      c.type('approve');
      await c.until(/Accepted by the provider/);
      c.type('pending');
      c.type('quit');
      await c.done;
      const out = c.printed();
      const id = /── Rerun request (rr-[0-9a-f]+) ──/.exec(out)?.[1];
      expect(out).toMatch(
        new RegExp(`Your requests\\n  ${id} on team-batch, asked by alice .*: accepted by the provider`),
      );
      expect(out).toContain(`Still following ${id}; waiting up to 0 seconds`);
      expect(out).toContain(`${id} has not finished yet; the bot follows it again at the next start.`);
      expect(out).not.toContain(`↳ ${id}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
