/**
 * The E-HPC emulator's own signing code (deliberately not imported from sign.ts): it verifies
 * both signatures the gateway accepts. V1 RPC: query `Signature`, HMAC-SHA1 keyed with
 * secret + "&", doubly encoded string to sign, Timestamp within 15 minutes, nonce reuse refused.
 * V3 ACS3-HMAC-SHA256: Authorization header, signed x-acs-* headers, x-acs-content-sha256.
 */
import { createHash, createHmac } from 'node:crypto';
import type { RecordedRequest } from '../../emulators/server.ts';
import { need, Refusal } from './emulator-codes.ts';

export interface EhpcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, every request must carry this STS token (SecurityToken / x-acs-security-token). */
  securityToken?: string;
}

/** What the gateway checks besides the signature, read at each request so tests may change it. */
interface GatewayPolicy {
  /** Allowed clock skew of Timestamp / x-acs-date. */
  readonly maxSkewMs: number;
  /** The AccessKey is disabled: InvalidAccessKeyId.Inactive. */
  readonly keyInactive: boolean;
}

/** A request whose signature holds: the action it calls and its own parameters. */
export interface Authenticated {
  action: string;
  version: string;
  params: Map<string, string>;
  signature: 'v1' | 'v3';
}

interface Verifier {
  /** The request's action and parameters, or the Refusal the gateway answers a bad signature with. */
  authenticate(req: RecordedRequest): Authenticated;
  /** Requests refused for a bad signature (SignatureDoesNotMatch). */
  readonly signatureFailures: number;
}

/** RFC 3986 as Alibaba's percentEncode: unreserved literal, everything else %XX upper-case. */
function enc(s: string): string {
  return Array.from(new TextEncoder().encode(s))
    .map((b) => {
      const c = String.fromCharCode(b);
      return /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Query pairs as sent, decoded. A `+` is a literal plus: Alibaba clients send spaces as %20. */
function parseQuery(raw: string): [string, string][] {
  if (!raw) return [];
  return raw
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      const k = i < 0 ? pair : pair.slice(0, i);
      const v = i < 0 ? '' : pair.slice(i + 1);
      return [decodeURIComponent(k), decodeURIComponent(v)];
    });
}

const canonical = (pairs: [string, string][]) =>
  pairs
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The V1 common parameters: the rest are the action's own. */
const COMMON_V1 = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'Signature',
  'SecurityToken',
  'RegionId',
]);

