/**
 * Every sentence E-HPC shows a person, as data: ids with parameters (messages.ids.ts). The words
 * are in messages.en.ts and messages.zh-CN.ts; log lines stay English and are not here.
 */
import { defineBundle, messagesOf, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';
import type { EhpcMessages } from './messages.ids.ts';

export const msg = messagesOf<EhpcMessages>();

const CLUSTER = 'ehpc-hz-FYUr32abcd';
const AT = '2024-11-26T14:13:02';
const SAID = {
  vendor: 'The specified cluster does not exist.',
  diagnosis: 'https://api.aliyun.com/troubleshoot?q=ClusterNotFound&product=EHPC',
};

const samples: Samples<EhpcMessages> = {
  'alibaba-ehpc.name': {},
  'alibaba-ehpc.field.jobs.label': {},
  'alibaba-ehpc.field.jobs.hint': {},
  'alibaba-ehpc.field.cluster.label': {},
  'alibaba-ehpc.field.cluster.hint': {},
  'alibaba-ehpc.field.async.label': {},
  'alibaba-ehpc.field.async.hint': {},
  'alibaba-ehpc.help.summary': { perCall: 100 },
  'alibaba-ehpc.summary': { jobs: ['1.scheduler', '2.scheduler'], cluster: CLUSTER, async: true },
  'alibaba-ehpc.option.job': { id: '1.scheduler', name: 'cfd-run', state: 'RUNNING' },

  'alibaba-ehpc.input.jobId': { value: 'rm -rf' },
  'alibaba-ehpc.input.tooManyJobs': { max: 1000, perCall: 100 },
  'alibaba-ehpc.input.clusterId': { value: 'prod' },
  'alibaba-ehpc.input.async': { value: 'maybe' },

  'alibaba-ehpc.refused.notFound': { id: '9.scheduler', cluster: CLUSTER },
  'alibaba-ehpc.refused.notFoundWithinLimit': { id: '9.scheduler', cluster: CLUSTER, limit: 2000 },
  'alibaba-ehpc.refused.finished': {},
  'alibaba-ehpc.refused.notRunning': { state: 'HELD' },
  'alibaba-ehpc.refused.goneSincePreview': {},
  'alibaba-ehpc.refused.earlierCallRefused': { code: 'NotAuthorized' },

  'alibaba-ehpc.detail.nodes': { nodes: ['compute2', 'compute3'] },
  'alibaba-ehpc.detail.owner': { owner: 'user1' },
  'alibaba-ehpc.detail.submitted': { at: AT },
  'alibaba-ehpc.detail.runningSince': { at: AT },
  'alibaba-ehpc.detail.lastChanged': { at: AT },

  'alibaba-ehpc.note.whatItDoes': {},
  'alibaba-ehpc.note.plan': { count: 150, calls: 2, perCall: 100, perSecond: 1 },
  'alibaba-ehpc.note.async': {},
  'alibaba-ehpc.note.listLimit': { limit: 2000 },

  'alibaba-ehpc.outcome.accepted': { count: 2, cluster: CLUSTER, async: true },
  'alibaba-ehpc.outcome.reconciled': {
    reason: { id: 'alibaba-ehpc.error.partFailure', params: { cluster: CLUSTER } },
    requeued: 2,
    notRequeued: 1,
    unclear: 1,
  },
  'alibaba-ehpc.outcome.goneSincePreview': { jobs: ['2.scheduler'] },
  'alibaba-ehpc.outcome.notSentAfterRefusal': { count: 50 },

  'alibaba-ehpc.reconcile.notReadAfter': {},
  'alibaba-ehpc.reconcile.gone': {},
  'alibaba-ehpc.reconcile.runningToQueued': {},
  'alibaba-ehpc.reconcile.startedAgain': { at: AT },
  'alibaba-ehpc.reconcile.queuedChanged': { at: AT },
  'alibaba-ehpc.reconcile.stillRunning': { since: AT },
  'alibaba-ehpc.reconcile.noSignUnchanged': { before: 'QUEUED', after: 'QUEUED' },
  'alibaba-ehpc.reconcile.noSignNotReadBefore': { state: 'QUEUED' },
  'alibaba-ehpc.reconcile.unclearUnchanged': { before: 'QUEUED', after: 'QUEUED' },
  'alibaba-ehpc.reconcile.unclearNotReadBefore': { state: 'RUNNING' },

  'alibaba-ehpc.status.job': {
    details: [
      { id: 'alibaba-ehpc.detail.nodes', params: { nodes: ['compute2'] } },
      { id: 'alibaba-ehpc.detail.runningSince', params: { at: AT } },
    ],
  },
  'alibaba-ehpc.status.beyondLimit': { limit: 2000 },
  'alibaba-ehpc.status.gone': {},

  'alibaba-ehpc.error.signatureMismatch': {},
  'alibaba-ehpc.error.incompleteSignature': {},
  'alibaba-ehpc.error.accessKeyNotFound': {},
  'alibaba-ehpc.error.accessKeyInactive': {},
  'alibaba-ehpc.error.timestampExpired': {},
  'alibaba-ehpc.error.timestampFormat': {},
  'alibaba-ehpc.error.nonceUsed': {},
  'alibaba-ehpc.error.nonceUsedOnRerun': {},
  'alibaba-ehpc.error.tokenExpired': {},
  'alibaba-ehpc.error.tokenInvalid': {},
  'alibaba-ehpc.error.missingParameter': {},
  'alibaba-ehpc.error.ramForbidden': {},
  'alibaba-ehpc.error.internal': {},
  'alibaba-ehpc.error.unavailable': {},
  'alibaba-ehpc.error.invalidParams': { cluster: CLUSTER, vendor: 'The specified parameter Jobs is invalid.' },
  'alibaba-ehpc.error.notEnabled': {},
  'alibaba-ehpc.error.inDebt': {},
  'alibaba-ehpc.error.clusterStatus': { cluster: CLUSTER },
  'alibaba-ehpc.error.conflict': { cluster: CLUSTER },
  'alibaba-ehpc.error.clusterNotFound': { cluster: CLUSTER, region: 'cn-hangzhou', ...SAID },
  'alibaba-ehpc.error.managerNotFound': { cluster: CLUSTER },
  'alibaba-ehpc.error.rerunFailure': {
    cluster: CLUSTER,
    jobs: ['1.scheduler'],
    vendor: 'Failed to run the job again: job 1.scheduler is not rerunnable.',
  },
  'alibaba-ehpc.error.agentTimeout': { cluster: CLUSTER },
  'alibaba-ehpc.error.agentError': { cluster: CLUSTER },
  'alibaba-ehpc.error.aliyunError': {},
  'alibaba-ehpc.error.notAuthorized': {},
  'alibaba-ehpc.error.partFailure': { cluster: CLUSTER },
  'alibaba-ehpc.error.unknown': {},
  'alibaba-ehpc.error.throttled': {},
  'alibaba-ehpc.error.credential': {},
  'alibaba-ehpc.error.forbidden': {},
  'alibaba-ehpc.error.invalid': {},
  'alibaba-ehpc.error.httpAuth': {},
  'alibaba-ehpc.error.httpNotFound': {},
  'alibaba-ehpc.error.httpServer': { status: 502 },
  'alibaba-ehpc.error.httpRefused': { status: 400 },
  'alibaba-ehpc.error.notObject': { status: 200 },
};

export const messages = defineBundle<EhpcMessages>({ catalogs: { en, 'zh-CN': zh }, samples });
