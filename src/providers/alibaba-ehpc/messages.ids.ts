/**
 * E-HPC's message ids with their parameters: what messages.ts builds, and what each
 * catalog (messages.en.ts, messages.zh-CN.ts) must word. A file of its own so the catalogs are
 * typed by it without importing messages.ts, which imports them (no import cycle).
 */
import type { Message } from '../../lib/message.ts';

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
