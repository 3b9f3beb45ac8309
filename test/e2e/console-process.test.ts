/**
 * `npm start` with no Slack variables and piped input, as a newcomer runs it: the console, the
 * demo configuration and the built-in emulators, from a request to a peer's approval to the outcome.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

function npmStart(
  input: string,
  extra: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  // Only what a fresh shell has: no Slack variables, no config, no data directory.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('SLACK_') && !k.startsWith('RERUN_') && k !== 'LOG_LEVEL',
    ),
  );
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...env, ...extra },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

describe('npm start without Slack: the console', () => {
  it('runs a piped session from a request to a peer approval to the outcome, and exits 0', async () => {
    const run = await npmStart('/rerun batch-gz job_ids=job-rybewp57,job-97zcl3wt\napprove\nas bob\napprove\n', {
      LANG: 'en_US.UTF-8',
    });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('rerun-bot console. You are alice.');
    expect(run.out).toContain('alice asks to rerun on batch-gz');
    expect(run.out).toContain('This target runs against a built-in emulator');
    expect(run.out).toContain('You asked for this rerun, and the peer policy needs someone else to approve it');
    expect(run.out).toMatch(/Approved by bob/);
    expect(run.out).toContain('Accepted by the provider');
    expect(run.out.trimEnd().endsWith('Bye.')).toBe(true);
    // The emulators' fake credentials never reach the screen.
    expect(run.out).not.toContain('demo-secret-key');
  }, 60_000);

  it('speaks Chinese on a Chinese terminal', async () => {
    const run = await npmStart('ocp-main task=100 subtask=1000\nas bob\napprove\n', { LANG: 'zh_CN.UTF-8' });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('rerun-bot 控制台');
    expect(run.out).toContain('申请在 ocp-main');
    expect(run.out).toContain('云服务已受理');
  }, 60_000);
});
