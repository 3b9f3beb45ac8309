/**
 * The bot as one file, for the process tests that start it as a child (`node <bundle>`). `npm start`
 * runs the sources through tsx, which transforms and resolves each of some 280 modules through its
 * loader at every start: about 1.7 CPU-seconds a start against 0.6 for one esbuild bundle of the same
 * sources (measured on the 2-core CI machine). Tests that are about `npm start` itself (the README's
 * command, its exit codes, its signals) still run `npm start`; the others start this bundle, built once
 * per run by the child-process project's global setup. Packages stay external: the bundle loads the
 * installed ones, as the bot does.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = join(ROOT, '.build-test', 'bundle');

/** The bundle's entry point: `node BOT_BUNDLE` starts the bot as `npm start` does. */
export const BOT_BUNDLE = join(OUT, 'main.js');

/** Builds the bundle, with the migrations beside it where the store looks for them (next to its module). */
export async function buildBotBundle(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src/main.ts')],
    outfile: BOT_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  cpSync(join(ROOT, 'src/store/migrations'), join(OUT, 'migrations'), { recursive: true });
}

/** vitest's global setup for the child-process project. */
export default buildBotBundle;
