import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { acsTimestamp, rpcV1Params, signAcs3, signRpcV1 } from './sign.ts';

interface Vector {
  id: string;
  inputs: {
    ak: string;
    sk: string;
    host: string;
    action: string;
    version: string;
    method: string;
    api_params: Record<string, string>;
  };
  v1_rpc: {
    inputs: { timestamp: string; signature_nonce: string; all_signed_params: Record<string, string> };
    expected: {
      canonicalized_query_string: string;
      string_to_sign: string;
      hmac_key: string;
      signature: string;
      request_url: string;
    };
  };
  v3_acs3: {
    inputs: { x_acs_date: string; x_acs_signature_nonce: string; query: Record<string, string>; body: string };
    expected: {
      canonical_uri: string;
      canonical_query_string: string;
      hashed_payload: string;
      canonical_headers: string;
      signed_headers: string;
      canonical_request: string;
      string_to_sign: string;
      signature: string;
      authorization: string;
      request_url: string;
      request_headers: Record<string, string>;
    };
  };
}

const file = JSON.parse(readFileSync(new URL('./fixtures/signing-vectors.json', import.meta.url), 'utf8'));
const ehpc = file as {
  vectors: Vector[];
  doc_anchors: { id: string; inputs: Record<string, unknown>; expected: Record<string, string> }[];
  extra_vectors?: unknown[];
};

describe('Alibaba RPC V1 (HMAC-SHA1) known answers', () => {
  it.each(ehpc.vectors)('$id', (v) => {
    const params = rpcV1Params(
      {
        action: v.inputs.action,
        version: v.inputs.version,
        accessKeyId: v.inputs.ak,
        nonce: v.v1_rpc.inputs.signature_nonce,
        timestamp: v.v1_rpc.inputs.timestamp,
      },
      v.inputs.api_params,
    );
    expect(params).toEqual(v.v1_rpc.inputs.all_signed_params);
    const got = signRpcV1({ method: v.inputs.method, params, accessKeySecret: v.inputs.sk });
    expect(got.canonicalizedQuery).toBe(v.v1_rpc.expected.canonicalized_query_string);
    expect(got.stringToSign).toBe(v.v1_rpc.expected.string_to_sign);
    expect(`${v.inputs.sk}&`).toBe(v.v1_rpc.expected.hmac_key);
    expect(got.signature).toBe(v.v1_rpc.expected.signature);
    expect(`https://${v.inputs.host}/?${got.query}`).toBe(v.v1_rpc.expected.request_url);
  });

  it('reproduces the published DescribeRegions example', () => {
    const anchor = ehpc.doc_anchors.find((a) => a.id === 'alibaba-doc-anchor-v1-describeregions');
    if (!anchor) throw new Error('doc anchor missing from the vectors file');
    const inputs = anchor.inputs as { params: Record<string, string>; method: string; secret: string };
    const got = signRpcV1({ method: inputs.method, params: inputs.params, accessKeySecret: inputs.secret });
    expect(got.stringToSign).toBe(anchor.expected['string_to_sign']);
    expect(got.signature).toBe(anchor.expected['signature']);
  });

  it('leaves an existing Signature parameter out of what it signs', () => {
    const v = ehpc.vectors[0] as Vector;
    const params = { ...v.v1_rpc.inputs.all_signed_params, Signature: 'stale' };
    expect(signRpcV1({ method: 'GET', params, accessKeySecret: v.inputs.sk }).signature).toBe(
      v.v1_rpc.expected.signature,
    );
  });

  it('signs SecurityToken as a common parameter for STS credentials', () => {
    const params = rpcV1Params(
      {
        action: 'RerunJobs',
        version: '2018-04-12',
        accessKeyId: 'ak',
        nonce: 'n',
        timestamp: '2024-11-26T06:00:00Z',
        securityToken: 'sts token',
      },
      {},
    );
    expect(signRpcV1({ method: 'GET', params, accessKeySecret: 's' }).canonicalizedQuery).toContain(
      'SecurityToken=sts%20token',
    );
  });
});

