/**
 * What the image runs, read from the Dockerfile, so the tests and benchmarks that start the built bot
 * start it as the image does (Docker has no engine on the CI machine).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The node options of the image's `CMD ["node", …options, "dist/main.js"]`. */
export function imageNodeFlags(): string[] {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  const args = JSON.parse(cmd) as string[];
  if (args[0] !== 'node' || args.at(-1) !== 'dist/main.js') throw new Error(`unexpected CMD: ${cmd}`);
  return args.slice(1, -1);
}
