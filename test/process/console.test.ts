/**
 * `npm start` with no Slack variables and piped input, as a newcomer runs it: the console, the
 * demo configuration and the built-in emulators, from a request to a peer's approval to the outcome.
 * (Its other cases are in console-zh.test.ts and console-config.test.ts, so the three run at once.)
 */
import { describe, expect, it } from 'vitest';
import { npmStart } from '../support/npm-start.ts';

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
});