describe('Alibaba V3 (ACS3-HMAC-SHA256) known answers', () => {
  it.each(ehpc.vectors)('$id', (v) => {
    const got = signAcs3({
      method: v.inputs.method,
      host: v.inputs.host,
      query: v.v3_acs3.inputs.query,
      action: v.inputs.action,
      version: v.inputs.version,
      date: v.v3_acs3.inputs.x_acs_date,
      nonce: v.v3_acs3.inputs.x_acs_signature_nonce,
      body: v.v3_acs3.inputs.body,
      accessKeyId: v.inputs.ak,
      accessKeySecret: v.inputs.sk,
    });
    const e = v.v3_acs3.expected;
    expect(e.canonical_uri).toBe('/');
    expect(got.canonicalQuery).toBe(e.canonical_query_string);
    expect(got.hashedPayload).toBe(e.hashed_payload);
    expect(got.canonicalHeaders).toBe(e.canonical_headers);
    expect(got.signedHeaders).toBe(e.signed_headers);
    expect(got.canonicalRequest).toBe(e.canonical_request);
    expect(got.stringToSign).toBe(e.string_to_sign);
    expect(got.signature).toBe(e.signature);
    expect(got.authorization).toBe(e.authorization);
    expect(`https://${v.inputs.host}/?${got.canonicalQuery}`).toBe(e.request_url);
    const expectedHeaders = Object.fromEntries(
      Object.entries(e.request_headers).map(([k, val]) => [k.toLowerCase(), val]),
    );
    expect(got.headers).toEqual(expectedHeaders);
  });

  it('reproduces the published RunInstances example', () => {
    const anchor = ehpc.doc_anchors.find((a) => a.id === 'alibaba-doc-anchor-v3-runinstances');
    if (!anchor) throw new Error('doc anchor missing from the vectors file');
    const i = anchor.inputs as {
      method: string;
      host: string;
      query: Record<string, string>;
      x_acs_action: string;
      x_acs_version: string;
      x_acs_date: string;
      x_acs_signature_nonce: string;
      ak: string;
      sk: string;
      body: string;
    };
    const got = signAcs3({
      method: i.method,
      host: i.host,
      query: i.query,
      action: i.x_acs_action,
      version: i.x_acs_version,
      date: i.x_acs_date,
      nonce: i.x_acs_signature_nonce,
      body: i.body,
      accessKeyId: i.ak,
      accessKeySecret: i.sk,
    });
    expect(got.canonicalRequest).toBe(anchor.expected['canonical_request']);
    expect(got.stringToSign).toBe(anchor.expected['string_to_sign']);
    expect(got.authorization).toBe(anchor.expected['authorization']);
  });

  it('signs x-acs-security-token for STS credentials', () => {
    const got = signAcs3({
      method: 'GET',
      host: 'h',
      query: {},
      action: 'A',
      version: 'v',
      date: 'd',
      nonce: 'n',
      body: '',
      accessKeyId: 'ak',
      accessKeySecret: 's',
      securityToken: 'tok',
    });
    expect(got.signedHeaders).toBe(
      'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version',
    );
    expect(got.headers['x-acs-security-token']).toBe('tok');
  });
});

describe('vector file coverage', () => {
  it('has every Alibaba vector and anchor exercised above', () => {
    expect(ehpc.vectors).toHaveLength(3);
    expect(ehpc.doc_anchors.map((a) => a.id).sort()).toEqual([
      'alibaba-doc-anchor-v1-describeregions',
      'alibaba-doc-anchor-v3-runinstances',
    ]);
    expect(ehpc.extra_vectors ?? []).toHaveLength(0);
  });

  it('formats timestamps without milliseconds', () => {
    expect(acsTimestamp(new Date('2024-11-26T06:00:00.789Z'))).toBe('2024-11-26T06:00:00Z');
  });
});
