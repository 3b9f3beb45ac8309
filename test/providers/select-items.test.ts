/**
 * Provider.selectItems (docs/SPEC.md §4, Bulk: "a partial failure offers a rerun of just the refused
 * remainder"): the raw parameters it returns pass the provider's own params schema (as core/input.ts
 * validates a typed request) and, previewed against the provider's demo emulator, name exactly the
 * items asked for; where one request cannot name them, it says so with undefined.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/command.ts';
import { rawFromPairs, validateParams } from '../../src/core/input.ts';
import type { RunningDemo } from '../../src/emulators/demo.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { providers } from '../../src/providers/index.ts';
import type { AnyProvider, CommonTarget, RawParams } from '../../src/providers/types.ts';
import { captureLogger } from '../support/logs.ts';

const byId = (id: string): AnyProvider => {
  const p = providers.find((x) => x.id === id);
  if (!p?.demo) throw new Error(`no demo for ${id}`);
  return p;
};

/** The raw params of a typed `key=value …` line, as the command reader makes them. */
function rawOf(provider: AnyProvider, args: string): RawParams {
  const command = parseCommand(`t ${args}`);
  if (command.kind !== 'request') throw new Error(JSON.stringify(command));
  const read = rawFromPairs(provider, command.pairs);
  if ('error' in read) throw new Error(JSON.stringify(read.error));
  return read.raw;
}

describe('selectItems', () => {
  let running: RunningDemo | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  /** Starts the provider's demo and previews `raw` there: the ids of the items it shows. */
  async function previewIds(provider: AnyProvider, raw: RawParams): Promise<string[]> {
    running ??= await (provider.demo as NonNullable<AnyProvider['demo']>).start();
    const target: CommonTarget = provider.targetSchema.parse(running.target);
    const valid = validateParams(provider, target, raw, new Date());
    if (!valid.ok) throw new Error(`fails the params schema: ${JSON.stringify(valid.errors)}`);
    const session = provider.connect(target, {
      http: createHttpClient(),
      clock: { now: () => new Date() },
      logger: captureLogger().logger,
      timing: FAST_TIMING,
      pacers: createPacers(),
    });
    return (await session.preview(valid.params)).items.map((i) => i.id);
  }

  /** A request naming `all` items, narrowed by selectItems to `some` of them. */
  async function narrows(id: string, args: string, all: string[], some: string[]): Promise<RawParams> {
    const provider = byId(id);
    const raw = rawOf(provider, args);
    expect(await previewIds(provider, raw)).toEqual(all);
    const selected = provider.selectItems?.(raw, some);
    if (!selected) throw new Error(`${id} cannot name ${some.join(',')}`);
    expect(await previewIds(provider, selected)).toEqual(some);
    // The request asked is left as it was: the remainder is a new object.
    expect(raw).toEqual(rawOf(provider, args));
    return selected;
  }

  it('tencent-batch names any subset of its job ids', async () => {
    const raw = await narrows(
      'tencent-batch',
      'job_ids=job-rybewp57,job-97zcl3wt',
      ['job-rybewp57', 'job-97zcl3wt'],
      ['job-97zcl3wt'],
    );
    expect(raw).toEqual({ job_ids: ['job-97zcl3wt'] });
  });

  it('alibaba-ehpc names any subset of its jobs, keeping the other options', async () => {
    const raw = await narrows(
      'alibaba-ehpc',
      'jobs=1.scheduler,2.scheduler async=true',
      ['1.scheduler', '2.scheduler'],
      ['2.scheduler'],
    );
    expect(raw).toEqual({ jobs: ['2.scheduler'], async: 'true' });
  });

  it('oceanbase-ocp names one subtask, and no request names two', async () => {
    const raw = await narrows('oceanbase-ocp', 'task=100 subtask=1000', ['1000'], ['1000']);
    expect(raw).toMatchObject({ task: '100', subtask: '1000' });
    expect(byId('oceanbase-ocp').selectItems?.(raw, ['1000', '1001'])).toBeUndefined();
  });

  describe('huawei-dataarts', () => {
    const dlf = () => byId('huawei-dataarts');
    const one =
      'job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time=1732601580000 submit_time=1732239754684';
    const two =
      'job=test_job_name location=errorNode version=original instance=917567:1732601580000:1732239754684,917567:1732605180000:1732239754685';

    it('mode=chain names any subset of its jobs (an item is a job), keeping the window', async () => {
      const args =
        'job=test_job_name mode=chain location=errorNode version=current jobs=test_job_name,other_job begin=1732590000000 end=1732610000000';
      const raw = await narrows('huawei-dataarts', args, ['test_job_name', 'other_job'], ['other_job']);
      expect(raw).toMatchObject({ mode: 'chain', jobs: ['other_job'], begin: '1732590000000', end: '1732610000000' });
    });

    it('mode=instance names its one instance: the request as asked', async () => {
      const raw = await narrows('huawei-dataarts', one, ['test_job_name'], ['test_job_name']);
      expect(raw).toEqual(rawOf(dlf(), one));
    });

    it('mode=instance cannot tell several instances apart by id: all of them, or undefined', () => {
      const raw = rawOf(dlf(), two);
      expect(dlf().selectItems?.(raw, ['test_job_name', 'test_job_name'])).toEqual(raw);
      expect(dlf().selectItems?.(raw, ['test_job_name'])).toBeUndefined();
      expect(dlf().selectItems?.(raw, ['other_job'])).toBeUndefined();
      expect(dlf().selectItems?.(rawOf(dlf(), one), [])).toBeUndefined();
    });
  });
});
