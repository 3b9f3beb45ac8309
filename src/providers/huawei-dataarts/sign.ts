/**
 * APIG `SDK-HMAC-SHA256` request signing (Huawei Cloud "API signing guide", algorithm pages
 * -002/-004/-005; docs/providers/FACTS.md §1.3). Pure: the caller puts `X-Sdk-Date` in the headers; no I/O,
 * no Date.now().
 *
 * Path encoding follows the Python SDK (docs/providers/FACTS.md §1.7): the raw job name is RFC 3986-encoded
 * exactly once, that path is what goes on the wire, and the canonical URI decodes each segment
 * before encoding it again, so an already-encoded path is never encoded twice (`%20`, never
 * `%2520`). The canonical URI always ends in `/`; the request line does not.
 */
import { hmacSha256Hex, rfc3986, sha256Hex } from '../_shared/crypto.ts';

export const ALGORITHM = 'SDK-HMAC-SHA256';
/** Literal used as the payload hash when `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` is sent. */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

type QueryPairs = readonly (readonly [string, string])[];

interface SdkHmacInput {
  accessKey: string;
  secretKey: string;
  method: string;
  /** The path exactly as sent on the request line (each segment RFC 3986-encoded once). */
  path: string;
  query: QueryPairs;
  /** Every header that is sent and signed; must include `host` and `X-Sdk-Date`. */
  headers: Readonly<Record<string, string>>;
  /** The exact body bytes that are sent ('' when none). */
  body: string;
}

interface SdkHmacSignature {
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  hashedPayload: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

/** Substitutes raw path parameters into a template such as `/v2/{project_id}/…`, encoding each once. */
export function encodePath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter ${name} is missing`);
    return rfc3986(value);
  });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%` that is not an escape: encode it as a literal
  }
}

/** Step 2: decode each segment, RFC 3986-encode it, re-join, and always end with `/`. */
export function canonicalUri(path: string): string {
  const uri = path
    .split('/')
    .map((s) => rfc3986(decodeSegment(s)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Step 3: sorted by name, then value; names and values RFC 3986-encoded. Also the query sent. */
export function canonicalQueryString(query: QueryPairs): string {
  return [...query]
    .sort(([an, av], [bn, bv]) => (an === bn ? (av < bv ? -1 : av > bv ? 1 : 0) : an < bn ? -1 : 1))
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .join('&');
}

/** `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function signSdkHmacSha256(input: SdkHmacInput): SdkHmacSignature {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers)) headers.set(name.toLowerCase(), value.trim());
  const sdkDate = headers.get('x-sdk-date');
  if (!sdkDate) throw new Error('X-Sdk-Date must be among the signed headers');
  if (!headers.has('host')) throw new Error('host must be among the signed headers');

  const names = [...headers.keys()].sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n)}\n`).join('');
  const signedHeaders = names.join(';');
  const hashedPayload =
    headers.get('x-sdk-content-sha256') === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(input.body);
  const canonicalUriValue = canonicalUri(input.path);
  const canonicalQuery = canonicalQueryString(input.query);
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUriValue,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  ].join('\n');
  const stringToSign = [ALGORITHM, sdkDate, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmacSha256Hex(input.secretKey, stringToSign);
  const authorization = `${ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    canonicalUri: canonicalUriValue,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
  };
}
