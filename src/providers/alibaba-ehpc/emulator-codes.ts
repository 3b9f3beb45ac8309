/**
 * The E-HPC emulator's error codes: the HTTP status and message the gateway answers with for
 * each, and the refusal a check throws to answer with one.
 */

/** Documented HTTP status per code (RerunJobs page; gateway error center). */
export const CODE_STATUS: Record<string, number> = {
  InvalidParams: 400,
  NotEnabled: 400,
  InDebt: 400,
  InvalidClusterStatus: 403,
  ConflictOpt: 403,
  ClusterNotFound: 404,
  ManagerNotFound: 404,
  'AgentError.Job.RerunFailure': 406,
  AliyunError: 406,
  AgentResponseTimeout: 406,
  AgentError: 406,
  NotAuthorized: 407,
  PartFailure: 409,
  UnknownError: 500,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 400,
  IncompleteSignature: 400,
  'InvalidAccessKeyId.NotFound': 404,
  'InvalidAccessKeyId.Inactive': 400,
  'InvalidTimeStamp.Expired': 400,
  'InvalidTimeStamp.Format': 400,
  SignatureNonceUsed: 400,
  MissingParameter: 400,
  'Forbidden.RAM': 403,
  Throttling: 400,
  'Throttling.User': 400,
  'Throttling.Api': 400,
  InternalError: 500,
  'InvalidAction.NotFound': 404,
  InvalidVersion: 400,
  'InvalidSecurityToken.Malformed': 400,
  'InvalidSecurityToken.MismatchWithAccessKey': 400,
};

/** The message the gateway answers with per code; `%s` stands for what it names. */
export const MESSAGES: Record<string, string> = {
  InvalidParams: 'The specified parameter %s is invalid.',
  NotEnabled: 'You have not enabled this service',
  InDebt: 'Your account has overdue payments.',
  InvalidClusterStatus: 'The operation failed due to invalid cluster status.',
  ConflictOpt: 'A conflicting operation is running.',
  ClusterNotFound: 'The specified cluster does not exist.',
  ManagerNotFound: 'The manager nodes do not exist or their status is abnormal.',
  'AgentError.Job.RerunFailure': 'Failed to run the job again: %s.',
  AliyunError: 'An Alibaba Cloud product error occurred.',
  AgentResponseTimeout: 'Agent response timeout: %s',
  AgentError: 'The agent service request failed: %s',
  NotAuthorized: 'You are not authorized by RAM for this request.',
  PartFailure: 'Part of the batch operation failed.',
  UnknownError: 'An unknown error occurred.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server',
  'Throttling.User': 'Request was denied due to user flow control.',
};

/** A request the emulator refuses: answered as HTTP `status` with the error body of `code`. */
export class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly status = CODE_STATUS[code] ?? 400,
  ) {}
}

/** The value of a mandatory parameter, or MissingParameter naming it. */
export function need(value: string | undefined, name: string): string {
  if (value === undefined || value === '')
    throw new Refusal(
      'MissingParameter',
      `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    );
  return value;
}