/** Verifies requests signed with `creds`; remembers the nonces used and counts bad signatures. */
export function createVerifier(creds: EhpcCredentials, policy: () => GatewayPolicy): Verifier {
  const usedNonces = new Set<string>();
  let signatureFailures = 0;

  function checkTimeAndKey(accessKeyId: string, time: string, token: string | undefined): void {
    if (accessKeyId !== creds.accessKeyId)
      throw new Refusal('InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (policy().keyInactive) throw new Refusal('InvalidAccessKeyId.Inactive', 'Specified access key is disabled.');
    if (!TIMESTAMP.test(time))
      throw new Refusal('InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(Date.now() - Date.parse(time)) > policy().maxSkewMs)
      throw new Refusal('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (creds.securityToken !== undefined && token !== creds.securityToken) {
      throw new Refusal(
        token ? 'InvalidSecurityToken.MismatchWithAccessKey' : 'InvalidSecurityToken.Malformed',
        'Specified SecurityToken is invalid or does not match the AccessKey.',
      );
    }
    if (creds.securityToken === undefined && token !== undefined)
      throw new Refusal('InvalidSecurityToken.Malformed', 'Specified SecurityToken is malformed.');
  }

  function useNonce(nonce: string): void {
    if (usedNonces.has(nonce)) throw new Refusal('SignatureNonceUsed', 'Specified signature nonce was used already.');
    usedNonces.add(nonce);
  }

  function badSignature(serverStringToSign: string): Refusal {
    signatureFailures += 1;
    return new Refusal(
      'SignatureDoesNotMatch',
      `Specified signature does not match our calculation. server string to sign is:${serverStringToSign}`,
    );
  }

  function verifyV1(req: RecordedRequest, pairs: [string, string][]): Authenticated {
    const p = new Map(pairs);
    const accessKeyId = need(p.get('AccessKeyId'), 'AccessKeyId');
    const given = need(p.get('Signature'), 'Signature');
    if (p.get('SignatureMethod') !== 'HMAC-SHA1')
      throw new Refusal('IncompleteSignature', 'SignatureMethod must be HMAC-SHA1.');
    if (p.get('SignatureVersion') !== '1.0') throw new Refusal('IncompleteSignature', 'SignatureVersion must be 1.0.');
    const nonce = need(p.get('SignatureNonce'), 'SignatureNonce');
    checkTimeAndKey(accessKeyId, need(p.get('Timestamp'), 'Timestamp'), p.get('SecurityToken'));
    const stringToSign = `${req.method}&${enc('/')}&${enc(canonical(pairs.filter(([k]) => k !== 'Signature')))}`;
    const expected = createHmac('sha1', `${creds.accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
    if (expected !== given) throw badSignature(stringToSign);
    useNonce(nonce);
    const params = new Map(pairs.filter(([k]) => !COMMON_V1.has(k)));
    return {
      action: need(p.get('Action'), 'Action'),
      version: need(p.get('Version'), 'Version'),
      params,
      signature: 'v1',
    };
  }

  function verifyV3(req: RecordedRequest, pairs: [string, string][], authorization: string): Authenticated {
    const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
    if (!m) throw new Refusal('IncompleteSignature', 'The Authorization header does not conform to ACS3-HMAC-SHA256.');
    const [, accessKeyId, signedList, given] = m as unknown as [string, string, string, string];
    const h = req.headers;
    const action = need(h['x-acs-action'], 'x-acs-action');
    const version = need(h['x-acs-version'], 'x-acs-version');
    const nonce = need(h['x-acs-signature-nonce'], 'x-acs-signature-nonce');
    const contentHash = need(h['x-acs-content-sha256'], 'x-acs-content-sha256');
    checkTimeAndKey(accessKeyId, need(h['x-acs-date'], 'x-acs-date'), h['x-acs-security-token']);
    const signed = signedList.split(';');
    const mustSign = ['host', ...Object.keys(h).filter((k) => k.startsWith('x-acs-'))];
    const unsigned = mustSign.filter((k) => !signed.includes(k));
    if (unsigned.length) throw new Refusal('IncompleteSignature', `Header(s) ${unsigned.join(', ')} must be signed.`);
    if ([...signed].sort().join(';') !== signedList)
      throw new Refusal('IncompleteSignature', 'SignedHeaders must be sorted.');
    if (contentHash !== sha256(req.body)) throw badSignature('x-acs-content-sha256 does not match the request body');
    const canonicalHeaders = signed.map((k) => `${k}:${(h[k] ?? '').trim()}\n`).join('');
    const canonicalRequest = [req.method, req.path, canonical(pairs), canonicalHeaders, signedList, contentHash].join(
      '\n',
    );
    const stringToSign = `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`;
    const expected = createHmac('sha256', creds.accessKeySecret).update(stringToSign, 'utf8').digest('hex');
    if (expected !== given) throw badSignature(stringToSign);
    useNonce(nonce);
    return { action, version, params: new Map(pairs), signature: 'v3' };
  }

  return {
    authenticate(req) {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      let pairs = parseQuery(query);
      const form =
        req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
      if (form) pairs = [...pairs, ...parseQuery(req.body)];
      const authorization = req.headers['authorization'];
      return pairs.some(([k]) => k === 'Signature')
        ? verifyV1(req, pairs)
        : authorization
          ? verifyV3(req, pairs, authorization)
          : (() => {
              throw new Refusal('IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
            })();
    },
    get signatureFailures() {
      return signatureFailures;
    },
  };
}
