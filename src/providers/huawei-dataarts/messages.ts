/**
 * What DataArts Studio says to people, as data: message ids with their parameters. The words
 * are in messages.en.ts and messages.zh-CN.ts; the samples below give one realistic example of
 * each message's parameters (the rendering test walks them).
 *
 * Times people read are passed as wall-time strings in the target's time zone (the zone the
 * preview notes name, and the one plan_time is typed in), except in summaries, which have no
 * target at hand and pass epoch ms for the surface to show as dates.
 */
import { defineBundle, messagesOf, type Message, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';

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
  'huawei-dataarts.refused.chain.changed': { then: string; now: string };
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

export const msg = messagesOf<HuaweiMessages>();

const PLANNED = '2024-11-26 14:13:00';
const WS = '62fbba734e634c5087656fc3ff7adf34';
const live: Message = { id: 'huawei-dataarts.refused.live', params: { state: 'running' } };
const options = { location: 'specifiedNode', node: 'clean_orders', version: 'original' };
const none = {};
const said = { said: 'Failed to find the job.' };

export const samples: Samples<HuaweiMessages> = {
  'huawei-dataarts.name': none,

  'huawei-dataarts.field.job.label': none,
  'huawei-dataarts.field.job.hint': none,
  'huawei-dataarts.field.mode.label': none,
  'huawei-dataarts.field.mode.hint': none,
  'huawei-dataarts.field.mode.instance': none,
  'huawei-dataarts.field.mode.chain': none,
  'huawei-dataarts.field.location.label': none,
  'huawei-dataarts.field.location.hint': none,
  'huawei-dataarts.field.location.firstNode': none,
  'huawei-dataarts.field.location.errorNode': none,
  'huawei-dataarts.field.location.specifiedNode': none,
  'huawei-dataarts.field.node.label': none,
  'huawei-dataarts.field.node.hint': none,
  'huawei-dataarts.field.version.label': none,
  'huawei-dataarts.field.version.hint': none,
  'huawei-dataarts.field.version.original': none,
  'huawei-dataarts.field.version.current': none,
  'huawei-dataarts.field.ignore_obs_monitor.label': none,
  'huawei-dataarts.field.ignore_obs_monitor.hint': none,
  'huawei-dataarts.field.instance.label': none,
  'huawei-dataarts.field.instance.hint': { max: 20, days: 7 },
  'huawei-dataarts.field.job_id.label': none,
  'huawei-dataarts.field.job_id.hint': none,
  'huawei-dataarts.field.plan_time.label': none,
  'huawei-dataarts.field.plan_time.hint': none,
  'huawei-dataarts.field.submit_time.label': none,
  'huawei-dataarts.field.submit_time.hint': none,
  'huawei-dataarts.field.jobs.label': none,
  'huawei-dataarts.field.jobs.hint': none,
  'huawei-dataarts.field.begin.label': none,
  'huawei-dataarts.field.begin.hint': none,
  'huawei-dataarts.field.end.label': none,
  'huawei-dataarts.field.end.hint': { days: 31 },
  'huawei-dataarts.field.concurrent.label': none,
  'huawei-dataarts.field.concurrent.hint': { max: 128 },

  'huawei-dataarts.help': { maxInstances: 20, windowDays: 31, perSecond: 10 },
  'huawei-dataarts.summary.instance': {
    ...options,
    job: 'test_job_name',
    jobIds: [917567],
    planned: 1732601580000,
  },
  'huawei-dataarts.summary.instances': {
    location: 'errorNode',
    node: undefined,
    version: 'current',
    job: 'test_job_name',
    jobIds: [917567],
    count: 7,
    planned: [1732601580000, 1732605180000, 1732608780000, 1732612380000, 1732615980000],
    more: 2,
  },
  'huawei-dataarts.summary.chain': {
    location: 'firstNode',
    node: undefined,
    version: 'current',
    jobs: ['job_test_smn2', 'daily_report'],
    begin: 1732608520000,
    end: 1732612120000,
    concurrent: 2,
  },
  'huawei-dataarts.choice.instance': { planned: '2024-11-26 14:13 Asia/Shanghai', state: 'fail', instanceId: 1042 },

  'huawei-dataarts.input.required': none,
  'huawei-dataarts.input.name.empty': { key: 'jobs' },
  'huawei-dataarts.input.name.tooLong': { key: 'job', max: 128 },
  'huawei-dataarts.input.name.forbidden': { key: 'node' },
  'huawei-dataarts.input.jobsEntry': {
    ref: 'a/b',
    problem: { id: 'huawei-dataarts.input.name.forbidden', params: { key: 'jobs' } },
  },
  'huawei-dataarts.input.mode': none,
  'huawei-dataarts.input.location': none,
  'huawei-dataarts.input.version': none,
  'huawei-dataarts.input.boolean': { key: 'ignore_obs_monitor' },
  'huawei-dataarts.input.jobId': none,
  'huawei-dataarts.input.concurrent': { max: 128 },
  'huawei-dataarts.input.time': { key: 'plan_time', timeZone: 'Asia/Shanghai' },
  'huawei-dataarts.input.instanceValue': none,
  'huawei-dataarts.input.tooManyJobs': { max: 100 },
  'huawei-dataarts.input.nodeRequired': none,
  'huawei-dataarts.input.nodeUnused': { location: 'errorNode' },
  'huawei-dataarts.input.chainOnly': { key: 'begin' },
  'huawei-dataarts.input.instanceOnly': { key: 'job_id' },
  'huawei-dataarts.input.instanceBoth': none,
  'huawei-dataarts.input.instanceRequired': none,
  'huawei-dataarts.input.instancePartRequired': { key: 'submit_time' },
  'huawei-dataarts.input.tooManyInstances': { max: 20 },
  'huawei-dataarts.input.windowRequired': { key: 'begin' },
  'huawei-dataarts.input.endBeforeBegin': none,
  'huawei-dataarts.input.windowTooLong': { days: 31 },
  'huawei-dataarts.input.noJobs': none,

  'huawei-dataarts.note.options': { ...options, ignoreObs: true },
  'huawei-dataarts.note.instance': {
    job: 'test_job_name',
    planned: '2024-11-26 14:13:00 Asia/Shanghai',
    submitted: '2024-11-22 09:42:34 Asia/Shanghai',
  },
  'huawei-dataarts.note.instances': { job: 'test_job_name', count: 3 },
  'huawei-dataarts.note.instanceTimes': { timeZone: 'Asia/Shanghai' },
  'huawei-dataarts.note.noDetail': { host: 'dayu-dlf.cn-north-4.myhuaweicloud.com' },
  'huawei-dataarts.note.cutShort.instances': { maxCalls: 100 },
  'huawei-dataarts.note.cutShort.jobs': { maxCalls: 100 },
  'huawei-dataarts.note.chain': {
    jobs: 2,
    from: '2024-11-26 14:13:00 Asia/Shanghai',
    to: '2024-11-26 16:13:00 Asia/Shanghai',
    concurrent: 2,
  },
  'huawei-dataarts.note.chainRefusal': { timeZone: 'Asia/Shanghai' },

  'huawei-dataarts.refused.atInstance': { planned: PLANNED, reason: live },
  'huawei-dataarts.refused.notRead': { maxCalls: 100 },
  'huawei-dataarts.refused.otherSubmit': {
    planned: '2024-11-26 14:13:00 Asia/Shanghai',
    submitTime: 1732239754685,
    submitted: '2024-11-22 09:42:34 Asia/Shanghai',
    given: 1732239754684,
  },
  'huawei-dataarts.refused.noInstance': {
    job: 'test_job_name',
    planned: '2024-11-26 14:14:00 Asia/Shanghai',
    workspace: WS,
  },
  'huawei-dataarts.refused.wrongJobId': { given: 42, job: 'test_job_name', actual: 917567 },
  'huawei-dataarts.refused.live': { state: 'running' },
  'huawei-dataarts.refused.frozen': none,
  'huawei-dataarts.refused.otherState': { state: 'unknown-state' },
  'huawei-dataarts.refused.noFailedNode': none,
  'huawei-dataarts.refused.noSuchNode': { node: 'transform', nodes: ['extract', 'clean', 'load'] },
  'huawei-dataarts.refused.stateChanged': { was: 'fail', now: 'manual-stop' },
  'huawei-dataarts.refused.ranAgain': { endedThen: '2024-11-26 14:14:00', endedNow: '2024-11-27 09:02:11' },
  'huawei-dataarts.refused.noLongerListed': { submitted: '2024-11-22 09:42:34 Asia/Shanghai' },
  'huawei-dataarts.refused.notReadAgain': { maxCalls: 100 },
  'huawei-dataarts.refused.chain.notRead': { maxCalls: 100 },
  'huawei-dataarts.refused.chain.noInstances': {
    job: 'quiet_job',
    workspace: WS,
    from: '2024-11-26 14:12:00 Asia/Shanghai',
    to: '2024-11-26 16:13:00 Asia/Shanghai',
  },
  'huawei-dataarts.refused.chain.incomplete': {
    from: '2024-11-26 14:13:00 Asia/Shanghai',
    to: '2024-11-28 14:13:00 Asia/Shanghai',
    maxListed: 1000,
    maxCalls: 100,
  },
  'huawei-dataarts.refused.chain.live': { count: 2, state: 'running', planned: '2024-11-26 14:43:00 Asia/Shanghai' },
  'huawei-dataarts.refused.chain.changed': { then: 'fail×1', now: 'fail×1, success×1' },
  'huawei-dataarts.refused.chain.nothingPlanned': {
    from: '2024-11-26 14:12:00 Asia/Shanghai',
    to: '2024-11-26 15:13:00 Asia/Shanghai',
  },

  'huawei-dataarts.detail.failedNode': { node: 'clean', state: 'fail', type: 'DLISQL', retries: 2 },
  'huawei-dataarts.detail.failedNodeNone': none,
  'huawei-dataarts.detail.failedNodeUnavailable': none,
  'huawei-dataarts.detail.planned': { at: PLANNED },
  'huawei-dataarts.detail.started': { at: '2024-11-26 14:13:05' },
  'huawei-dataarts.detail.ended': { at: '2024-11-26 14:14:00' },
  'huawei-dataarts.detail.submitted': { at: '2024-11-22 09:42:34' },
  'huawei-dataarts.detail.instanceId': { id: 1042 },
  'huawei-dataarts.detail.instanceType': { type: 5 },
  'huawei-dataarts.detail.chain.count': { count: 1000, more: true },
  'huawei-dataarts.detail.chain.instance': { planned: PLANNED, state: 'fail' },
  'huawei-dataarts.detail.chain.earlier': { count: 4 },

  'huawei-dataarts.status.instance': {
    planned: PLANNED,
    pending: true,
    started: '2024-11-26 14:13:05 Asia/Shanghai',
    ended: '2024-11-26 14:14:00 Asia/Shanghai',
  },
  'huawei-dataarts.status.notRead': { planned: PLANNED, maxCalls: 100 },
  'huawei-dataarts.status.noInstance': { planned: '2024-11-26 14:13:00 Asia/Shanghai' },
  'huawei-dataarts.status.chain.pending': none,
  'huawei-dataarts.status.chain.live': { count: 3 },
  'huawei-dataarts.status.chain.incomplete': { maxListed: 1000, maxCalls: 100 },

  'huawei-dataarts.outcome.accepted.one': { job: 'test_job_name', planned: '2024-11-26 14:13:00 Asia/Shanghai' },
  'huawei-dataarts.outcome.accepted.many': {
    job: 'test_job_name',
    count: 2,
    planned: [PLANNED, '2024-11-26 17:13:00'],
    timeZone: 'Asia/Shanghai',
  },
  'huawei-dataarts.outcome.accepted.chain': { jobs: 3 },
  'huawei-dataarts.outcome.nothingSent': {
    reason: { id: 'huawei-dataarts.iam.refused', params: { domain: 'example-domain', status: 401, said: undefined } },
  },
  'huawei-dataarts.outcome.notReadBeforeSending': {
    reason: { id: 'huawei-dataarts.error.internal', params: { said: undefined, httpStatus: 503 } },
  },
  'huawei-dataarts.outcome.noneAsPreviewed': { count: 1 },
  'huawei-dataarts.outcome.leftOut': { count: 2 },

  'huawei-dataarts.error.throttled': { said: 'The throttling threshold has been reached', perSecond: 10 },
  'huawei-dataarts.error.credentials': { said: 'Incorrect IAM authentication information' },
  'huawei-dataarts.error.tokenExpired': { said: 'The token must be updated.' },
  'huawei-dataarts.error.apiNotFound': {
    said: 'The API does not exist or has not been published in the environment',
    host: 'dayu.cn-north-4.myhuaweicloud.com',
    region: 'cn-north-4',
  },
  'huawei-dataarts.error.missingParameter': { said: 'The request parameters must be specified' },
  'huawei-dataarts.error.backendTimeout': { said: 'Backend timeout' },
  'huawei-dataarts.error.noJob': { ...said, job: 'test_job_name', workspace: WS },
  'huawei-dataarts.error.noInstance': { said: 'The job instance does not exist.', job: 'test_job_name' },
  'huawei-dataarts.error.noTask': { said: undefined, job: 'test_job_name' },
  'huawei-dataarts.error.notBatch': { said: 'The job is not a batch job.', job: 'stream_job' },
  'huawei-dataarts.error.badJobName': { said: 'Invalid job name.', job: 'test job' },
  'huawei-dataarts.error.noPermission': { said: 'No permission.', workspace: WS },
  'huawei-dataarts.error.internal': { said: undefined, httpStatus: 503 },
  'huawei-dataarts.error.refusedCredentials': {
    said: 'Incorrect IAM authentication information',
    httpStatus: undefined,
  },
  'huawei-dataarts.error.throttledHttp': { said: undefined, httpStatus: 429 },
  'huawei-dataarts.error.forbidden': { said: 'Forbidden', httpStatus: undefined },
  'huawei-dataarts.error.notFound': { said: undefined, httpStatus: 404 },
  'huawei-dataarts.error.refused': { said: 'begin_time and end_time are invalid.', httpStatus: undefined },
  'huawei-dataarts.error.unexpectedBody': { status: 200 },
  'huawei-dataarts.iam.unreachable': {
    origin: 'https://iam.cn-north-4.myhuaweicloud.com',
    reason: { id: 'provider.transport.refused', params: { code: 'ECONNREFUSED' } },
  },
  'huawei-dataarts.iam.noToken': { origin: 'https://iam.cn-north-4.myhuaweicloud.com' },
  'huawei-dataarts.iam.refused': { said: 'The username or password is wrong.', domain: 'example-domain', status: 401 },
  'huawei-dataarts.iam.throttled': { said: undefined },
  'huawei-dataarts.iam.failed': { said: 'Internal Server Error', status: 500 },
};

export const messages = defineBundle<HuaweiMessages>({ catalogs: { en, 'zh-CN': zh }, samples });
