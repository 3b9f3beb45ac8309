/** Tencent Cloud Batch's messages in English. */
import type { Catalog, Format } from '../../lib/message.ts';
import type { TencentMessages } from './messages.ids.ts';

/** Tencent Cloud's own words after our sentence, when it gave any. */
const said = (vendor: string | undefined): string => (vendor ? `. Tencent Cloud says: "${vendor}"` : '');

const ids = (jobIds: readonly string[], f: Format): string => jobIds.map((id) => f.code(id)).join(', ');

export const en: Catalog<TencentMessages> = {
  'tencent-batch.name': () => 'Tencent Cloud Batch',
  'tencent-batch.field.job_ids.label': () => 'Job ids',
  'tencent-batch.field.job_ids.hint': (_p, f) =>
    `Comma-separated Batch job ids. Only jobs in state ${f.code('FAILED')} are retried.`,
  'tencent-batch.help.summary': (p, f) =>
    `RetryJobs: retries the failed task instances of ${f.code('FAILED')} Batch jobs (up to ${f.number(p.perCall)} jobs per call, ${f.number(p.perSecond)} calls per second).`,
  'tencent-batch.summary': (p, f) =>
    `Retry ${f.number(p.jobIds.length)} Batch ${f.plural(p.jobIds.length, { one: 'job', other: 'jobs' })}: ${ids(p.jobIds, f)}`,

  'tencent-batch.input.jobId': (p, f) =>
    `${f.code(p.value)} is not a Batch job id; job ids look like ${f.code(p.example)}`,
  'tencent-batch.input.noJobIds': () => 'name at least one job id',
  'tencent-batch.input.tooManyJobIds': (p, f) =>
    `at most ${f.number(p.max)} job ids per request (${f.number(p.count)} given)`,

  'tencent-batch.refused.notFound': (p, f) => `no such job in ${f.code(p.region)}`,
  'tencent-batch.refused.notFailed': (p, f) =>
    `only ${f.code('FAILED')} jobs can be retried; this one is ${f.code(p.state)}`,
  'tencent-batch.detail.failedTasks': (p, f) => `failed tasks: ${f.number(p.count)}`,
  'tencent-batch.detail.created': (p, f) => `created ${f.date(p.at)}`,
  'tencent-batch.detail.ended': (p, f) => `ended ${f.date(p.at)}`,
  'tencent-batch.detail.facts': (p, f) => p.facts.map((m) => f.msg(m)).join('; '),
  'tencent-batch.note.retryJobs': () =>
    'RetryJobs reruns only the failed task instances of each job, following its DAG; their history is reset.',

  'tencent-batch.accepted': (p, f) =>
    `Tencent Cloud accepted the retry of ${f.number(p.count)} ${f.plural(p.count, { one: 'job', other: 'jobs' })}.`,
  'tencent-batch.status.awaitingPickup': () => 'retry accepted; waiting for Batch to pick it up',

  'tencent-batch.error.noResponse': (p, f) =>
    `Tencent Cloud answered HTTP ${f.number(p.status)} without a ${f.code('Response')}`,
  'tencent-batch.error.signature': (p, f) =>
    `Tencent Cloud refused the request signature; check the target's ${f.code('secretKey')}${said(p.vendor)}`,
  'tencent-batch.error.signatureExpire': (p) =>
    `The request time differs from Tencent Cloud's by more than 5 minutes; check this host's clock${said(p.vendor)}`,
  'tencent-batch.error.secretId': (p, f) =>
    `Tencent Cloud does not know the target's ${f.code('secretId')}; check that the key exists and is enabled${said(p.vendor)}`,
  'tencent-batch.error.token': (p, f) =>
    `The temporary credential's token is invalid or expired; refresh the target's ${f.code('token')}${said(p.vendor)}`,
  'tencent-batch.error.notAllowed': (p, f) =>
    `The target's credential is not allowed to use Batch; grant it ${f.code('batch:RetryJobs')} and ${f.code('batch:DescribeJobs')} in CAM${said(p.vendor)}`,
  'tencent-batch.error.jobIdMalformed': (p, f) =>
    `Tencent Cloud rejected a malformed job id (${ids(p.jobIds, f)}); job ids look like ${f.code(p.example)}${said(p.vendor)}`,
  'tencent-batch.error.jobNotFound': (p, f) =>
    (p.jobIds.length === 1
      ? `No job ${ids(p.jobIds, f)} in ${f.code(p.region)}; check the id and the target's region`
      : `One of the jobs ${ids(p.jobIds, f)} does not exist in ${f.code(p.region)}; check the ids and the target's region`) +
    said(p.vendor),
  'tencent-batch.error.notFailed': (p, f) =>
    `Tencent Cloud refused to retry ${ids(p.jobIds, f)}: only jobs in state ${f.code('FAILED')} can be retried; check the job's state${said(p.vendor)}`,
  'tencent-batch.error.busy': (p, f) =>
    (p.jobIds.length === 1
      ? `Job ${ids(p.jobIds, f)} is busy with another operation; wait for it to finish and ask again`
      : `One of the jobs ${ids(p.jobIds, f)} is busy with another operation; wait for it to finish and ask again`) +
    said(p.vendor),
  'tencent-batch.error.region': (p, f) =>
    `Batch is not available in region ${f.code(p.region)}; fix the target's region${said(p.vendor)}`,
  'tencent-batch.error.tooManyIds': (p, f) =>
    `Too many job ids in one call (at most ${f.number(p.max)})${said(p.vendor)}`,
  'tencent-batch.error.internal': (p) => `Tencent Cloud Batch had an internal error${said(p.vendor)}`,
  'tencent-batch.error.throttled': (p, f) =>
    `Tencent Cloud throttled the request (RetryJobs allows ${f.number(p.perSecond)} per second)${said(p.vendor)}`,
  'tencent-batch.error.parameter': (p) => `Tencent Cloud rejected a parameter${said(p.vendor)}`,
  'tencent-batch.error.credential': (p) => `Tencent Cloud refused the target's credential${said(p.vendor)}`,
  'tencent-batch.error.resourceNotFound': (p, f) =>
    `Tencent Cloud found no such resource in ${f.code(p.region)}${said(p.vendor)}`,
  'tencent-batch.error.refused': (p) => `Tencent Cloud refused the request${said(p.vendor)}`,
};
