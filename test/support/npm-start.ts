/**
 * `npm start` as a newcomer runs it, with piped input: only what a fresh shell has (no Slack
 * variables, no config, no data directory) plus `extra`. The console's process tests share it.
 */
import { spawn } from 'node:child_process';

export const ROOT = new URL('../../', import.meta.url).pathname;

export function npmStart(
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
