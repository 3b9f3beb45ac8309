import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { sampleRequest, storeContract } from './contract.ts';

storeContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
  return {
    store: EmbeddedStore.open(dir),
    reopen: async () => EmbeddedStore.open(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('embedded store specifics', () => {
  it('ignores a torn last line left by a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
    const a = EmbeddedStore.open(dir);
    await a.insert(sampleRequest('rr-ok'));
    await a.close();
    appendFileSync(join(dir, 'rerun-journal.jsonl'), '{"t":"request","v":{"id":"rr-to');
    const b = EmbeddedStore.open(dir);
    expect((await b.get('rr-ok'))?.id).toBe('rr-ok');
    expect(await b.list({ limit: 10 })).toHaveLength(1);
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second live process on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rerun-store-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'rerun.lock'), String(process.ppid));
    expect(() => EmbeddedStore.open(dir)).toThrow(/in use by process .*DATABASE_URL/);
    rmSync(dir, { recursive: true, force: true });
  });
});
