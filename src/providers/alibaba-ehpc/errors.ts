/**
 * Alibaba Cloud error answers → kind and a message a person can act on. Errors arrive as
 * HTTP 4xx/5xx with a JSON body {Code, Message, RequestId, HostId?, Recommend?} (docs/providers/FACTS.md §3.5).
 * E-HPC codes are from the RerunJobs page (providers/docs/alibaba-ehpc-rerunjobs.zh.txt);
 * gateway codes from https://help.aliyun.com/document_detail/434846.html and 51132.html.
 */
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';
import type { Message } from '../../lib/message.ts';
import type { VendorSaid } from './messages.ids.ts';
import { msg } from './messages.ts';

interface EhpcErrorContext {
  region: string;
  cluster: string;
  jobIds: readonly string[];
}

/** The documented error body. */
export interface AlibabaErrorBody {
  Code?: string;
  Message?: string;
  RequestId?: string;
  HostId?: string;
  Recommend?: string;
}

/** Answers that prove the call was refused before it ran, after which it is re-signed and sent again. */
export const RESIGN_CODES: ReadonlySet<string> = new Set(['SignatureNonceUsed', 'InvalidTimeStamp.Expired']);
/** The batch ran for some jobs and not others: reconcile per job by reading states; never resend. */
export const PART_FAILURE = 'PartFailure';
/** The cluster's agent says the rerun failed; with several jobs, some may still have been requeued. */
export const RERUN_FAILURE = 'AgentError.Job.RerunFailure';
/**
 * Codes about the account, the credential or the cluster as a whole: every further call of the
 * same request would get the same answer, so the remaining batches are not sent.
 */
export const REQUEST_WIDE_CODES: ReadonlySet<string> = new Set([
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'Forbidden.RAM',
  'NotAuthorized',
  'NotEnabled',
  'InDebt',
  'ClusterNotFound',
  'ManagerNotFound',
  'InvalidClusterStatus',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey',
]);

