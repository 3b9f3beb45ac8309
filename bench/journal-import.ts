/**
 * Upgrading a large old install: the built bot (the image's CMD, `node <flags> dist/main.js`) starts on a
 * data directory holding only the journal of the version before SQLite — 100,000 requests,
 * uncompacted, about 670 MB — and imports it at start. Measured with `/usr/bin/time -v` around the
 * process: its peak RSS over the whole import (the footprint bar is < 150 MB idle), the time until it
 * answers /healthz, and the store's row counts afterwards.
 *
 * `npx tsx bench/journal-import.ts` alone, or `BENCH_ONLY=journal npm run bench`. Knobs:
 * BENCH_JOURNAL_REQUESTS (100000), BENCH_JOURNAL_BYTES_PER_REQUEST (7100). Needs about 2 GB of disk.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JOURNAL } from '../src/store/journal-import.ts';
import { DB_FILE } from '../src/store/sqlite.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { childBotEnv } from '../test/support/harness.ts';
import { freePort } from '../test/support/ports.ts';
import { writeOldJournal } from '../test/store/old-journal.ts';
import { imageNodeFlags } from '../test/support/image.ts';
import { buildDist } from './footprint.ts';

export interface JournalImportResult {
  requests: number;
  journalMb: number;
  lines: number;
  /** From spawn to the first 200 from /healthz: the import happens before the server listens. */
  startupS: number;
  /** `Maximum resident set size` reported by /usr/bin/time -v for the bot's process, start-up included. */
  peakRssMb: number;
  /** The bot's peak RSS (VmHWM) when it logged the import done: the import's own footprint. */
  importPeakRssMb: number;
  /** The bot's RSS after the import, idle for a few seconds (the footprint bar's measure). */
  idleRssMb: number;
  stored: { requests: number; audit: number };
}

/** A figure of /proc/<pid>/status, in kB (VmRSS now, VmHWM the peak so far). */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

/** The bot's pid: /usr/bin/time's one child. */
function childOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  return Number(children[0]);
}

export async function journalImport(requests = 100_000, bytesPerRequest = 7_100): Promise<JournalImportResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-journal-bench-'));
  const slack = await new FakeSlack().start();
  try {
    writeFileSync(
      join(dir, 'rerun.yml'),
      'targets:\n  t1:\n    provider: tencent-batch\n    region: ap-guangzhou\n    auth: { secretId: fake-id, secretKey: fake-key }\n',
    );
    const port = await freePort();
    const env = childBotEnv(slack.apiUrl, port, dir);
    const dataDir = env['RERUN_DATA_DIR'] as string;
    mkdirSync(dataDir);
    const journal = writeOldJournal(join(dataDir, JOURNAL), { requests, bytesPerRequest });
    const out = buildDist();
    const t0 = performance.now();
    const timed = spawn('/usr/bin/time', ['-v', process.execPath, ...imageNodeFlags(), join(out, 'main.js')], {
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let report = '';
    timed.stderr.on('data', (d: Buffer) => (report += d.toString()));
    // The peak so far when the import is logged done, before the Slack stack is loaded.
    let importPeakKb = NaN;
    let logs = '';
    timed.stdout.on('data', (d: Buffer) => {
      logs += d.toString();
      if (Number.isNaN(importPeakKb) && logs.includes('imported the older journal')) {
        importPeakKb = statusKb(childOf(timed.pid as number), 'VmHWM');
        logs = '';
      } else logs = logs.slice(-200);
    });
    const exited = new Promise<void>((resolve) => timed.on('close', () => resolve()));
    let startupS = NaN;
    while (Number.isNaN(startupS)) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) startupS = (performance.now() - t0) / 1000;
      } catch {
        // still importing: the server listens once the store is open
      }
      if (timed.exitCode !== null) throw new Error(`the bot exited during the import:\n${report}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const bot = childOf(timed.pid as number);
    await new Promise((r) => setTimeout(r, 3000));
    const idleKb = statusKb(bot, 'VmRSS');
    process.kill(bot, 'SIGTERM');
    await exited;
    const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? NaN);
    const db = new Database(join(dataDir, DB_FILE), { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const stored = { requests: count('requests'), audit: count('audit') };
    db.close();
    return {
      requests,
      journalMb: journal.bytes / 1024 / 1024,
      lines: journal.lines,
      startupS,
      peakRssMb: kb / 1024,
      importPeakRssMb: importPeakKb / 1024,
      idleRssMb: idleKb / 1024,
      stored,
    };
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printJournalImport(r: JournalImportResult): void {
  console.log(
    `${r.requests} requests, ${r.journalMb.toFixed(0)} MB, ${r.lines} lines: imported and serving after ` +
      `${r.startupS.toFixed(1)} s, peak RSS ${r.importPeakRssMb.toFixed(1)} MB by the end of the import and ` +
      `${r.peakRssMb.toFixed(1)} MB with start-up, idle RSS after ${r.idleRssMb.toFixed(1)} MB; stored ${r.stored.requests} requests, ` +
      `${r.stored.audit} audit entries`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const env = (k: string, d: number) => Number(process.env[`BENCH_${k}`] ?? d);
  printJournalImport(await journalImport(env('JOURNAL_REQUESTS', 100_000), env('JOURNAL_BYTES_PER_REQUEST', 7_100)));
}
