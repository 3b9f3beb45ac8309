/**
 * What each E-HPC error code on RerunJobs becomes, against the emulator (an emulator with one
 * cluster, started and closed around each test).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEhpcEmulator, type EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import { creds, CLUSTER, isRerunCall, connect } from './setup.ts';

describe('alibaba-ehpc against the emulator', () => {
  let emu: EhpcEmulator;
  beforeEach(async () => {
    emu = await startEhpcEmulator(creds);
    emu.addCluster(CLUSTER);
  });
  afterEach(async () => {
    await emu.close();
  });

  describe('rerun', () => {
    const mapping: [code: string, status: 'rejected' | 'unknown', message: string, params?: object][] = [
      ['InvalidParams', 'rejected', 'alibaba-ehpc.error.invalidParams', { cluster: CLUSTER }],
      ['NotEnabled', 'rejected', 'alibaba-ehpc.error.notEnabled'],
      ['InDebt', 'rejected', 'alibaba-ehpc.error.inDebt'],
      ['InvalidClusterStatus', 'rejected', 'alibaba-ehpc.error.clusterStatus', { cluster: CLUSTER }],
      [
        'ClusterNotFound',
        'rejected',
        'alibaba-ehpc.error.clusterNotFound',
        { cluster: CLUSTER, region: 'cn-hangzhou' },
      ],
      ['ManagerNotFound', 'rejected', 'alibaba-ehpc.error.managerNotFound', { cluster: CLUSTER }],
      ['NotAuthorized', 'rejected', 'alibaba-ehpc.error.notAuthorized'],
      ['Forbidden.RAM', 'rejected', 'alibaba-ehpc.error.ramForbidden'],
      ['MissingParameter', 'rejected', 'alibaba-ehpc.error.missingParameter'],
      ['IncompleteSignature', 'rejected', 'alibaba-ehpc.error.incompleteSignature'],
      ['InvalidAccessKeyId.NotFound', 'rejected', 'alibaba-ehpc.error.accessKeyNotFound'],
      ['InvalidAccessKeyId.Inactive', 'rejected', 'alibaba-ehpc.error.accessKeyInactive'],
      ['AgentResponseTimeout', 'unknown', 'alibaba-ehpc.error.agentTimeout', { cluster: CLUSTER }],
      ['AgentError', 'unknown', 'alibaba-ehpc.error.agentError', { cluster: CLUSTER }],
      ['AliyunError', 'unknown', 'alibaba-ehpc.error.aliyunError'],
      ['UnknownError', 'unknown', 'alibaba-ehpc.error.unknown'],
      ['InternalError', 'unknown', 'alibaba-ehpc.error.internal'],
      ['ServiceUnavailable', 'unknown', 'alibaba-ehpc.error.unavailable'],
    ];
    it.each(mapping)('%s → %s, with a sentence, the code and the request id', async (code, status, id, params = {}) => {
      emu.addJob(CLUSTER, '1.scheduler', 'RUNNING');
      emu.failNext(code);
      const outcome = await connect(emu).session.rerun({ jobs: ['1.scheduler'], cluster: CLUSTER, async: false });
      expect(outcome.status).toBe(status);
      expect(outcome.code).toBe(code);
      expect(outcome.requestId).toMatch(/^[0-9A-F-]{36}$/);
      // Our sentence, with the vendor's own words and diagnosis link as parameters.
      const detail = { id, params: { ...params, vendor: expect.any(String), diagnosis: expect.any(String) } };
      expect(outcome.message).toEqual(
        status === 'unknown' ? { id: 'provider.outcomeUnknown', params: { reason: detail } } : detail,
      );
      expect(outcome.items[0]?.reason).toEqual(detail);
      expect(outcome.calls).toBe(1);
      expect(emu.requests.filter(isRerunCall)).toHaveLength(1);
    });
  });
});
