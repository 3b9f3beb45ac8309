/**
 * Journals as the version before SQLite wrote them, uncompacted, of any size, written as a stream
 * (the largest is 670 MB: never one string). For the resumable-import test and bench/journal-import.ts.
 * No test runner here: a child process and the bench import it too.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { AuditEntry, RerunRequest } from '../../src/core/model/request.ts';
import { EVENT_TTL_MS } from '../../src/store/journal-import.ts';
import { iso, requestAt, T0 } from './sample.ts';

export interface OldJournalShape {
  requests: number;
  /** Pads each request line so a request takes about this many bytes in all (its lines together). */
  bytesPerRequest?: number;
  /** Every this many requests, one line torn by a crash (unreadable) follows. */
  tornEvery?: number;
}

export interface OldJournal {
  lines: number;
  bytes: number;
  audit: number;
  /** Event ids still remembered at T0 (the import's clock in the test). */
  events: number;
  /** Line numbers of the torn lines. */
  torn: number[];
}

export const idOf = (i: number) => `rr-${i.toString(16).padStart(8, '0')}`;
const FINAL = ['accepted', 'refused', 'partial'] as const;

/** The lines one request left: asked, approved and run, finished; an audit line after each; one event. */
function linesOf(i: number, pad: string): string[] {
  const created = i * 1000;
  const notes = pad ? [{ id: 'stored.text', params: { text: pad } }] : [];
  const base = requestAt(idOf(i), created, { items: [`job-${i.toString(36)}`], expires: created + 600_000 });
  const published = { kind: 'slack', channel: 'C0INCIDENT', ts: `${1_700_000_000 + i}.000100` };
  const step = (over: Partial<RerunRequest>, ms: number): RerunRequest => ({
    ...base,
    preview: { ...base.preview, notes },
    updatedAt: iso(created + ms),
    ...over,
  });
  const audit = (event: AuditEntry['event'], ms: number): AuditEntry => ({
    at: iso(created + ms),
    requestId: idOf(i),
    event,
    actor: ms ? 'U0BOB' : 'U0ALICE',
    targetId: base.targetId,
  });
  const started = { startedAt: iso(created + 2000) };
  const line = (t: string, v: unknown) => JSON.stringify({ t, v });
  return [
    line('request', step({ published }, 10)),
    line('audit', audit('requested', 0)),
    line('request', step({ published, state: 'sending', execution: started } as Partial<RerunRequest>, 2000)),
    line('audit', audit('approved', 2000)),
    line(
      'request',
      step({ published, state: FINAL[i % FINAL.length], execution: started } as Partial<RerunRequest>, 4000),
    ),
    line('audit', audit('call-finished', 4000)),
    // Half the events are still remembered at T0, half expired long before.
    line('event', { id: `Ev${idOf(i)}`, at: i % 2 ? T0 - 1000 : T0 - EVENT_TTL_MS - 1 }),
  ];
}

/** Writes the journal to `path` a megabyte at a time. */
export function writeOldJournal(path: string, shape: OldJournalShape): OldJournal {
  const unpadded = linesOf(0, '').join('\n').length + 7;
  const pad = 'x'.repeat(Math.max(0, Math.floor(((shape.bytesPerRequest ?? 0) - unpadded) / 3) - 60));
  const fd = openSync(path, 'w');
  const out: OldJournal = { lines: 0, bytes: 0, audit: 0, events: 0, torn: [] };
  let chunk = '';
  const flush = () => {
    out.bytes += writeSync(fd, chunk);
    chunk = '';
  };
  try {
    for (let i = 0; i < shape.requests; i += 1) {
      const lines = linesOf(i, pad);
      if (shape.tornEvery && i % shape.tornEvery === shape.tornEvery - 1) {
        lines.push(lines[0]?.slice(0, 40) ?? '');
        out.torn.push(out.lines + lines.length);
      }
      chunk += lines.join('\n') + '\n';
      out.lines += lines.length;
      out.audit += 3;
      out.events += i % 2;
      if (chunk.length > 1024 * 1024) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return out;
}
