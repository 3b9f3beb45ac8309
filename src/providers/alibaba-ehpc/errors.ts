/**
 * Alibaba Cloud error answers → kind and a sentence a person can act on. Errors arrive as
 * HTTP 4xx/5xx with a JSON body {Code, Message, RequestId, HostId?, Recommend?} (docs/providers/FACTS.md §3.5).
 * E-HPC codes are from the RerunJobs page (providers/docs/alibaba-ehpc-rerunjobs.zh.txt);
 * gateway codes from https://help.aliyun.com/document_detail/434846.html and 51132.html.
 */
import { ProviderError, type ErrorKind } from '../_shared/errors.ts';

export interface EhpcErrorContext {
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

const JOB_SHAPE = 'they look like 1.scheduler, as ListJobs shows them';

function rule(code: string, ctx: EhpcErrorContext): [ErrorKind, string] | undefined {
  const jobs = ctx.jobIds.join(', ');
  switch (code) {
    // Gateway (API signature and account) codes.
    case 'SignatureDoesNotMatch':
      return [
        'auth',
        "Alibaba Cloud refused the request signature; check the target's accessKeySecret (and that no proxy rewrites the request)",
      ];
    case 'IncompleteSignature':
      return [
        'auth',
        'Alibaba Cloud found the request signature incomplete; this is a bug in the adapter, please report it',
      ];
    case 'InvalidAccessKeyId.NotFound':
      return ['auth', "Alibaba Cloud does not know the target's accessKeyId; check that the AccessKey exists"];
    case 'InvalidAccessKeyId.Inactive':
      return ['auth', "The target's AccessKey is disabled; enable it in the RAM console or configure another"];
    case 'InvalidTimeStamp.Expired':
      return ['auth', "Alibaba Cloud says the request time is more than 15 minutes off; check this host's clock (NTP)"];
    case 'InvalidTimeStamp.Format':
      return [
        'invalid',
        'Alibaba Cloud could not read the request timestamp; this is a bug in the adapter, please report it',
      ];
    case 'SignatureNonceUsed':
      return ['auth', 'Alibaba Cloud saw this request nonce before (a replayed request); it was not executed'];
    case 'InvalidSecurityToken.Expired':
      return ['auth', "The target's STS securityToken has expired; refresh the temporary credentials"];
    case 'InvalidSecurityToken.Malformed':
    case 'InvalidSecurityToken.MismatchWithAccessKey':
      return [
        'auth',
        "The target's STS securityToken is invalid or does not belong to its accessKeyId; refresh the temporary credentials",
      ];
    case 'MissingParameter':
      return [
        'invalid',
        'Alibaba Cloud says a required parameter is missing; this is a bug in the adapter, please report it',
      ];
    case 'Forbidden.RAM':
      return [
        'auth',
        "RAM does not allow the target's credential to do this; grant it ehpc:RerunJobs and ehpc:ListJobs",
      ];
    case 'InternalError':
      return ['server', 'Alibaba Cloud had an internal error'];
    case 'ServiceUnavailable':
      return ['server', 'E-HPC is temporarily unavailable'];
    // E-HPC RerunJobs codes (seed doc table).
    case 'InvalidParams':
      return [
        'invalid',
        `E-HPC rejected a parameter of the request for cluster ${ctx.cluster}; check the job ids (${JOB_SHAPE})`,
      ];
    case 'NotEnabled':
      return ['precondition', 'E-HPC is not activated for this Alibaba Cloud account; activate the service first'];
    case 'InDebt':
      return [
        'precondition',
        'The Alibaba Cloud account has overdue payments; E-HPC refuses operations until they are settled',
      ];
    case 'InvalidClusterStatus':
      return [
        'precondition',
        `Cluster ${ctx.cluster} is not in a state that allows this (stopped, starting, or being changed); wait until it is Running and ask again`,
      ];
    case 'ConflictOpt':
      return [
        'transient',
        `Another operation is running on cluster ${ctx.cluster}; nothing was requeued. Wait for it to finish and ask again`,
      ];
    case 'ClusterNotFound':
      return ['not-found', `No cluster ${ctx.cluster} in ${ctx.region}; check the cluster id and the target's region`];
    case 'ManagerNotFound':
      return [
        'precondition',
        `The manager node of cluster ${ctx.cluster} is missing or unhealthy, so its scheduler cannot take requests; check the cluster's nodes`,
      ];
    case RERUN_FAILURE:
      return ['precondition', `The scheduler of cluster ${ctx.cluster} refused to requeue ${jobs}`];
    case 'AgentResponseTimeout':
      return [
        'server',
        `The agent on cluster ${ctx.cluster} did not answer in time; the scheduler may or may not have acted`,
      ];
    case 'AgentError':
      return ['server', `The agent request on cluster ${ctx.cluster} failed; the scheduler may or may not have acted`];
    case 'AliyunError':
      return ['server', 'Another Alibaba Cloud product failed while E-HPC handled the request'];
    case 'NotAuthorized':
      return [
        'auth',
        "RAM does not authorize the target's credential for this request; grant it ehpc:RerunJobs and ehpc:ListJobs",
      ];
    case PART_FAILURE:
      return ['server', `Part of the batch failed on cluster ${ctx.cluster}: some jobs were requeued, some not`];
    case 'UnknownError':
      return ['server', 'E-HPC had an unknown error'];
  }
  if (code.startsWith('Throttling')) return ['throttled', 'Alibaba Cloud throttled the request; nothing was executed'];
  if (code.startsWith('InvalidAccessKeyId') || code.startsWith('InvalidSecurityToken'))
    return ['auth', "Alibaba Cloud refused the target's credential"];
  if (code.startsWith('Forbidden'))
    return ['auth', "The target's credential is not allowed to do this; check its RAM policy"];
  if (code.startsWith('Missing') || code.startsWith('Invalid'))
    return ['invalid', 'Alibaba Cloud rejected a parameter of the request'];
  return undefined;
}

/** When the code is not one we know, the HTTP status still says what kind of failure it is. */
export function byStatus(status: number): [ErrorKind, string] {
  if (status === 429) return ['throttled', 'Alibaba Cloud throttled the request; nothing was executed'];
  if (status === 401 || status === 403 || status === 407)
    return ['auth', "Alibaba Cloud refused the target's credential or permissions"];
  if (status === 404) return ['not-found', 'Alibaba Cloud found no such resource'];
  if (status >= 500) return ['server', `E-HPC answered HTTP ${status}`];
  return ['invalid', 'E-HPC refused the request'];
}

export function ehpcError(body: AlibabaErrorBody, httpStatus: number, ctx: EhpcErrorContext): ProviderError {
  const code = body.Code;
  const [kind, sentence] = (code && rule(code, ctx)) || byStatus(httpStatus);
  // SignatureDoesNotMatch quotes the gateway's string to sign, which holds the AccessKey id and,
  // with STS, the security token: never pass it on.
  const vendor = body.Message?.replace(/\s*server string to sign is:[\s\S]*$/i, '').trim();
  let detail = vendor && !sentence.includes(vendor) ? `${sentence}. E-HPC says: "${vendor}"` : sentence;
  if (body.Recommend && /^https:\/\//.test(body.Recommend)) detail += `. Diagnosis: ${body.Recommend}`;
  return new ProviderError(kind, detail, { code, requestId: body.RequestId, httpStatus });
}
