/**
 * A second process for the SQLite lock test: opens the store under the directory given, writes
 * a request, says `ready` and holds the store until it is killed.
 */
import { SqliteStore } from '../../src/store/sqlite.ts';
import { sampleRequest } from './sample.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: hold-db.ts <data dir>');
const store = SqliteStore.open(dir);
await store.insert(sampleRequest('rr-from-child'));
process.stdout.write('ready\n');
// The timer holds the store: an unreachable connection is garbage collected, and closing it would
// release the file's lock while the test still counts on it.
setInterval(() => store.file, 60_000);
