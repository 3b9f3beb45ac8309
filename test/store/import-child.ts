/**
 * A process for the resumable-import test: opens the store under the directory given as the bot
 * does (so it imports the older journal there), with small batches and the test's clock, logging
 * to standard output; the test kills it midway.
 */
import { createLogger } from '../../src/logging.ts';
import { openStore } from '../../src/store/open.ts';
import { at } from './sample.ts';

const [dir, batchLines] = process.argv.slice(2);
if (!dir || !batchLines) throw new Error('usage: import-child.ts <data dir> <lines per batch>');
const store = await openStore({
  dataDir: dir,
  logger: createLogger('info'),
  clock: { now: () => at(0) },
  importBatchLines: Number(batchLines),
});
await store.close();
