/**
 * Who is calling the DataArts emulator: an X-Auth-Token it issued from its own IAM endpoint (or
 * one it was told about), or an SDK-HMAC-SHA256 signature, verified with code written from the
 * signing guide independently of sign.ts, including the 15-minute X-Sdk-Date window.
 */
import { createHash, createHmac } from 'node:crypto';
import type { EmulatorReply, RecordedRequest } from '../../emulators/server.ts';
import type { Iam } from './emulator-iam.ts';
import { apig } from './emulator-replies.ts';

const SKEW_MS = 15 * 60_000;
/**
 * Stricter than the real gateway on one point, to hold the adapter to its own rule: every one
 * of these that is sent must be signed.
 */
const MUST_SIGN = ['content-type', 'workspace', 'x-project-id', 'x-security-token'];
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** Percent-decoding that leaves a malformed escape as it is. */
export const dec = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The credentials the emulator accepts (read at each request). */
interface Credentials {
  aksk?: { accessKey: string; secretKey: string; securityToken?: string };
  /** Tokens accepted as X-Auth-Token without having been issued here ({ token } auth). */
  staticTokens?: string[];
}

/** The emulator's counter authentication bumps, live. */
interface AuthLive {
  authFailures: number;
}

// --- SDK-HMAC-SHA256, from the signing guide, written independently of sign.ts --------------
function canonicalUri(rawPath: string): string {
  const uri = rawPath
    .split('/')
    .map((s) => enc(dec(s)))
    .join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}
function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? [dec(kv), ''] : [dec(kv.slice(0, i)), dec(kv.slice(i + 1))];
    }) as [string, string][];
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

/** Who is calling (for the rate limit), or an error reply. */
export type Authenticate = (req: RecordedRequest) => { who: string } | EmulatorReply;

export function createAuthenticate(opts: Credentials, iam: Iam, live: () => AuthLive): Authenticate {
  return function authenticate(req) {
    const token = req.headers['x-auth-token'];
    if (token !== undefined) {
      if (opts.staticTokens?.includes(token)) return { who: `token:${token}` };
      const exp = iam.expiresAt(token);
      if (exp === undefined) {
        live().authFailures += 1;
        return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: decrypt token fail');
      }
      if (exp <= Date.now()) return apig(401, 'APIG.0307', 'The token must be updated.');
      return { who: 'iam-user' };
    }
    const auth = req.headers['authorization'] ?? '';
    const m = /^SDK-HMAC-SHA256 Access=([^,\s]+), SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m || !opts.aksk) {
      live().authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: Authorization not found or malformed');
    }
    const [, access, signedHeaders, signature] = m as unknown as [string, string, string, string];
    if (access !== opts.aksk.accessKey) {
      live().authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: ak not exist');
    }
    const names = signedHeaders.split(';');
    const sdkDate = req.headers['x-sdk-date'] ?? '';
    const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(sdkDate);
    if (!names.includes('host') || !names.includes('x-sdk-date') || !dm) {
      live().authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: host and x-sdk-date must be signed');
    }
    const t = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(dm[4]), Number(dm[5]), Number(dm[6]));
    if (Math.abs(Date.now() - t) > SKEW_MS) {
      live().authFailures += 1;
      return apig(
        401,
        'APIG.0301',
        'Incorrect IAM authentication information: the request time (X-Sdk-Date) is more than 15 minutes from the server time',
      );
    }
    for (const h of MUST_SIGN) {
      if (req.headers[h] !== undefined && !names.includes(h)) {
        live().authFailures += 1;
        return apig(401, 'APIG.0301', `Incorrect IAM authentication information: header ${h} is sent but not signed`);
      }
    }
    if (opts.aksk.securityToken !== undefined && req.headers['x-security-token'] !== opts.aksk.securityToken) {
      live().authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: security token invalid');
    }
    const q = req.url.indexOf('?');
    const payloadHash =
      req.headers['x-sdk-content-sha256'] === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD' : sha256(req.body);
    const canonical = [
      req.method,
      canonicalUri(req.path),
      canonicalQuery(q < 0 ? '' : req.url.slice(q + 1)),
      names.map((n) => `${n}:${(req.headers[n] ?? '').trim()}\n`).join(''),
      signedHeaders,
      payloadHash,
    ].join('\n');
    const toSign = ['SDK-HMAC-SHA256', sdkDate, sha256(canonical)].join('\n');
    const expected = createHmac('sha256', opts.aksk.secretKey).update(toSign, 'utf8').digest('hex');
    if (expected !== signature) {
      live().authFailures += 1;
      return apig(401, 'APIG.0301', 'Incorrect IAM authentication information: verify aksk signature fail');
    }
    return { who: `ak:${access}` };
  };
}
