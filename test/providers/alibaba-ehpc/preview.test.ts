/**
 * Preview, the described call and the form's job list against the emulator (an emulator with one
 * cluster, started and closed around each test); and what help and the summary say.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/lib/message.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { msg } from '../../../src/providers/alibaba-ehpc/messages.ts';
import { startEhpcEmulator, type EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import { fitChoices } from '../../../src/slack/blocks/option.ts';
import { slackWords } from '../../../src/slack/words.ts';
import { creds, CLUSTER, isListCall, queryOf, renderer, english, connect } from './setup.ts';

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('preview', () => {
    it('marks RUNNING and QUEUED jobs eligible and refuses FINISHED and unknown ones with the reason', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { NodeList: ['compute7'] });
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const preview = await h.session.preview(
        h.params({ jobs: ['1.scheduler', '2.scheduler', '3.scheduler', '9.scheduler'] }),
      );
      expect(preview.items.map((i) => [i.id, i.state, i.eligible])).toEqual([
        ['1.scheduler', 'RUNNING', true],
        ['2.scheduler', 'QUEUED', true],
        ['3.scheduler', 'FINISHED', false],
        ['9.scheduler', 'NOT FOUND', false],
      ]);
      expect(preview.items[0]?.details).toContainEqual(msg('alibaba-ehpc.detail.nodes', { nodes: ['compute7'] }));
      expect(preview.items[2]?.reason).toEqual(msg('alibaba-ehpc.refused.finished', {}));
      expect(preview.items[3]?.reason).toEqual(
        msg('alibaba-ehpc.refused.notFound', { id: '9.scheduler', cluster: 'ehpc-hz-FYUr32abcd' }),
      );
      expect(preview.notes).toEqual([
        msg('alibaba-ehpc.note.whatItDoes', {}),
        msg('alibaba-ehpc.note.plan', { count: 2, calls: 1, perCall: 100, perSecond: 1 }),
      ]);
      expect(english(preview.notes[0] as Message)).toMatch(/requeues jobs that are RUNNING or QUEUED/);
      expect(english(preview.notes[0] as Message)).toMatch(/FINISHED cannot be rerun/);
      expect(preview.send).toEqual({ jobs: ['1.scheduler', '2.scheduler'], cluster: CLUSTER, async: false });
    });

    it('sends nothing when no job is eligible', async () => {
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['3.scheduler'] }));
      expect(preview.send).toBeNull();
    });

    it('pages through ListJobs 50 at a time and stops once every job is found', async () => {
      for (let i = 1; i <= 180; i += 1) emu.addJob(CLUSTER, `${i}.scheduler`, 'RUNNING');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['120.scheduler'] }));
      expect(preview.items[0]?.eligible).toBe(true);
      const lists = emu.requests.filter(isListCall).map((r) => Object.fromEntries(queryOf(r)));
      expect(lists.map((q) => [q['State'], q['PageNumber'], q['PageSize']])).toEqual([
        ['notfinish', '1', '50'],
        ['notfinish', '2', '50'],
        ['notfinish', '3', '50'],
      ]);
    });

    it('mentions the async channel when async=true', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      const h = connect(emu);
      const preview = await h.session.preview(h.params({ jobs: ['1.scheduler'], async: 'yes' }));
      expect(preview.notes).toContainEqual(msg('alibaba-ehpc.note.async', {}));
    });

    it('explains an unknown cluster', async () => {
      const h = connect(emu);
      await expect(
        h.session.preview(h.params({ jobs: ['1.scheduler'], cluster: 'ehpc-hz-nothere01' })),
      ).rejects.toMatchObject({
        code: 'ClusterNotFound',
        detail: {
          id: 'alibaba-ehpc.error.clusterNotFound',
          params: {
            cluster: 'ehpc-hz-nothere01',
            region: 'cn-hangzhou',
            vendor: 'The specified cluster does not exist.',
            diagnosis: expect.stringMatching(/^https:\/\/api\.aliyun\.com\/troubleshoot/),
          },
        },
      });
    });
  });

  describe('describeCall', () => {
    it('V3: the exact request, Jobs as the API takes it, credentials redacted', () => {
      const h = connect(emu, { auth: { ...creds, securityToken: 'fake-sts-token' } });
      const [call, more] = h.session.describeCall({
        jobs: ['1.scheduler'],
        cluster: 'ehpc-sh-3VeFyRabcd',
        async: false,
      });
      expect(more).toBeUndefined();
      expect(call?.method).toBe('GET');
      expect(call?.url).toBe(`${emu.url}/?ClusterId=ehpc-sh-3VeFyRabcd&Jobs=%5B%7B%22Id%22%3A%221.scheduler%22%7D%5D`);
      expect(call?.headers['x-acs-action']).toBe('RerunJobs');
      expect(call?.headers['x-acs-version']).toBe('2018-04-12');
      expect(call?.headers['authorization']).toMatch(
        /^ACS3-HMAC-SHA256 Credential=\[redacted\],SignedHeaders=host;.*,Signature=\[redacted\]$/,
      );
      expect(call?.headers['x-acs-security-token']).toBe('[redacted]');
      const text = JSON.stringify(call);
      for (const secret of [creds.accessKeySecret, creds.accessKeyId, 'fake-sts-token'])
        expect(text).not.toContain(secret);
    });

    it('V1: the query with AccessKeyId, SecurityToken and Signature redacted; one call per 100 jobs', () => {
      const h = connect(emu, { signatureVersion: 'v1', auth: { ...creds, securityToken: 'fake-sts-token' } });
      const jobs = Array.from({ length: 150 }, (_, i) => `${i + 1}.scheduler`);
      const calls = h.session.describeCall({ jobs, cluster: CLUSTER, async: true });
      expect(calls).toHaveLength(2);
      const url = calls[0]?.url ?? '';
      expect(url).toMatch(/AccessKeyId=\[redacted\]/);
      expect(url).toMatch(/SecurityToken=\[redacted\]/);
      expect(url).toMatch(/&Signature=\[redacted\]$/);
      expect(url).toMatch(/Action=RerunJobs&Async=true&ClusterId=ehpc-hz-FYUr32abcd/);
      expect(decodeURIComponent(/Jobs=([^&]+)/.exec(calls[1]?.url ?? '')?.[1] ?? '')).toBe(
        JSON.stringify(jobs.slice(100).map((Id) => ({ Id }))),
      );
      for (const secret of [creds.accessKeySecret, creds.accessKeyId, 'fake-sts-token'])
        expect(JSON.stringify(calls)).not.toContain(secret);
    });
  });

  describe('options', () => {
    it('offers the running and queued jobs of the cluster, each a value the params schema reads', async () => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { Name: 'cfd-run' });
      emu.addJob(CLUSTER, '2.scheduler', 'QUEUED');
      emu.addJob(CLUSTER, '3.scheduler', 'FINISHED');
      const h = connect(emu);
      const choices = (await h.session.options?.('jobs', {})) ?? [];
      expect(choices).toEqual([
        {
          value: '1.scheduler',
          label: msg('alibaba-ehpc.option.job', { id: '1.scheduler', name: 'cfd-run', state: 'RUNNING' }),
        },
        {
          value: '2.scheduler',
          label: msg('alibaba-ehpc.option.job', { id: '2.scheduler', name: 'job2', state: 'QUEUED' }),
        },
      ]);
      expect(english(choices[0]?.label as Message)).toBe('1.scheduler · cfd-run · RUNNING');
      for (const c of choices) {
        expect(c.value.length).toBeLessThanOrEqual(75);
        expect(h.params({ jobs: [c.value] }).jobs).toEqual([c.value]);
      }
      // What Slack receives: the labels as they are, within its 75 characters.
      expect(fitChoices(slackWords(renderer), choices, 'en')).toEqual([
        { value: '1.scheduler', label: '1.scheduler · cfd-run · RUNNING' },
        { value: '2.scheduler', label: '2.scheduler · job2 · QUEUED' },
      ]);
      expect(await h.session.options?.('jobs', { cluster: 'not-a-cluster' })).toEqual([]);
      expect(await h.session.options?.('async', {})).toEqual([]);
    });

    it('offers whole labels, which Slack fits to its 75 characters by cutting the name, keeping id and state', async () => {
      const name = 'cfd-run-with-a-very-long-name-for-the-parameter-sweep-of-the-wing-section';
      const longId = `${'9'.repeat(76)}.scheduler`;
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING', { Name: name });
      emu.addJob(CLUSTER, longId, 'QUEUED');
      const h = connect(emu);
      const choices = (await h.session.options?.('jobs', {})) ?? [];
      expect(choices.map((c) => c.value)).toEqual(['1.scheduler', longId]);
      expect(english(choices[0]?.label as Message)).toBe(`1.scheduler · ${name} · RUNNING`);
      for (const locale of ['en', 'zh-CN'] as const) {
        // An id longer than Slack's 75 characters cannot be a value: cut, it would name another job.
        const options = fitChoices(slackWords(renderer), choices, locale);
        expect(options.map((o) => o.value)).toEqual(['1.scheduler']);
        expect(options[0]?.label).toHaveLength(75);
        expect(options[0]?.label).toMatch(/^1\.scheduler · cfd-run-with-a-very-long-name.*… · \S/);
      }
      expect(fitChoices(slackWords(renderer), choices, 'en')[0]?.label).toMatch(/… · RUNNING$/);
    });
  });

  it('help and summary say plainly that it requeues running or queued jobs', () => {
    expect(english(alibabaEhpc.help.summary)).toMatch(
      /requeues E-HPC jobs that are RUNNING or QUEUED.*finished jobs cannot be rerun/,
    );
    const summary = alibabaEhpc.summarize({ jobs: ['1.scheduler'], cluster: CLUSTER, async: true });
    expect(summary).toEqual(msg('alibaba-ehpc.summary', { jobs: ['1.scheduler'], cluster: CLUSTER, async: true }));
    expect(english(summary)).toBe('Requeue 1 job on E-HPC cluster ehpc-hz-FYUr32abcd (async): 1.scheduler');
    expect(alibabaEhpc.fields.map((f) => [f.key, f.aliases])).toEqual([
      ['jobs', ['Jobs']],
      ['cluster', ['ClusterId']],
      ['async', ['Async']],
    ]);
  });
});
