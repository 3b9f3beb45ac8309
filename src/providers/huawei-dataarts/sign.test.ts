import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sha256Hex } from '../_shared/crypto.ts';
import { canonicalQueryString, canonicalUri, encodePath, formatSdkDate, signSdkHmacSha256 } from './sign.ts';

interface Inputs {
  ak: string;
  sk: string;
  method: string;
  host: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string;
}

interface Vector {
  id: string;
  inputs: Inputs & { path_template: string; path_params_raw: Record<string, string>; x_sdk_date: string };
  expected: {
    request_target: string;
    canonical_uri: string;
    canonical_query_string: string;
    canonical_headers: string;
    signed_headers: string;
    hashed_payload: string;
    canonical_request: string;
    string_to_sign: string;
    signature: string;
    authorization: string;
  };
  verification: { node_sdk_divergent_output?: { canonical_uri: string; authorization: string } };
}

interface Anchor {
  id: string;
  inputs: Inputs & { path: string };
  expected: { hashed_canonical_request: string; authorization: string };
}

const file = JSON.parse(readFileSync(new URL('./fixtures/signing-vectors.json', import.meta.url), 'utf8'));
const huawei = file as { vectors: Vector[]; extra_vectors: Vector[]; doc_anchors: Anchor[] };

function check(v: Vector): void {
  const path = encodePath(v.inputs.path_template, v.inputs.path_params_raw);
  const query = canonicalQueryString(v.inputs.query);
  expect(query ? `${path}?${query}` : path).toBe(v.expected.request_target);
  const got = signSdkHmacSha256({
    accessKey: v.inputs.ak,
    secretKey: v.inputs.sk,
    method: v.inputs.method,
    path,
    query: v.inputs.query,
    headers: v.inputs.headers,
    body: v.inputs.body,
  });
  expect(got.canonicalUri).toBe(v.expected.canonical_uri);
  expect(got.canonicalQuery).toBe(v.expected.canonical_query_string);
  expect(got.canonicalHeaders).toBe(v.expected.canonical_headers);
  expect(got.signedHeaders).toBe(v.expected.signed_headers);
  expect(got.hashedPayload).toBe(v.expected.hashed_payload);
  expect(got.canonicalRequest).toBe(v.expected.canonical_request);
  expect(got.stringToSign).toBe(v.expected.string_to_sign);
  expect(got.signature).toBe(v.expected.signature);
  expect(got.authorization).toBe(v.expected.authorization);
}

describe('SDK-HMAC-SHA256 known answers', () => {
  it('has the vectors this suite expects', () => {
    expect(huawei.vectors).toHaveLength(3);
    expect(huawei.extra_vectors.length).toBeGreaterThan(0);
    expect(huawei.doc_anchors.length).toBeGreaterThan(0);
  });

  it.each(huawei.vectors)('$id', (v) => check(v));

  it.each(huawei.extra_vectors)('extra: $id', (v) => {
    check(v);
    // The Node SDK's double encoding (%2520) must not be what we produce.
    const divergent = v.verification.node_sdk_divergent_output;
    if (divergent) {
      const path = encodePath(v.inputs.path_template, v.inputs.path_params_raw);
      expect(canonicalUri(path)).not.toBe(divergent.canonical_uri);
    }
  });

  it.each(huawei.doc_anchors)('published example: $id', (a) => {
    const got = signSdkHmacSha256({
      accessKey: a.inputs.ak,
      secretKey: a.inputs.sk,
      method: a.inputs.method,
      path: a.inputs.path,
      query: a.inputs.query,
      headers: a.inputs.headers,
      body: a.inputs.body,
    });
    expect(sha256Hex(got.canonicalRequest)).toBe(a.expected.hashed_canonical_request);
    expect(got.authorization).toBe(a.expected.authorization);
  });
});

describe('SDK-HMAC-SHA256 rules', () => {
  it('formats X-Sdk-Date as UTC YYYYMMDDTHHMMSSZ', () => {
    expect(formatSdkDate(new Date(Date.UTC(2024, 10, 26, 6, 0, 0, 123)))).toBe('20241126T060000Z');
  });

  it('encodes a raw job name once and keeps the canonical URI stable for an encoded path', () => {
    const path = encodePath('/v2/{project_id}/factory/jobs/{job_name}/instances/retry', {
      project_id: 'p',
      job_name: 'a b(日)~',
    });
    expect(path).toBe('/v2/p/factory/jobs/a%20b%28%E6%97%A5%29~/instances/retry');
    expect(canonicalUri(path)).toBe(`${path}/`);
    expect(canonicalUri(`${path}/`)).toBe(`${path}/`);
  });

  it('signs the literal UNSIGNED-PAYLOAD when asked to', () => {
    const got = signSdkHmacSha256({
      accessKey: 'ak',
      secretKey: 'fake-secret-for-tests',
      method: 'POST',
      path: '/x',
      query: [],
      headers: { host: 'h', 'X-Sdk-Date': '20241126T060000Z', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      body: '{"a":1}',
    });
    expect(got.hashedPayload).toBe('UNSIGNED-PAYLOAD');
    expect(got.signedHeaders).toBe('host;x-sdk-content-sha256;x-sdk-date');
  });

  it('refuses to sign without X-Sdk-Date or host', () => {
    const base = { accessKey: 'ak', secretKey: 's', method: 'GET', path: '/', query: [], body: '' };
    expect(() => signSdkHmacSha256({ ...base, headers: { host: 'h' } })).toThrow(/X-Sdk-Date/);
    expect(() => signSdkHmacSha256({ ...base, headers: { 'X-Sdk-Date': '20241126T060000Z' } })).toThrow(/host/);
  });
});
