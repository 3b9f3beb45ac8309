/**
 * One end-to-end case per provider: how to start its emulator, a target pointing at it, a
 * text command that names an eligible item, one refused by the provider's precondition, and
 * form values. providers-flow.test.ts runs the same flows over every case.
 */
import { startEhpcEmulator } from '../../src/providers/alibaba-ehpc/emulator.ts';
import { startHuaweiEmulator } from '../../src/providers/huawei-dataarts/emulator.ts';
import { startOcpEmulator } from '../../src/providers/oceanbase-ocp/emulator.ts';
import type { EmulatorServer } from '../../src/emulators/server.ts';
import { startTencentEmulator, tencentTargetYaml } from '../../src/providers/tencent-batch/emulator.ts';
import { TENCENT_CREDS } from '../support/core.ts';

export interface RunningCase {
  yaml: string;
  /** The emulator's HTTP server, to inject faults. */
  server: EmulatorServer;
  /** Rerun calls the emulator executed. */
  reruns(): number;
  close(): Promise<void>;
}

export interface ProviderCase {
  provider: string;
  target: string;
  start(): Promise<RunningCase>;
  /** `/rerun` text naming one eligible item. */
  text: string;
  /** Shown in the approval message: the provider's preview of that item. */
  preview: RegExp;
  /** `/rerun` text whose only item the precondition refuses, and what the answer says. */
  refusedText: string;
  refused: RegExp;
  /** Form values by block id (f:<key>) naming an eligible item. */
  form: Record<string, string>;
  /** A field the form fills from the provider (block_suggestion): values typed so far, and what the list shows. */
  pick?: { block: string; typed: Record<string, string>; shows: RegExp };
}

const ALIBABA = { accessKeyId: 'fake-access-key-id', accessKeySecret: 'fake-alibaba-secret-for-tests' };
const HUAWEI = { accessKey: 'FAKEACCESSKEYFORTESTS', secretKey: 'fake-huawei-secret-for-tests' };
const DLF_PROJECT = '62099355b894428e8916573ae635f1f9';
const DLF_WS = '62fbba734e634c5087656fc3ff7adf34';
const OCP = {
  username: 'rerun-bot',
  password: 'fake-ocp-password-for-tests',
  accessKey: 'fake-ocp-access-key',
  secretKey: 'fake-ocp-secret-for-tests',
  taskManager: true,
};

