/**
 * Tencent Cloud Batch's messages: ids with their parameters. The words are in messages.en.ts and
 * messages.zh-CN.ts; surfaces render them in the reader's language (src/i18n).
 */
import { defineBundle, messagesOf, type Message, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';

/**
 * `vendor` is Tencent Cloud's own Response.Error.Message, kept as it came (English): the
 * sentence around it is ours and translated.
 */
type Vendor = { vendor?: string | undefined };

export type TencentMessages = {
  'tencent-batch.name': Record<string, never>;
  'tencent-batch.field.job_ids.label': Record<string, never>;
  'tencent-batch.field.job_ids.hint': Record<string, never>;
  'tencent-batch.help.summary': { perCall: number; perSecond: number };
  'tencent-batch.summary': { jobIds: string[] };

  'tencent-batch.input.jobId': { value: string; example: string };
  'tencent-batch.input.noJobIds': Record<string, never>;
  'tencent-batch.input.tooManyJobIds': { max: number; count: number };

  'tencent-batch.refused.notFound': { region: string };
  'tencent-batch.refused.notFailed': { state: string };
  'tencent-batch.detail.failedTasks': { count: number };
  'tencent-batch.detail.created': { at: string };
  'tencent-batch.detail.ended': { at: string };
  /** Several facts about one job on one line (a status detail is one message). */
  'tencent-batch.detail.facts': { facts: Message[] };
  'tencent-batch.note.retryJobs': Record<string, never>;

  'tencent-batch.accepted': { count: number };
  'tencent-batch.status.awaitingPickup': Record<string, never>;

  'tencent-batch.error.noResponse': { status: number };
  'tencent-batch.error.signature': Vendor;
  'tencent-batch.error.signatureExpire': Vendor;
  'tencent-batch.error.secretId': Vendor;
  'tencent-batch.error.token': Vendor;
  'tencent-batch.error.notAllowed': Vendor;
  'tencent-batch.error.jobIdMalformed': { jobIds: string[]; example: string } & Vendor;
  'tencent-batch.error.jobNotFound': { jobIds: string[]; region: string } & Vendor;
  'tencent-batch.error.notFailed': { jobIds: string[] } & Vendor;
  'tencent-batch.error.busy': { jobIds: string[] } & Vendor;
  'tencent-batch.error.region': { region: string } & Vendor;
  'tencent-batch.error.tooManyIds': { max: number } & Vendor;
  'tencent-batch.error.internal': Vendor;
  'tencent-batch.error.throttled': { perSecond: number } & Vendor;
  'tencent-batch.error.parameter': Vendor;
  'tencent-batch.error.credential': Vendor;
  'tencent-batch.error.resourceNotFound': { region: string } & Vendor;
  'tencent-batch.error.refused': Vendor;
};

export const msg = messagesOf<TencentMessages>();

const said = 'Job job-rybewp57 does not exist.';

export const samples: Samples<TencentMessages> = {
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
