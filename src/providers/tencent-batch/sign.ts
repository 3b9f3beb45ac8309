/**
 * TC3-HMAC-SHA256 request signing (Tencent Cloud API 3.0 "Signature v3").
 * Pure: the caller passes the timestamp; no I/O, no Date.now().
 * Rules as in docs/providers/FACTS.md §2.3 and tencentcloud-sdk-nodejs-common `sign3`.
 */
import { hmacSha256, hmacSha256Hex, sha256Hex } from '../_shared/crypto.ts';

interface Tc3Input {
  secretId: string;
  secretKey: string;
  method: 'GET' | 'POST';
  host: string;
  /** The credential-scope service: always `batch` for Batch, whatever the host. */
  service: string;
  contentType: string;
  /** For GET: exactly the query string that is sent (it is signed as is, not re-sorted). */
  query: string;
  body: string;
  /** Unix seconds. */
  timestamp: number;
}

interface Tc3Signature {
  canonicalRequest: string;
  credentialScope: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

const ALGORITHM = 'TC3-HMAC-SHA256';
const SIGNED_HEADERS = 'content-type;host';

/** The UTC date of the timestamp: near midnight it differs from the date in UTC+8. */
function utcDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function signTc3(input: Tc3Input): Tc3Signature {
  const date = utcDate(input.timestamp);
  const canonicalRequest = [
    input.method,
    '/',
    input.query,
    `content-type:${input.contentType}\nhost:${input.host}\n`,
    SIGNED_HEADERS,
    sha256Hex(input.body),
  ].join('\n');
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [ALGORITHM, String(input.timestamp), credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmacSha256('TC3' + input.secretKey, date);
  const kService = hmacSha256(kDate, input.service);
  const kSigning = hmacSha256(kService, 'tc3_request');
  const signature = hmacSha256Hex(kSigning, stringToSign);
  const authorization = `${ALGORITHM} Credential=${input.secretId}/${credentialScope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`;
  return { canonicalRequest, credentialScope, stringToSign, signature, authorization };
}
