/** Signing throughput of each provider's signer on its first known-answer vector. */
import { readFileSync } from 'node:fs';
import { signAcs3 } from '../src/providers/alibaba-ehpc/sign.ts';
import { encodePath, signSdkHmacSha256 } from '../src/providers/huawei-dataarts/sign.ts';
import { signOcp } from '../src/providers/oceanbase-ocp/sign.ts';
import { signTc3 } from '../src/providers/tencent-batch/sign.ts';

export interface SignerResult {
  name: string;
  opsPerSecond: number;
}

function measure(name: string, fn: () => unknown, ms = 500): SignerResult {
  for (let i = 0; i < 1000; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
  }
  return { name, opsPerSecond: Math.round((n * 1000) / (performance.now() - start)) };
}

export function signers(): SignerResult[] {
  const fixture = (id: string) =>
    JSON.parse(readFileSync(new URL(`../src/providers/${id}/fixtures/signing-vectors.json`, import.meta.url), 'utf8'));
  const tc = fixture('tencent-batch').vectors[0].inputs;
  const ali = fixture('alibaba-ehpc').vectors[0];
  const ocp = fixture('oceanbase-ocp').vectors[0].inputs;
  const hw = fixture('huawei-dataarts').vectors[0].inputs;
  const hwPath = encodePath(hw.path_template, hw.path_params_raw);
  return [
    measure('huawei SDK-HMAC-SHA256', () =>
      signSdkHmacSha256({
        accessKey: hw.ak,
        secretKey: hw.sk,
        method: hw.method,
        path: hwPath,
        query: hw.query,
        headers: hw.headers,
        body: hw.body,
      }),
    ),
    measure('alibaba ACS3-HMAC-SHA256', () =>
      signAcs3({
        method: ali.inputs.method,
        host: ali.inputs.host,
        query: ali.v3_acs3.inputs.query,
        action: ali.inputs.action,
        version: ali.inputs.version,
        date: ali.v3_acs3.inputs.x_acs_date,
        nonce: ali.v3_acs3.inputs.x_acs_signature_nonce,
        body: ali.v3_acs3.inputs.body,
        accessKeyId: ali.inputs.ak,
        accessKeySecret: ali.inputs.sk,
      }),
    ),
    measure('ocp OCP-ACCESS-KEY-HMACSHA1', () =>
      signOcp({
        accessKey: ocp.ak,
        secretKey: ocp.sk,
        method: ocp.method,
        host: ocp.host,
        path: ocp.path,
        query: ocp.query,
        headers: ocp.headers,
        body: ocp.body,
        date: ocp.date,
      }),
    ),
    measure('tencent TC3-HMAC-SHA256', () =>
      signTc3({
        secretId: tc.secret_id,
        secretKey: tc.secret_key,
        method: 'POST',
        host: tc.host,
        service: 'batch',
        contentType: tc.content_type,
        query: '',
        body: tc.body,
        timestamp: tc.timestamp,
      }),
    ),
  ];
}
