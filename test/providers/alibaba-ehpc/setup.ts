/**
 * What the E-HPC test files share: the credentials and cluster the emulator knows, which recorded
 * requests are RerunJobs or ListJobs calls, a session pointed at an emulator, and plain-text
 * rendering. Nothing here starts anything: each file starts the emulator it needs.
 */
import { createRenderer, type SurfaceStyle } from '../../../src/i18n/render.ts';
import type { Message } from '../../../src/lib/message.ts';
import { alibabaEhpc } from '../../../src/providers/alibaba-ehpc/index.ts';
import { messages } from '../../../src/providers/alibaba-ehpc/messages.ts';
import type { RerunParams } from '../../../src/providers/alibaba-ehpc/schema.ts';
import { createHttpClient } from '../../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../../src/providers/_shared/messages.ts';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../../src/providers/_shared/timing.ts';
import type { Pacers, ProviderSession, RawParams } from '../../../src/providers/types.ts';
import type { EhpcCredentials, EhpcEmulator } from '../../../src/providers/alibaba-ehpc/emulator.ts';
import type { RecordedRequest } from '../../../src/emulators/server.ts';
import { captureLogger } from '../../support/logs.ts';

export const creds: EhpcCredentials = { accessKeyId: 'fake-access-key-id', accessKeySecret: 'fake-secret-for-tests' };
export const CLUSTER = 'ehpc-hz-FYUr32abcd';

export const isRerunCall = (r: RecordedRequest) =>
  r.headers['x-acs-action'] === 'RerunJobs' || /[?&]Action=RerunJobs(&|$)/.test(r.url);
export const isListCall = (r: RecordedRequest) =>
  r.headers['x-acs-action'] === 'ListJobs' || /[?&]Action=ListJobs(&|$)/.test(r.url);
export const queryOf = (r: RecordedRequest) => new URLSearchParams(r.url.slice(r.url.indexOf('?') + 1));

/** Plain text with nothing escaped: enough to read the words of a message in a test. */
export const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => s,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
export const renderer = createRenderer([messages, sharedMessages], () => new Date());
export const english = (m: Message) => renderer.render(m, 'en', plain);

export interface Harness {
  session: ProviderSession<RerunParams>;
  params(raw: RawParams): RerunParams;
  logs: ReturnType<typeof captureLogger>;
}

export function connect(
  emu: EhpcEmulator,
  target: Record<string, unknown> = {},
  clockOffsetMs = 0,
  pacers: Pacers = createPacers(),
): Harness {
  const parsed = alibabaEhpc.targetSchema.parse({
    provider: 'alibaba-ehpc',
    region: 'cn-hangzhou',
    clusterId: CLUSTER,
    endpoint: emu.url,
    timeout: '2s',
    auth: creds,
    ...target,
  });
  const logs = captureLogger();
  const session = alibabaEhpc.connect(parsed, {
    http: createHttpClient(),
    clock: { now: () => new Date(Date.now() + clockOffsetMs) },
    logger: logs.logger,
    timing: FAST_TIMING,
    pacers,
  }) as ProviderSession<RerunParams>;
  const schema = alibabaEhpc.paramsSchema({ target: parsed, now: new Date() });
  return { session, logs, params: (raw) => schema.parse(raw) as RerunParams };
}
