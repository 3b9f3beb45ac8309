import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { signTc3 } from './sign.ts';

interface Vector {
  id: string;
  inputs: {
    secret_id: string;
    secret_key: string;
    method: 'GET' | 'POST';
    host: string;
    service: string;
    timestamp: number;
    content_type: string;
    body: string;
    query_string: string;
  };
  expected: {
    canonical_request: string;
    credential_scope: string;
    string_to_sign: string;
    signature: string;
    authorization: string;
  };
}

const file = JSON.parse(readFileSync(new URL('./fixtures/signing-vectors.json', import.meta.url), 'utf8'));
const tencent = file;

describe('TC3-HMAC-SHA256 known answers', () => {
  it.each(tencent.vectors as Vector[])('$id', (v) => {
    const got = signTc3({
      secretId: v.inputs.secret_id,
      secretKey: v.inputs.secret_key,
      method: v.inputs.method,
      host: v.inputs.host,
      service: v.inputs.service,
      contentType: v.inputs.content_type,
      query: v.inputs.query_string,
      body: v.inputs.body,
      timestamp: v.inputs.timestamp,
    });
    expect(got.canonicalRequest).toBe(v.expected.canonical_request);
    expect(got.credentialScope).toBe(v.expected.credential_scope);
    expect(got.stringToSign).toBe(v.expected.string_to_sign);
    expect(got.signature).toBe(v.expected.signature);
    expect(got.authorization).toBe(v.expected.authorization);
  });

  it('reproduces the published documentation examples', () => {
    const anchor = tencent.doc_anchors[0];
    expect(anchor.expected.variants.length).toBeGreaterThan(0);
    for (const variant of anchor.expected.variants as { secret_key: string; authorization: string }[]) {
      const got = signTc3({
        secretId: anchor.inputs.secret_id,
        secretKey: variant.secret_key,
        method: anchor.inputs.method,
        host: anchor.inputs.host,
        service: anchor.inputs.host.split('.')[0],
        contentType: anchor.inputs.content_type,
        query: '',
        body: anchor.inputs.body,
        timestamp: anchor.inputs.timestamp,
      });
      expect(got.authorization).toBe(variant.authorization);
    }
  });
});
