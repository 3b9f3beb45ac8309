/**
 * Every sentence E-HPC shows a person, as data: ids with parameters. The words are in
 * messages.en.ts and messages.zh-CN.ts; log lines stay English and are not here.
 */
import { defineBundle, messagesOf, type Message, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';

/** What an error sentence may add: the vendor's own words and the diagnosis link it sent. */
export type VendorSaid = { vendor?: string | undefined; diagnosis?: string | undefined };

export type EhpcMessages = {
  'alibaba-ehpc.name': Record<string, never>;
  'alibaba-ehpc.field.jobs.label': Record<string, never>;
  'alibaba-ehpc.field.jobs.hint': Record<string, never>;
  'alibaba-ehpc.field.cluster.label': Record<string, never>;
  'alibaba-ehpc.field.cluster.hint': Record<string, never>;
  'alibaba-ehpc.field.async.label': Record<string, never>;
  'alibaba-ehpc.field.async.hint': Record<string, never>;
  'alibaba-ehpc.help.summary': { perCall: number };
  'alibaba-ehpc.summary': { jobs: string[]; cluster: string; async: boolean };
  /** A pick-list entry: only values (id · name · state), the same in every language. */
  'alibaba-ehpc.option.job': { id: string; name?: string | undefined; state: string };

  'alibaba-ehpc.input.jobId': { value: string };
  'alibaba-ehpc.input.tooManyJobs': { max: number; perCall: number };
  'alibaba-ehpc.input.clusterId': { value: string };
  'alibaba-ehpc.input.async': { value: string };

  'alibaba-ehpc.refused.notFound': { id: string; cluster: string };
  'alibaba-ehpc.refused.notFoundWithinLimit': { id: string; cluster: string; limit: number };
  'alibaba-ehpc.refused.finished': Record<string, never>;
  'alibaba-ehpc.refused.notRunning': { state: string };
  'alibaba-ehpc.refused.goneSincePreview': Record<string, never>;
  'alibaba-ehpc.refused.earlierCallRefused': { code: string };

  'alibaba-ehpc.detail.nodes': { nodes: string[] };
  'alibaba-ehpc.detail.owner': { owner: string };
  'alibaba-ehpc.detail.submitted': { at: string };
  'alibaba-ehpc.detail.runningSince': { at: string };
  'alibaba-ehpc.detail.lastChanged': { at: string };

  'alibaba-ehpc.note.whatItDoes': Record<string, never>;
  'alibaba-ehpc.note.plan': { count: number; calls: number; perCall: number; perSecond: number };
  'alibaba-ehpc.note.async': Record<string, never>;
  'alibaba-ehpc.note.listLimit': { limit: number };

  'alibaba-ehpc.outcome.accepted': { count: number; cluster: string; async: boolean };
  'alibaba-ehpc.outcome.reconciled': { reason: Message; requeued: number; notRequeued: number; unclear: number };
  'alibaba-ehpc.outcome.goneSincePreview': { jobs: string[] };
  'alibaba-ehpc.outcome.notSentAfterRefusal': { count: number };

  'alibaba-ehpc.reconcile.notReadAfter': Record<string, never>;
  'alibaba-ehpc.reconcile.gone': Record<string, never>;
  'alibaba-ehpc.reconcile.runningToQueued': Record<string, never>;
  'alibaba-ehpc.reconcile.startedAgain': { at: string };
  'alibaba-ehpc.reconcile.queuedChanged': { at: string };
  'alibaba-ehpc.reconcile.stillRunning': { since?: string | undefined };
  'alibaba-ehpc.reconcile.noSignUnchanged': { before: string; after: string };
  'alibaba-ehpc.reconcile.noSignNotReadBefore': { state: string };
  'alibaba-ehpc.reconcile.unclearUnchanged': { before: string; after: string };
  'alibaba-ehpc.reconcile.unclearNotReadBefore': { state: string };

  'alibaba-ehpc.status.job': { details: Message[] };
  'alibaba-ehpc.status.beyondLimit': { limit: number };
  'alibaba-ehpc.status.gone': Record<string, never>;

  'alibaba-ehpc.error.signatureMismatch': VendorSaid;
  'alibaba-ehpc.error.incompleteSignature': VendorSaid;
  'alibaba-ehpc.error.accessKeyNotFound': VendorSaid;
  'alibaba-ehpc.error.accessKeyInactive': VendorSaid;
  'alibaba-ehpc.error.timestampExpired': VendorSaid;
  'alibaba-ehpc.error.timestampFormat': VendorSaid;
  'alibaba-ehpc.error.nonceUsed': VendorSaid;
  'alibaba-ehpc.error.nonceUsedOnRerun': VendorSaid;
  'alibaba-ehpc.error.tokenExpired': VendorSaid;
  'alibaba-ehpc.error.tokenInvalid': VendorSaid;
  'alibaba-ehpc.error.missingParameter': VendorSaid;
  'alibaba-ehpc.error.ramForbidden': VendorSaid;
  'alibaba-ehpc.error.internal': VendorSaid;
  'alibaba-ehpc.error.unavailable': VendorSaid;
  'alibaba-ehpc.error.invalidParams': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.notEnabled': VendorSaid;
  'alibaba-ehpc.error.inDebt': VendorSaid;
  'alibaba-ehpc.error.clusterStatus': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.conflict': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.clusterNotFound': VendorSaid & { cluster: string; region: string };
  'alibaba-ehpc.error.managerNotFound': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.rerunFailure': VendorSaid & { cluster: string; jobs: string[] };
  'alibaba-ehpc.error.agentTimeout': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.agentError': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.aliyunError': VendorSaid;
  'alibaba-ehpc.error.notAuthorized': VendorSaid;
  'alibaba-ehpc.error.partFailure': VendorSaid & { cluster: string };
  'alibaba-ehpc.error.unknown': VendorSaid;
  'alibaba-ehpc.error.throttled': VendorSaid;
  'alibaba-ehpc.error.credential': VendorSaid;
  'alibaba-ehpc.error.forbidden': VendorSaid;
  'alibaba-ehpc.error.invalid': VendorSaid;
  'alibaba-ehpc.error.httpAuth': VendorSaid;
  'alibaba-ehpc.error.httpNotFound': VendorSaid;
  'alibaba-ehpc.error.httpServer': VendorSaid & { status: number };
  'alibaba-ehpc.error.httpRefused': VendorSaid & { status: number };
  'alibaba-ehpc.error.notObject': { status: number };
};

export const msg = messagesOf<EhpcMessages>();

const CLUSTER = 'ehpc-hz-FYUr32abcd';
const AT = '2024-11-26T14:13:02';
const SAID = {
  vendor: 'The specified cluster does not exist.',
  diagnosis: 'https://api.aliyun.com/troubleshoot?q=ClusterNotFound&product=EHPC',
};

export const samples: Samples<EhpcMessages> = {
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
