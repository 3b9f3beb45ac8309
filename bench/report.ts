/**
 * What `npm run bench` ends with: one table (name, value, bar, within/OVER) and the same rows,
 * with every benchmark's full figures, as JSON in bench/results.json (BENCH_JSON overrides the path).
 */
import { writeFileSync } from 'node:fs';

export type Verdict = 'within' | 'OVER' | 'info' | 'ERROR';

export interface Row {
  name: string;
  value: string;
  bar: string;
  verdict: Verdict;
}

export class Report {
  readonly rows: Row[] = [];
  readonly details: Record<string, unknown> = {};

  /** A measured figure; `ok` undefined when it has no bar. */
  add(name: string, value: string, bar = '', ok?: boolean): void {
    this.rows.push({ name, value, bar, verdict: ok === undefined ? 'info' : ok ? 'within' : 'OVER' });
  }

  error(name: string, err: unknown): void {
    this.rows.push({ name, value: String((err as Error)?.message ?? err).slice(0, 120), bar: '', verdict: 'ERROR' });
  }

  table(): string {
    const head: Row = { name: 'benchmark', value: 'value', bar: 'bar', verdict: 'info' };
    const w = (k: keyof Row) => Math.max(...[head, ...this.rows].map((r) => r[k].length));
    const line = (r: Row, v: string) =>
      `${r.name.padEnd(w('name'))}  ${r.value.padEnd(w('value'))}  ${r.bar.padEnd(w('bar'))}  ${v}`;
    const rule = '-'.repeat(w('name') + w('value') + w('bar') + 14);
    return [line(head, 'verdict'), rule, ...this.rows.map((r) => line(r, r.verdict === 'info' ? '' : r.verdict))].join(
      '\n',
    );
  }

  json(meta: Record<string, unknown>): string {
    return `${JSON.stringify({ ...meta, rows: this.rows, details: this.details }, null, 2)}\n`;
  }

  write(path: string, meta: Record<string, unknown>): void {
    writeFileSync(path, this.json(meta));
  }
}
