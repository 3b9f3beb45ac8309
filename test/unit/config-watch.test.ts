/**
 * The config watcher (src/config/watch.ts) on a real directory laid out as the kubelet lays out a
 * mounted ConfigMap: `rerun.yml -> ..data/rerun.yml`, `..data -> ..<timestamp>`, and an update
 * that writes a new timestamped directory and renames a `..data_tmp` symlink over `..data`.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchConfig, type ConfigWatcher } from '../../src/config/watch.ts';
import { eventually } from '../support/driver.ts';
import { captureLogger } from '../support/logs.ts';

let dir: string;
let watcher: ConfigWatcher | undefined;
afterEach(() => {
  watcher?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A ConfigMap volume holding `text` as rerun.yml, as version `n` of the map. */
function publish(n: number, text: string): void {
  const version = join(dir, `..2026_12_02_16_00_0${n}`);
  mkdirSync(version);
  writeFileSync(join(version, 'rerun.yml'), text);
  symlinkSync(`..2026_12_02_16_00_0${n}`, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
}

describe('watchConfig', () => {
  it('sees a ConfigMap update (a symlink swap) once, and ignores a change that leaves the file as it was', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rerun-watch-'));
    publish(1, 'targets: {}\n');
    symlinkSync('..data/rerun.yml', join(dir, 'rerun.yml'));
    const logs = captureLogger();
    const unchanged = () => logs.lines.filter((l) => l.includes('the file did not')).length;
    let changes = 0;
    watcher = watchConfig(join(dir, 'rerun.yml'), () => (changes += 1), logs.logger, 50);

    publish(2, 'targets: { a: {} }\n');
    await eventually(() => changes === 1);

    // Another file in the directory, then an update with the same text: the file did not change.
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    await eventually(() => unchanged() === 1);
    publish(3, 'targets: { a: {} }\n');
    await eventually(() => unchanged() === 2);
    expect(changes).toBe(1);

    publish(4, 'targets: { b: {} }\n');
    await eventually(() => changes === 2);
  });
});
