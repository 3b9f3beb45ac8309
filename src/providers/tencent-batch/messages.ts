/**
 * Tencent Cloud Batch's messages: ids with their parameters (messages.ids.ts). The words are in messages.en.ts and
 * messages.zh-CN.ts; surfaces render them in the reader's language (src/i18n).
 */
import { defineBundle, messagesOf, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';
import type { TencentMessages } from './messages.ids.ts';

export const msg = messagesOf<TencentMessages>();

const said = 'Job job-rybewp57 does not exist.';

const samples: Samples<TencentMessages> = {
  'tencent-batch.name': {},
  'tencent-batch.field.job_ids.label': {},
  'tencent-batch.field.job_ids.hint': {},
  'tencent-batch.help.summary': { perCall: 100, perSecond: 2 },
  'tencent-batch.summary': { jobIds: ['job-rybewp57', 'job-97zcl3wt'] },
  'tencent-batch.input.jobId': { value: 'JOB-1', example: 'job-rybewp57' },
  'tencent-batch.input.noJobIds': {},
  'tencent-batch.input.tooManyJobIds': { max: 1000, count: 1200 },
  'tencent-batch.refused.notFound': { region: 'ap-guangzhou' },
  'tencent-batch.refused.notFailed': { state: 'RUNNING' },
  'tencent-batch.detail.failedTasks': { count: 3 },
  'tencent-batch.detail.created': { at: '2024-11-26T06:00:00Z' },
  'tencent-batch.detail.ended': { at: '2024-11-26T06:42:10Z' },
  'tencent-batch.detail.facts': {
    facts: [
      { id: 'tencent-batch.detail.failedTasks', params: { count: 3 } },
      { id: 'tencent-batch.detail.created', params: { at: '2024-11-26T06:00:00Z' } },
    ],
  },
  'tencent-batch.note.retryJobs': {},
  'tencent-batch.accepted': { count: 2 },
  'tencent-batch.status.awaitingPickup': {},
  'tencent-batch.error.noResponse': { status: 502 },
  'tencent-batch.error.signature': { vendor: 'The provided credentials could not be validated.' },
  'tencent-batch.error.signatureExpire': { vendor: 'Signature expired.' },
  'tencent-batch.error.secretId': { vendor: 'The SecretId is not found.' },
  'tencent-batch.error.token': { vendor: 'Token is invalid or expired.' },
  'tencent-batch.error.notAllowed': { vendor: 'You are not authorized to perform this operation.' },
  'tencent-batch.error.jobIdMalformed': {
    jobIds: ['job-Rybewp57'],
    example: 'job-rybewp57',
    vendor: 'Invalid job id: job-Rybewp57.',
  },
  'tencent-batch.error.jobNotFound': { jobIds: ['job-rybewp57'], region: 'ap-guangzhou', vendor: said },
  'tencent-batch.error.notFailed': {
    jobIds: ['job-rybewp57'],
    vendor: 'Job job-rybewp57 is RUNNING; only FAILED jobs can be retried.',
  },
  'tencent-batch.error.busy': { jobIds: ['job-rybewp57', 'job-97zcl3wt'] },
  'tencent-batch.error.region': { region: 'ap-moon' },
  'tencent-batch.error.tooManyIds': { max: 100, vendor: 'JobIds exceeds 100.' },
  'tencent-batch.error.internal': { vendor: 'An internal error has occurred.' },
  'tencent-batch.error.throttled': { perSecond: 2, vendor: 'Your current request times exceeds limit.' },
  'tencent-batch.error.parameter': { vendor: 'The request is missing the required parameter Region.' },
  'tencent-batch.error.credential': {},
  'tencent-batch.error.resourceNotFound': { region: 'ap-guangzhou', vendor: 'The task does not exist.' },
  'tencent-batch.error.refused': { vendor: 'Action DescribeJobz is not supported.' },
};

export const messages = defineBundle<TencentMessages>({ catalogs: { en, 'zh-CN': zh }, samples });
