/**
 * The front ends' "checking… N requests ahead" (lib/queue-notice.ts), on an injected timer: said
 * once, only when the answer is slower than the patience and still waits behind other calls,
 * with the latest number; never after the answer, and the answer waits for a notice on its way.
 */
import { describe, expect, it } from 'vitest';
import { QueueNotice } from '../../src/lib/queue-notice.ts';
import { settle } from '../support/fake-time.ts';

/** A patience the test ends by hand. */
function heldPatience() {
  const waits: (() => void)[] = [];
  return {
    wait: () => new Promise<void>((resolve) => waits.push(resolve)),
    pass: async () => {
      for (const w of waits.splice(0)) w();
      await settle();
    },
    pending: () => waits.length,
  };
}

function notice(afterMs = 1_000) {
  const said: number[] = [];
  const patience = heldPatience();
  const n = new QueueNotice(async (ahead) => void said.push(ahead), afterMs, patience.wait);
  return { n, said, patience };
}

describe('queue notice', () => {
  it('says nothing before the patience has passed, then the number it has now, once', async () => {
    const { n, said, patience } = notice();
    n.queued(12);
    n.queued(9);
    expect(said).toEqual([]);
    expect(patience.pending()).toBe(1);
    await patience.pass();
    expect(said).toEqual([9]);
    n.queued(4);
    await n.done();
    expect(said).toEqual([9]);
  });

  it('says nothing when the answer comes within the patience', async () => {
    const { n, said, patience } = notice();
    n.queued(30);
    await n.done();
    await patience.pass();
    expect(said).toEqual([]);
  });

  it('says nothing while the answer waits behind nobody, and at once when it then waits behind others', async () => {
    const { n, said, patience } = notice();
    n.queued(3);
    n.queued(0);
    await patience.pass();
    expect(said).toEqual([]);
    n.queued(7);
    expect(said).toEqual([7]);
    await n.done();
  });

  it('with no patience, says the first wait behind others at once', async () => {
    const { n, said, patience } = notice(0);
    n.queued(0);
    n.queued(5);
    n.queued(4);
    expect(said).toEqual([5]);
    expect(patience.pending()).toBe(0);
    await n.done();
  });

  it('lets the answer go only once a notice on its way is said', async () => {
    let release: () => void = () => undefined;
    const order: string[] = [];
    const n = new QueueNotice(
      (ahead) =>
        new Promise<void>((resolve) => {
          release = () => {
            order.push(`notice ${ahead}`);
            resolve();
          };
        }),
      0,
    );
    n.queued(2);
    const answered = n.done().then(() => order.push('answer'));
    await settle();
    expect(order).toEqual([]);
    release();
    await answered;
    expect(order).toEqual(['notice 2', 'answer']);
  });
});
