/**
 * Each provider's demo (docs/SPEC.md §3, the console paragraph): its emulator starts seeded with
 * the documented examples, its target entry reads with the provider's own schema, and the
 * README / SPEC example for that target, read the way a typed command is read, previews with
 * every item eligible and reruns with exactly one signed call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.ts';
import { rawFromPairs, validateParams } from '../../src/core/input.ts';
import type { RunningDemo } from '../../src/emulators/demo.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import type { CommonTarget } from '../../src/providers/types.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { demos, providers } from '../../src/providers/index.ts';
import { captureLogger } from '../support/logs.ts';

/** The example each demo target is shown with (README, docs/SPEC.md §3 and §4). */
const EXAMPLES: Record<string, string> = {
  'batch-gz': 'job_ids=job-rybewp57,job-97zcl3wt',
  'dlf-prod':
    'job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
  'ehpc-hz': 'jobs=1.scheduler,2.scheduler async=true',
  'ocp-main': 'task=100 subtask=1000',
};

/** Shapes of real cloud access keys, which a demo must never carry. */
const REAL_LOOKING_KEY = /\b(AKID|LTAI)[A-Za-z0-9]{12,}/;

describe('provider demos', () => {
  it('the registry offers one demo per example target of docs/SPEC.md §3', () => {
    expect(demos.map((d) => d.targetId).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  for (const provider of providers.filter((p) => p.demo)) {
    const demo = provider.demo as NonNullable<typeof provider.demo>;

    describe(`${provider.id} (${demo.targetId})`, () => {
      let running: RunningDemo | undefined;
      afterEach(async () => {
        await running?.close();
        running = undefined;
      });

      it('starts seeded; its target reads with the schema and points at the emulator with fake credentials', async () => {
        running = await demo.start();
        expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(running.target).toMatchObject({ provider: provider.id, endpoint: running.url, auth: running.auth });
        expect(JSON.stringify(running.target)).not.toMatch(REAL_LOOKING_KEY);
        const target = provider.targetSchema.parse(running.target);
        expect(target.endpoint).toBe(running.url);
        expect(running.rerunCalls()).toBe(0);
      });

      it(`previews \`${EXAMPLES[demo.targetId]}\` as all eligible and reruns it with one signed call`, async () => {
        running = await demo.start();
        const target: CommonTarget = provider.targetSchema.parse(running.target);
        const command = parseCommand(`${demo.targetId} ${EXAMPLES[demo.targetId] ?? ''}`);
        if (command.kind !== 'request') throw new Error(`not a request: ${JSON.stringify(command)}`);
        expect(command.targetId).toBe(demo.targetId);
        const read = rawFromPairs(provider, command.pairs);
        if ('error' in read) throw new Error(JSON.stringify(read.error));
        const valid = validateParams(provider, target, read.raw, new Date());
        if (!valid.ok) throw new Error(JSON.stringify(valid.errors));

        const logs = captureLogger();
        const session = provider.connect(target, {
          http: createHttpClient(),
          clock: { now: () => new Date() },
          logger: logs.logger,
          timing: FAST_TIMING,
          pacers: createPacers(),
        });
        const preview = await session.preview(valid.params);
        expect(preview.items.length).toBeGreaterThan(0);
        expect(
          preview.items.filter((i) => !i.eligible),
          JSON.stringify(preview.items),
        ).toEqual([]);
        expect(preview.send).not.toBeNull();

        const outcome = await session.rerun(preview.send);
        expect(outcome.status, JSON.stringify(outcome.message)).toBe('accepted');
        expect(outcome.calls).toBe(1);
        expect(running.rerunCalls()).toBe(1);

        // The state is live: the rerun changed what the emulator reports.
        const status = await session.status(valid.params, { acceptedAt: new Date().toISOString() });
        expect(status.items.length).toBeGreaterThan(0);
        const after = await session.preview(valid.params);
        expect(after.items.map((i) => i.state)).not.toEqual(preview.items.map((i) => i.state));
      });
    });
  }

  it('dlf-prod reads plan_time="2024-11-26 14:13" in its zone as the documented 1732601580000', async () => {
    const provider = providers.find((p) => p.demo?.targetId === 'dlf-prod');
    if (!provider?.demo) throw new Error('no dlf-prod demo');
    const running = await provider.demo.start();
    try {
      const target = provider.targetSchema.parse(running.target);
      const read = rawFromPairs(provider, [
        ['job', 'test_job_name'],
        ['location', 'errorNode'],
        ['version', 'original'],
        ['job_id', '917567'],
        ['plan_time', '2024-11-26 14:13'],
        ['submit_time', '1732239754684'],
      ]);
      if ('error' in read) throw new Error(JSON.stringify(read.error));
      const valid = validateParams(provider, target, read.raw, new Date());
      expect(valid.ok && JSON.stringify(valid.params)).toContain('"plan_time":1732601580000');
    } finally {
      await running.close();
    }
  });
});
