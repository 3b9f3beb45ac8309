/**
 * DataArts Studio's message ids with their parameters: what messages.ts builds, and what each
 * catalog (messages.en.ts, messages.zh-CN.ts) must word. A file of its own so the catalogs are
 * typed by it without importing messages.ts, which imports them (no import cycle).
 */
import type { Message } from '../../lib/message.ts';

type None = Record<string, never>;
/** The vendor's own words (error_msg), quoted after our sentence when it gave some. */
type Said = { said: string | undefined };
/** Errors classified by HTTP status alone: the status is named when the answer had no error code. */
type Uncoded = Said & { httpStatus: number | undefined };
/** Where a rerun restarts and with which parameters, as the rerun parameters say. */
type Options = { location: string; node: string | undefined; version: string };

export type HuaweiMessages = {
  'huawei-dataarts.name': None;

  'huawei-dataarts.field.job.label': None;
  'huawei-dataarts.field.job.hint': None;
  'huawei-dataarts.field.mode.label': None;
  'huawei-dataarts.field.mode.hint': None;
  'huawei-dataarts.field.mode.instance': None;
  'huawei-dataarts.field.mode.chain': None;
  'huawei-dataarts.field.location.label': None;
  'huawei-dataarts.field.location.hint': None;
  'huawei-dataarts.field.location.firstNode': None;
  'huawei-dataarts.field.location.errorNode': None;
  'huawei-dataarts.field.location.specifiedNode': None;
  'huawei-dataarts.field.node.label': None;
  'huawei-dataarts.field.node.hint': None;
  'huawei-dataarts.field.version.label': None;
  'huawei-dataarts.field.version.hint': None;
  'huawei-dataarts.field.version.original': None;
  'huawei-dataarts.field.version.current': None;
  'huawei-dataarts.field.ignore_obs_monitor.label': None;
  'huawei-dataarts.field.ignore_obs_monitor.hint': None;
  'huawei-dataarts.field.instance.label': None;
  'huawei-dataarts.field.instance.hint': { max: number; days: number };
  'huawei-dataarts.field.job_id.label': None;
  'huawei-dataarts.field.job_id.hint': None;
  'huawei-dataarts.field.plan_time.label': None;
  'huawei-dataarts.field.plan_time.hint': None;
  'huawei-dataarts.field.submit_time.label': None;
  'huawei-dataarts.field.submit_time.hint': None;
  'huawei-dataarts.field.jobs.label': None;
  'huawei-dataarts.field.jobs.hint': None;
  'huawei-dataarts.field.begin.label': None;
  'huawei-dataarts.field.begin.hint': None;
  'huawei-dataarts.field.end.label': None;
  'huawei-dataarts.field.end.hint': { days: number };
  'huawei-dataarts.field.concurrent.label': None;
  'huawei-dataarts.field.concurrent.hint': { max: number };

  'huawei-dataarts.help': { maxInstances: number; windowDays: number; perSecond: number };
  'huawei-dataarts.summary.instance': Options & { job: string; jobIds: number[]; planned: number };
  'huawei-dataarts.summary.instances': Options & {
    job: string;
    jobIds: number[];
    count: number;
    planned: number[];
    more: number;
  };
  'huawei-dataarts.summary.chain': Options & { jobs: string[]; begin: number; end: number; concurrent: number };
  'huawei-dataarts.choice.instance': { planned: string; state: string; instanceId: number | undefined };

  'huawei-dataarts.input.required': None;
  'huawei-dataarts.input.name.empty': { key: string };
  'huawei-dataarts.input.name.tooLong': { key: string; max: number };
  'huawei-dataarts.input.name.forbidden': { key: string };
  'huawei-dataarts.input.jobsEntry': { ref: string; problem: Message };
  'huawei-dataarts.input.mode': None;
  'huawei-dataarts.input.location': None;
  'huawei-dataarts.input.version': None;
  'huawei-dataarts.input.boolean': { key: string };
  'huawei-dataarts.input.jobId': None;
  'huawei-dataarts.input.concurrent': { max: number };
  'huawei-dataarts.input.time': { key: string; timeZone: string };
  'huawei-dataarts.input.instanceValue': None;
  'huawei-dataarts.input.tooManyJobs': { max: number };
  'huawei-dataarts.input.nodeRequired': None;
  'huawei-dataarts.input.nodeUnused': { location: string };
  'huawei-dataarts.input.chainOnly': { key: string };
  'huawei-dataarts.input.instanceOnly': { key: string };
  'huawei-dataarts.input.instanceBoth': None;
  'huawei-dataarts.input.instanceRequired': None;
  'huawei-dataarts.input.instancePartRequired': { key: string };
  'huawei-dataarts.input.tooManyInstances': { max: number };
  'huawei-dataarts.input.windowRequired': { key: string };
  'huawei-dataarts.input.endBeforeBegin': None;
  'huawei-dataarts.input.windowTooLong': { days: number };
  'huawei-dataarts.input.noJobs': None;

  'huawei-dataarts.note.options': Options & { ignoreObs: boolean };
  'huawei-dataarts.note.instance': { job: string; planned: string; submitted: string };
  'huawei-dataarts.note.instances': { job: string; count: number };
  'huawei-dataarts.note.instanceTimes': { timeZone: string };
  'huawei-dataarts.note.noDetail': { host: string };
  'huawei-dataarts.note.cutShort.instances': { maxCalls: number };
  'huawei-dataarts.note.cutShort.jobs': { maxCalls: number };
  'huawei-dataarts.note.chain': { jobs: number; from: string; to: string; concurrent: number };
  'huawei-dataarts.note.chainRefusal': { timeZone: string };

  'huawei-dataarts.refused.atInstance': { planned: string; reason: Message };
  'huawei-dataarts.refused.notRead': { maxCalls: number };
  'huawei-dataarts.refused.otherSubmit': {
    planned: string;
    submitTime: number | undefined;
    submitted: string | undefined;
    given: number;
  };
  'huawei-dataarts.refused.noInstance': { job: string; planned: string; workspace: string };
  'huawei-dataarts.refused.wrongJobId': { given: number; job: string; actual: number };
  'huawei-dataarts.refused.live': { state: string };
  'huawei-dataarts.refused.frozen': None;
  'huawei-dataarts.refused.otherState': { state: string };
  'huawei-dataarts.refused.noFailedNode': None;
  'huawei-dataarts.refused.noSuchNode': { node: string; nodes: string[] };
  'huawei-dataarts.refused.stateChanged': { was: string; now: string };
  'huawei-dataarts.refused.ranAgain': { endedThen: string | undefined; endedNow: string | undefined };
  'huawei-dataarts.refused.noLongerListed': { submitted: string };
  'huawei-dataarts.refused.notReadAgain': { maxCalls: number };
  'huawei-dataarts.refused.chain.notRead': { maxCalls: number };
  'huawei-dataarts.refused.chain.noInstances': { job: string; workspace: string; from: string; to: string };
  'huawei-dataarts.refused.chain.incomplete': { from: string; to: string; maxListed: number; maxCalls: number };
  'huawei-dataarts.refused.chain.live': { count: number; state: string; planned: string };
  /** `seen`: the instances' states at the preview, `now`: at approval. */
  'huawei-dataarts.refused.chain.changed': { seen: string; now: string };
  'huawei-dataarts.refused.chain.nothingPlanned': { from: string; to: string };

  'huawei-dataarts.detail.failedNode': {
    node: string;
    state: string;
    type: string | undefined;
    retries: number | undefined;
  };
  'huawei-dataarts.detail.failedNodeNone': None;
  'huawei-dataarts.detail.failedNodeUnavailable': None;
  'huawei-dataarts.detail.planned': { at: string };
  'huawei-dataarts.detail.started': { at: string };
  'huawei-dataarts.detail.ended': { at: string };
  'huawei-dataarts.detail.submitted': { at: string };
  'huawei-dataarts.detail.instanceId': { id: number };
  'huawei-dataarts.detail.instanceType': { type: number };
  'huawei-dataarts.detail.chain.count': { count: number; more: boolean };
  'huawei-dataarts.detail.chain.instance': { planned: string; state: string };
  'huawei-dataarts.detail.chain.earlier': { count: number };

  'huawei-dataarts.status.instance': {
    planned: string | undefined;
    pending: boolean;
    started: string | undefined;
    ended: string | undefined;
  };
  'huawei-dataarts.status.notRead': { planned: string | undefined; maxCalls: number };
  'huawei-dataarts.status.noInstance': { planned: string };
  'huawei-dataarts.status.chain.pending': None;
  'huawei-dataarts.status.chain.live': { count: number };
  'huawei-dataarts.status.chain.incomplete': { maxListed: number; maxCalls: number };

  'huawei-dataarts.outcome.accepted.one': { job: string; planned: string };
  'huawei-dataarts.outcome.accepted.many': { job: string; count: number; planned: string[]; timeZone: string };
  'huawei-dataarts.outcome.accepted.chain': { jobs: number };
  'huawei-dataarts.outcome.nothingSent': { reason: Message };
  'huawei-dataarts.outcome.notReadBeforeSending': { reason: Message };
  'huawei-dataarts.outcome.noneAsPreviewed': { count: number };
  'huawei-dataarts.outcome.leftOut': { count: number };

  'huawei-dataarts.error.throttled': Said & { perSecond: number };
  'huawei-dataarts.error.credentials': Said;
  'huawei-dataarts.error.tokenExpired': Said;
  'huawei-dataarts.error.apiNotFound': Said & { host: string; region: string };
  'huawei-dataarts.error.missingParameter': Said;
  'huawei-dataarts.error.backendTimeout': Said;
  'huawei-dataarts.error.noJob': Said & { job: string | undefined; workspace: string };
  'huawei-dataarts.error.noInstance': Said & { job: string | undefined };
  'huawei-dataarts.error.noTask': Said & { job: string | undefined };
  'huawei-dataarts.error.notBatch': Said & { job: string | undefined };
  'huawei-dataarts.error.badJobName': Said & { job: string | undefined };
  'huawei-dataarts.error.noPermission': Said & { workspace: string };
  'huawei-dataarts.error.internal': Uncoded;
  'huawei-dataarts.error.refusedCredentials': Uncoded;
  'huawei-dataarts.error.throttledHttp': Uncoded;
  'huawei-dataarts.error.forbidden': Uncoded;
  'huawei-dataarts.error.notFound': Uncoded;
  'huawei-dataarts.error.refused': Uncoded;
  'huawei-dataarts.error.unexpectedBody': { status: number };
  'huawei-dataarts.iam.unreachable': { origin: string; reason: Message };
  'huawei-dataarts.iam.noToken': { origin: string };
  'huawei-dataarts.iam.refused': Said & { domain: string; status: number };
  'huawei-dataarts.iam.throttled': Said;
  'huawei-dataarts.iam.failed': Said & { status: number };
};