export const PROVIDER_CASES: ProviderCase[] = [
  {
    provider: 'huawei-dataarts',
    target: 'dlf-prod',
    async start() {
      const emu = await startHuaweiEmulator({ projectId: DLF_PROJECT, workspaces: [DLF_WS], aksk: HUAWEI });
      emu.ratePerSecond = 100;
      emu.addJob('test_job_name', { id: 917567 });
      emu.addInstance('test_job_name', {
        plan_time: 1732601580000,
        submit_time: 1732239754684,
        status: 'fail',
        failedNode: 'clean',
      });
      emu.addInstance('test_job_name', { plan_time: 1732605180000, submit_time: 1732239754685, status: 'fail' });
      emu.addInstance('test_job_name', { plan_time: 1732608780000, submit_time: 1732239754686, status: 'running' });
      emu.addInstance('test_job_name', { plan_time: Date.now() - 2 * 3_600_000, status: 'fail' });
      return {
        yaml: `  dlf-prod:\n    provider: huawei-dataarts\n    region: cn-north-4\n    endpoint: ${emu.url}\n    projectId: ${DLF_PROJECT}\n    workspace: ${DLF_WS}\n    timeZone: Asia/Shanghai\n    auth: { accessKey: ${HUAWEI.accessKey}, secretKey: ${HUAWEI.secretKey} }\n`,
        server: emu,
        reruns: () => emu.retryCalls.length,
        close: () => emu.close(),
      };
    },
    // The docs/SPEC.md's own example: plan_time typed in the target's time zone.
    text: 'dlf-prod job=test_job_name mode=instance location=errorNode version=original job_id=917567 plan_time="2024-11-26 14:13" submit_time=1732239754684',
    preview: /test_job_name.*fail.*failed node: .*will be sent/,
    refusedText:
      'dlf-prod job=test_job_name location=errorNode version=original job_id=917567 plan_time=1732608780000 submit_time=1732239754686',
    refused: /test_job_name: running \(the instance is running; rerunning it now would start a second run/,
    form: {
      'f:job': 'test_job_name',
      'f:location': 'errorNode',
      'f:version': 'original',
      'f:job_id': '917567',
      'f:plan_time': '1732605180000',
      'f:submit_time': '1732239754685',
    },
    pick: { block: 'f:instance', typed: { 'f:job': 'test_job_name' }, shows: / · fail · #\d+/ },
  },
  {
    provider: 'tencent-batch',
    target: 'batch-gz',
    async start() {
      const emu = await startTencentEmulator(TENCENT_CREDS);
      emu.ratePerSecond = 100;
      emu.addJob('job-textjob1', 'FAILED');
      emu.addJob('job-formjob1', 'FAILED');
      emu.addJob('job-succeed1', 'SUCCEED');
      return {
        yaml: tencentTargetYaml(emu.url, TENCENT_CREDS),
        server: emu,
        reruns: () => emu.retryCalls.length,
        close: () => emu.close(),
      };
    },
    text: 'batch-gz job_ids=job-textjob1',
    preview: /job-(text|form)job1.*FAILED.*will be sent/,
    refusedText: 'batch-gz job_ids=job-succeed1',
    refused: /job-succeed1: SUCCEED \(only FAILED jobs can be retried/,
    form: { 'f:job_ids': 'job-formjob1' },
  },
  {
    provider: 'alibaba-ehpc',
    target: 'ehpc-hz',
    async start() {
      const emu = await startEhpcEmulator(ALIBABA);
      emu.ratePerSecond = 100;
      emu.addCluster('ehpc-hz-FYUr32abcd');
      emu.addJob('ehpc-hz-FYUr32abcd', '1.scheduler', 'RUNNING');
      emu.addJob('ehpc-hz-FYUr32abcd', '2.scheduler', 'FINISHED');
      emu.addJob('ehpc-hz-FYUr32abcd', '3.scheduler', 'QUEUED');
      return {
        yaml: `  ehpc-hz:\n    provider: alibaba-ehpc\n    region: cn-hangzhou\n    clusterId: ehpc-hz-FYUr32abcd\n    endpoint: ${emu.url}\n    auth: { accessKeyId: ${ALIBABA.accessKeyId}, accessKeySecret: ${ALIBABA.accessKeySecret} }\n`,
        server: emu,
        reruns: () => emu.rerunCalls.length,
        close: () => emu.close(),
      };
    },
    text: 'ehpc-hz jobs=1.scheduler async=true',
    preview: /[13]\.scheduler.*(RUNNING|QUEUED).*will be sent/,
    refusedText: 'ehpc-hz jobs=2.scheduler',
    refused: /2\.scheduler: FINISHED.*RUNNING or QUEUED/,
    form: { 'f:jobs': '3.scheduler' },
    pick: { block: 'f:jobs', typed: {}, shows: /1\.scheduler[\s\S]*3\.scheduler/ },
  },
  {
    provider: 'oceanbase-ocp',
    target: 'ocp-main',
    async start() {
      const emu = await startOcpEmulator({ users: [OCP] });
      emu.addTask({
        id: 100,
        name: 'Add tenant t1',
        subtasks: [
          { id: 999, status: 'SUCCESSFUL' },
          { id: 1000, name: 'Create tenant', status: 'FAILED' },
          { id: 1001, status: 'PENDING' },
        ],
      });
      return {
        yaml: `  ocp-main:\n    provider: oceanbase-ocp\n    endpoint: ${emu.url}\n    auth: { accessKey: ${OCP.accessKey}, secretKey: ${OCP.secretKey} }\n`,
        server: emu,
        reruns: () => emu.retryCalls.length,
        close: () => emu.close(),
      };
    },
    text: 'ocp-main task=100 subtask=1000',
    preview: /1000.*Create tenant.*FAILED.*will be sent/,
    refusedText: 'ocp-main task=100 subtask=999',
    refused: /999: SUCCESSFUL.*nothing to retry/,
    form: { 'f:task': '100', 'f:subtask': '1000' },
    pick: { block: 'f:subtask', typed: { 'f:task': '100' }, shows: /"value":"1000"/ },
  },
];
