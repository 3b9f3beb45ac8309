/**
 * Tencent Cloud Batch's message ids with their parameters: what messages.ts builds, and what each
 * catalog (messages.en.ts, messages.zh-CN.ts) must word. A file of its own so the catalogs are
 * typed by it without importing messages.ts, which imports them (no import cycle).
 */
import type { Message } from '../../lib/message.ts';

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