function rule(code: string, ctx: EhpcErrorContext, v: VendorSaid): [ErrorKind, Message] | undefined {
  const { cluster, region } = ctx;
  switch (code) {
    // Gateway (API signature and account) codes.
    case 'SignatureDoesNotMatch':
      return ['auth', msg('alibaba-ehpc.error.signatureMismatch', v)];
    case 'IncompleteSignature':
      return ['auth', msg('alibaba-ehpc.error.incompleteSignature', v)];
    case 'InvalidAccessKeyId.NotFound':
      return ['auth', msg('alibaba-ehpc.error.accessKeyNotFound', v)];
    case 'InvalidAccessKeyId.Inactive':
      return ['auth', msg('alibaba-ehpc.error.accessKeyInactive', v)];
    case 'InvalidTimeStamp.Expired':
      return ['auth', msg('alibaba-ehpc.error.timestampExpired', v)];
    case 'InvalidTimeStamp.Format':
      return ['invalid', msg('alibaba-ehpc.error.timestampFormat', v)];
    case 'SignatureNonceUsed':
      return ['auth', msg('alibaba-ehpc.error.nonceUsed', v)];
    case 'InvalidSecurityToken.Expired':
      return ['auth', msg('alibaba-ehpc.error.tokenExpired', v)];
    case 'InvalidSecurityToken.Malformed':
    case 'InvalidSecurityToken.MismatchWithAccessKey':
      return ['auth', msg('alibaba-ehpc.error.tokenInvalid', v)];
    case 'MissingParameter':
      return ['invalid', msg('alibaba-ehpc.error.missingParameter', v)];
    case 'Forbidden.RAM':
      return ['auth', msg('alibaba-ehpc.error.ramForbidden', v)];
    case 'InternalError':
      return ['server', msg('alibaba-ehpc.error.internal', v)];
    case 'ServiceUnavailable':
      return ['server', msg('alibaba-ehpc.error.unavailable', v)];
    // E-HPC RerunJobs codes (seed doc table).
    case 'InvalidParams':
      return ['invalid', msg('alibaba-ehpc.error.invalidParams', { ...v, cluster })];
    case 'NotEnabled':
      return ['precondition', msg('alibaba-ehpc.error.notEnabled', v)];
    case 'InDebt':
      return ['precondition', msg('alibaba-ehpc.error.inDebt', v)];
    case 'InvalidClusterStatus':
      return ['precondition', msg('alibaba-ehpc.error.clusterStatus', { ...v, cluster })];
    case 'ConflictOpt':
      return ['transient', msg('alibaba-ehpc.error.conflict', { ...v, cluster })];
    case 'ClusterNotFound':
      return ['not-found', msg('alibaba-ehpc.error.clusterNotFound', { ...v, cluster, region })];
    case 'ManagerNotFound':
      return ['precondition', msg('alibaba-ehpc.error.managerNotFound', { ...v, cluster })];
    case RERUN_FAILURE:
      return ['precondition', msg('alibaba-ehpc.error.rerunFailure', { ...v, cluster, jobs: [...ctx.jobIds] })];
    case 'AgentResponseTimeout':
      return ['server', msg('alibaba-ehpc.error.agentTimeout', { ...v, cluster })];
    case 'AgentError':
      return ['server', msg('alibaba-ehpc.error.agentError', { ...v, cluster })];
    case 'AliyunError':
      return ['server', msg('alibaba-ehpc.error.aliyunError', v)];
    case 'NotAuthorized':
      return ['auth', msg('alibaba-ehpc.error.notAuthorized', v)];
    case PART_FAILURE:
      return ['server', msg('alibaba-ehpc.error.partFailure', { ...v, cluster })];
    case 'UnknownError':
      return ['server', msg('alibaba-ehpc.error.unknown', v)];
  }
  if (code.startsWith('Throttling')) return ['throttled', msg('alibaba-ehpc.error.throttled', v)];
  if (code.startsWith('InvalidAccessKeyId') || code.startsWith('InvalidSecurityToken'))
    return ['auth', msg('alibaba-ehpc.error.credential', v)];
  if (code.startsWith('Forbidden')) return ['auth', msg('alibaba-ehpc.error.forbidden', v)];
  if (code.startsWith('Missing') || code.startsWith('Invalid'))
    return ['invalid', msg('alibaba-ehpc.error.invalid', v)];
  return undefined;
}

/** When the code is not one we know, the HTTP status still says what kind of failure it is. */
export function byStatus(status: number, v: VendorSaid = {}): [ErrorKind, Message] {
  if (status === 429) return ['throttled', msg('alibaba-ehpc.error.throttled', v)];
  if (status === 401 || status === 403 || status === 407) return ['auth', msg('alibaba-ehpc.error.httpAuth', v)];
  if (status === 404) return ['not-found', msg('alibaba-ehpc.error.httpNotFound', v)];
  if (status >= 500) return ['server', msg('alibaba-ehpc.error.httpServer', { ...v, status })];
  return ['invalid', msg('alibaba-ehpc.error.httpRefused', { ...v, status })];
}

/** What the answer itself says, for the message to quote: only what is there, and never a secret. */
function vendorSaid(body: AlibabaErrorBody): VendorSaid {
  // SignatureDoesNotMatch quotes the gateway's string to sign, which holds the AccessKey id and,
  // with STS, the security token: never pass it on.
  const vendor = body.Message?.replace(/\s*server string to sign is:[\s\S]*$/i, '').trim();
  const diagnosis = body.Recommend && /^https:\/\//.test(body.Recommend) ? body.Recommend : undefined;
  return { ...(vendor ? { vendor } : {}), ...(diagnosis ? { diagnosis } : {}) };
}

export function ehpcError(body: AlibabaErrorBody, httpStatus: number, ctx: EhpcErrorContext): ProviderError {
  const code = body.Code;
  const said = vendorSaid(body);
  const [kind, detail] = (code && rule(code, ctx, said)) || byStatus(httpStatus, said);
  return new ProviderError(kind, detail, { code, requestId: body.RequestId, httpStatus });
}
