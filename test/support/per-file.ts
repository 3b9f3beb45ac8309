/**
 * Runs before every test file of the in-process project, whose files share a worker process
 * (vitest.config.ts, `isolate: false`): what the bot keeps per process starts as a new process
 * has it. Today that is the secret registry (src/lib/secrets.ts).
 */
import { forgetSecrets } from '../../src/lib/secrets.ts';

forgetSecrets();
