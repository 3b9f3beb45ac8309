/**
 * The store test suite: every Store implementation runs it (SQLite and PostgreSQL), so the core
 * can count on the same answers from both. One module per concern of the port, each seeing the
 * store through that concern's interface. Time is always passed in (`at`), never waited for.
 */
import { describe } from 'vitest';
import { auditContract } from './audit.ts';
import { deliveriesContract } from './deliveries.ts';
import { errorsContract } from './errors.ts';
import { homeViewersContract } from './home.ts';
import { leasesContract } from './leases.ts';
import { lifecycleContract } from './lifecycle.ts';
import { nudgesContract } from './nudges.ts';
import type { Opener } from './opened.ts';
import { postsContract } from './posts.ts';
import { repliesContract } from './replies.ts';
import { requestsContract } from './requests.ts';
import { watchersContract } from './watchers.ts';
import { waitingContract } from './waiting.ts';

export type { OpenedStore, Opener, TestStore } from './opened.ts';

export interface StoreUnderTest {
  /** Opens a fresh store (its own file or schema) for one test. */
  open: Opener;
  /** Opens, or uses, a store on a database that cannot be reached; rejects with what the store threw. */
  unreachable: () => Promise<unknown>;
}

export function storeContract(name: string, under: StoreUnderTest): void {
  describe(`${name}: store contract`, () => {
    requestsContract(under.open);
    leasesContract(under.open);
    deliveriesContract(under.open);
    repliesContract(under.open);
    postsContract(under.open);
    nudgesContract(under.open);
    waitingContract(under.open);
    homeViewersContract(under.open);
    auditContract(under.open);
    watchersContract(under.open);
    lifecycleContract(under.open);
    errorsContract(under.open, under.unreachable);
  });
}
