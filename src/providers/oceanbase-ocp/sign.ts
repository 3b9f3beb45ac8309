/**
 * OCP AccessKey signing (`OCP-ACCESS-KEY-HMACSHA1`) and the HTTP Basic alternative.
 * Pure: the caller passes the Date header value; no I/O, no Date.now().
 *
 * String to sign: 7 lines joined by `\n` (OCP doc "AccessKey authentication",
 * docs/providers/FACTS.md §4.2; line details as in OceanBase's own client, awesome-oceanbase-mcp
 * `ocp_client.py` `_get_signature`):
 *   HttpMethod, Md5Payload, ContentType, Date, Host, OCP-Headers, PathAndQueryParams
 * Signature = Base64(HMAC-SHA1(secretKey, UTF-8 string to sign)); the algorithm name is
 * upper-case `HMACSHA1`, the only one OCP accepts.
 */
import { hmacSha1Base64, md5HexUpper, rfc3986 } from '../_shared/crypto.ts';

export const OCP_ALGORITHM = 'OCP-ACCESS-KEY-HMACSHA1';

interface OcpSignInput {
  accessKey: string;
  secretKey: string;
  method: string;
  /** `host:port` exactly as the Host header carries it. */
  host: string;
  /** The path as sent, before the query. */
  path: string;
  /** Query parameters as [name, value] pairs, unencoded; signed sorted and RFC 3986-encoded. */
  query: readonly (readonly [string, string])[];
  /** Headers other than Host, Date and Authorization (Content-Type, x-ocp-*, …). */
  headers: Readonly<Record<string, string>>;
  /** The exact body; empty for none. */
  body: string;
  /** RFC 1123 GMT date, also sent as the Date header. */
  date: string;
}

interface OcpSignature {
  md5Payload: string;
  contentType: string;
  ocpHeaders: string;
  pathAndQuery: string;
  stringToSign: string;
  signature: string;
  authorization: string;
  /** Every header to send: the input headers plus Host, Date and Authorization. */
  headers: Record<string, string>;
}

/** The Date header for a moment, in RFC 1123 form (`Tue, 26 Nov 2024 06:00:00 GMT`). */
export function rfc1123(time: Date): string {
  return time.toUTCString();
}

/** Path plus `?` and the parameters sorted by name (then value), names and values RFC 3986-encoded. */
function pathAndQuery(path: string, query: OcpSignInput['query']): string {
  if (query.length === 0) return path;
  const sorted = [...query].sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)));
  return `${path}?${sorted.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&')}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function headerValue(headers: OcpSignInput['headers'], name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? '' : (headers[key] ?? '');
}

/**
 * Each `x-ocp-*` header as `name:value`, sorted by name, one per line. Names are taken in
 * lower case (HTTP names are case-insensitive; the vectors only use lower-case names).
 */
function ocpHeaderLines(headers: OcpSignInput['headers']): string {
  return Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v.trim()] as const)
    .filter(([k]) => k.startsWith('x-ocp-'))
    .sort(([a], [b]) => compare(a, b))
    .map(([k, v]) => `${k}:${v}`)
    .join('\n');
}

export function signOcp(input: OcpSignInput): OcpSignature {
  const md5Payload = input.body === '' ? '' : md5HexUpper(Buffer.from(input.body, 'utf8'));
  const contentType = headerValue(input.headers, 'content-type');
  const ocpHeaders = ocpHeaderLines(input.headers);
  const signedPath = pathAndQuery(input.path, input.query);
  const stringToSign = [
    input.method.toUpperCase(),
    md5Payload,
    contentType,
    input.date,
    input.host,
    ocpHeaders,
    signedPath,
  ].join('\n');
  const signature = hmacSha1Base64(input.secretKey, stringToSign);
  const authorization = `${OCP_ALGORITHM} ${input.accessKey}:${signature}`;
  return {
    md5Payload,
    contentType,
    ocpHeaders,
    pathAndQuery: signedPath,
    stringToSign,
    signature,
    authorization,
    headers: { ...input.headers, Host: input.host, Date: input.date, Authorization: authorization },
  };
}

/** `Authorization: Basic base64(user:password)` (RFC 7617), as obdiag sends it to OCP. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
