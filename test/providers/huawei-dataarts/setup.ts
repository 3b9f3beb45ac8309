/**
 * What the DataArts test files share: the project, workspaces and credentials the emulator knows,
 * the documented instance, a target and a session pointed at an emulator, and plain-text rendering.
 * Nothing here starts anything: each file starts the emulator it needs.
 */
import { readFileSync } from 'node:fs';
import { createRenderer, type SurfaceStyle } from '../../../src/i18n/render.ts';
import type { Locale, Message } from '../../../src/lib/message.ts';
import { createHttpClient } from '../../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../../src/providers/_shared/messages.ts';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../../src/providers/_shared/timing.ts';
import type { Pacers, ProviderSession } from '../../../src/providers/types.ts';
import { huaweiDataArts } from '../../../src/providers/huawei-dataarts/index.ts';
import { messages } from '../../../src/providers/huawei-dataarts/messages.ts';
import {
  huaweiTargetSchema,
  rerunParamsSchema,
  type HuaweiTarget,
  type RerunParams,
} from '../../../src/providers/huawei-dataarts/schema.ts';
import { startHuaweiEmulator, type HuaweiEmulator } from '../../../src/providers/huawei-dataarts/emulator.ts';
import { captureLogger } from '../../support/logs.ts';

export const PROJECT = '62099355b894428e8916573ae635f1f9';
export const WS = '62fbba734e634c5087656fc3ff7adf34';
export const WS2 = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
export const PROJECT2 = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const AKSK = { accessKey: 'FAKEACCESSKEYFORTESTS', secretKey: 'fake-secret-for-tests' };
export const IAM_USER = { username: 'rerun-bot', password: 'fake-password-for-tests', domain: 'example-domain' };
export const STATIC_TOKEN = 'fake-static-token-for-tests';
export const PLAN = 1732601580000; // 2024-11-26 14:13 Asia/Shanghai
export const SUBMIT = 1732239754684;

/** Plain text, codes and all, so sentences read as they do on a terminal. */
const PLAIN: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => s,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
const renderer = createRenderer([sharedMessages, messages], () => new Date());
export const text = (m: Message | undefined, locale: Locale = 'en') => (m ? renderer.render(m, locale, PLAIN) : '');

export const vectors = JSON.parse(
  readFileSync(
    new URL('../../../src/providers/huawei-dataarts/fixtures/signing-vectors.json', import.meta.url),
    'utf8',
  ),
);

export async function startEmu(): Promise<HuaweiEmulator> {
  return startHuaweiEmulator({
    projectId: PROJECT,
    workspaces: [WS, WS2],
    aksk: AKSK,
    iam: IAM_USER,
    staticTokens: [STATIC_TOKEN],
  });
}

export function targetFor(
  emu: HuaweiEmulator,
  auth: Record<string, unknown> = AKSK,
  extra: Record<string, unknown> = {},
): HuaweiTarget {
  return huaweiTargetSchema.parse({
    provider: 'huawei-dataarts',
    region: 'cn-north-4',
    projectId: PROJECT,
    workspace: WS,
    endpoint: emu.url,
    timeZone: 'Asia/Shanghai',
    timeout: '2s',
    auth,
    ...extra,
  });
}

export function paramsFor(
  target: HuaweiTarget,
  raw: Record<string, string | string[] | boolean>,
  now = new Date(),
): RerunParams {
  return rerunParamsSchema({ target, now }).parse(raw);
}

export function connect(target: HuaweiTarget, opts: { now?: () => Date; pacers?: Pacers } = {}) {
  const logs = captureLogger();
  const session = huaweiDataArts.connect(target, {
    http: createHttpClient(),
    clock: { now: opts.now ?? (() => new Date()) },
    logger: logs.logger,
    timing: FAST_TIMING,
    pacers: opts.pacers ?? createPacers(),
  }) as ProviderSession<RerunParams>;
  return { session, logs };
}

export const instanceRaw = (jobId: number, extra: Record<string, string> = {}) => ({
  job: 'test_job_name',
  mode: 'instance',
  location: 'errorNode',
  version: 'original',
  job_id: String(jobId),
  plan_time: String(PLAN),
  submit_time: String(SUBMIT),
  ...extra,
});
