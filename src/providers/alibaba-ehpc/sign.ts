/**
 * Alibaba Cloud request signing for RPC-style APIs such as E-HPC 2018-04-12. Both schemes the
 * gateway accepts are here (docs/providers/FACTS.md §3.2, §3.3):
 *  - V1 "RPC" signature: HMAC-SHA1 over the doubly encoded, sorted query, sent as the
 *    `Signature` query parameter (https://www.alibabacloud.com/help/doc-detail/50286.html);
 *  - V3 `ACS3-HMAC-SHA256`: a canonical request hashed and signed into the Authorization header
 *    (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).
 * Pure: the caller passes the timestamp and the nonce; no I/O, no Date.now().
 */
import { hmacSha1Base64, hmacSha256Hex, rfc3986, sha256Hex } from '../_shared/crypto.ts';

/**
 * Alibaba's `percentEncode` (openapi-util): UTF-8, RFC 3986 unreserved characters literal,
 * space as %20 (never +), `*` as %2A, `~` literal, upper-case hex. That is exactly RFC 3986.
 */
export const percentEncode = rfc3986;

/** `yyyy-MM-ddTHH:mm:ssZ` in UTC, the form both `Timestamp` (V1) and `x-acs-date` (V3) take. */
export function acsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `name=value` pairs, sorted by name (code-unit order, as the SDKs sort), both sides encoded. */
function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
}

// ---------------------------------------------------------------------------------------------
// V1: RPC signature (HMAC-SHA1)

const V1_SIGNATURE_METHOD = 'HMAC-SHA1';
const V1_SIGNATURE_VERSION = '1.0';

interface RpcV1CommonInput {
  action: string;
  version: string;
  accessKeyId: string;
  /** Unique per request: the gateway answers SignatureNonceUsed to a repeat. */
  nonce: string;
  /** UTC `yyyy-MM-ddTHH:mm:ssZ`; the gateway allows 15 minutes of skew. */
  timestamp: string;
  /** STS temporary credentials carry a token, sent and signed as `SecurityToken`. */
  securityToken?: string | undefined;
}

/** The common parameters of an RPC V1 request merged with the API's own parameters. */
export function rpcV1Params(
  common: RpcV1CommonInput,
  apiParams: Readonly<Record<string, string>>,
): Record<string, string> {
  const params: Record<string, string> = {
    Action: common.action,
    Version: common.version,
    Format: 'JSON',
    AccessKeyId: common.accessKeyId,
    SignatureMethod: V1_SIGNATURE_METHOD,
    SignatureVersion: V1_SIGNATURE_VERSION,
    SignatureNonce: common.nonce,
    Timestamp: common.timestamp,
  };
  if (common.securityToken) params['SecurityToken'] = common.securityToken;
  return { ...params, ...apiParams };
}

interface RpcV1Signature {
  canonicalizedQuery: string;
  stringToSign: string;
  signature: string;
  /** The query to send: the canonicalized query plus `&Signature=<encoded signature>`. */
  query: string;
}

/**
 * V1 steps: sort every parameter but `Signature`, encode names and values, join with `&`;
 * string to sign = METHOD & enc("/") & enc(canonicalized) (so the query is encoded twice);
 * signature = Base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)).
 */
export function signRpcV1(input: {
  method: string;
  params: Readonly<Record<string, string>>;
  accessKeySecret: string;
}): RpcV1Signature {
  const { Signature: _ignored, ...signed } = input.params;
  const canonicalizedQuery = canonicalQuery(signed);
  const stringToSign = `${input.method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalizedQuery)}`;
  const signature = hmacSha1Base64(`${input.accessKeySecret}&`, stringToSign);
  return {
    canonicalizedQuery,
    stringToSign,
    signature,
    query: `${canonicalizedQuery}&Signature=${percentEncode(signature)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// V3: ACS3-HMAC-SHA256

const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

interface Acs3Input {
  method: string;
  /** Host (and port, if not the default) exactly as sent in the Host header. */
  host: string;
  /** RPC parameters, sent in the query string. */
  query: Readonly<Record<string, string>>;
  action: string;
  version: string;
  /** UTC `yyyy-MM-ddTHH:mm:ssZ`. */
  date: string;
  nonce: string;
  body: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
  contentType?: string | undefined;
}

interface Acs3Signature {
  canonicalQuery: string;
  hashedPayload: string;
  canonicalHeaders: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
  /** Every header to send, Authorization included (lower-case names, as signed). */
  headers: Record<string, string>;
}

/**
 * V3 steps: canonical request = METHOD \n / \n canonical query \n canonical headers \n
 * signed headers \n hex SHA-256(body), where the canonical headers are `host`, `content-type`
 * when present and every `x-acs-*` header, lower-case, trimmed, sorted; string to sign =
 * "ACS3-HMAC-SHA256\n" + hex SHA-256(canonical request); signature = hex HMAC-SHA256(secret).
 * The Authorization parts are joined by commas with no spaces.
 */
export function signAcs3(input: Acs3Input): Acs3Signature {
  const hashedPayload = sha256Hex(input.body);
  const signable: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version,
    'x-acs-date': input.date,
    'x-acs-signature-nonce': input.nonce,
    'x-acs-content-sha256': hashedPayload,
  };
  if (input.securityToken) signable['x-acs-security-token'] = input.securityToken;
  if (input.contentType) signable['content-type'] = input.contentType;
  const names = Object.keys(signable).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(signable[n] as string).trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const query = canonicalQuery(input.query);
  const canonicalRequest = [
    input.method.toUpperCase(),
    '/',
    query,
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  ].join('\n');
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
  const signature = hmacSha256Hex(input.accessKeySecret, stringToSign);
  const authorization = `${ACS3_ALGORITHM} Credential=${input.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return {
    canonicalQuery: query,
    hashedPayload,
    canonicalHeaders,
    signedHeaders,
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
    headers: { ...signable, authorization },
  };
}
