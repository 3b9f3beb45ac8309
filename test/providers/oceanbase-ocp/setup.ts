/**
 * What the OCP test files share: the users the emulator knows (one with TASK_MANAGER, one without),
 * task 100 with one FAILED subtask, a session pointed at an emulator, and plain-text rendering.
 * Nothing here starts anything: each file starts the emulator it needs.
 */
import { createRenderer, type SurfaceStyle } from '../../../src/i18n/render.ts';
import type { Locale, Message } from '../../../src/lib/message.ts';
import { createHttpClient } from '../../../src/providers/_shared/http.ts';
import { sharedMessages } from '../../../src/providers/_shared/messages.ts';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../../src/providers/_shared/timing.ts';
import { oceanbaseOcp } from '../../../src/providers/oceanbase-ocp/index.ts';
import { messages, msg } from '../../../src/providers/oceanbase-ocp/messages.ts';
import { ocpTargetSchema, type RetryParams } from '../../../src/providers/oceanbase-ocp/schema.ts';
import type { CommonTarget, Pacers, ProviderSession } from '../../../src/providers/types.ts';
import type { OcpEmulator, OcpEmulatorUser } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import { captureLogger } from '../../support/logs.ts';

export const USER: Required<OcpEmulatorUser> = {
  username: 'rerun-bot',
  password: 'fake-password-for-tests',
  accessKey: 'fake-access-key-for-tests',
  secretKey: 'fake-secret-for-tests',
  taskManager: true,
};
export const VIEWER: Required<OcpEmulatorUser> = {
  username: 'viewer',
  password: 'fake-viewer-password',
  accessKey: 'fake-viewer-access-key',
  secretKey: 'fake-viewer-secret',
  taskManager: false,
};
export const akAuth = { accessKey: USER.accessKey, secretKey: USER.secretKey };
export const basicAuth = { username: USER.username, password: USER.password };
export const basicToken = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');

/** Task 100 has one FAILED subtask (1000) between a SUCCESSFUL and a PENDING one. */
export function seed(emu: OcpEmulator): void {
  emu.addTask({
    id: 100,
    name: 'Add tenant t1',
    subtasks: [
      { id: 999, name: 'Create resource pool', status: 'SUCCESSFUL', downstreams: [1000] },
      {
        id: 1000,
        name: 'Create tenant',
        status: 'FAILED',
        upstreams: [999],
        downstreams: [1001],
        executor: '10.0.0.7',
      },
      { id: 1001, name: 'Set tenant parameters', status: 'PENDING', upstreams: [1000] },
    ],
  });
}

export const isRetry = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/retry');

/** Plain words: no escaping, codes in backticks, dates as ISO. */
export const plain: SurfaceStyle = {
  escape: (s) => s,
  code: (s) => `\`${s}\``,
  strong: (s) => s,
  user: (id) => `@${id}`,
  command: (args) => `/rerun ${args}`,
  date: (at) => at.toISOString(),
};
export const renderer = createRenderer([sharedMessages, messages], () => new Date());
export const render = (m: Message | undefined, locale: Locale = 'en') => (m ? renderer.render(m, locale, plain) : '');
export const ref = (id: number, name?: string) => msg('oceanbase-ocp.subtaskRef', { id, name });
export const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

export interface ConnectOptions {
  now?: () => Date;
  endpoint?: string;
  timeout?: string;
  pacers?: Pacers;
}

/** A session on a target pointing at `emu` (or `opts.endpoint`), logging into a captured logger. */
export function connectTo(emu: OcpEmulator, auth: Record<string, string> = akAuth, opts: ConnectOptions = {}) {
  const target = ocpTargetSchema.parse({
    provider: 'oceanbase-ocp',
    endpoint: opts.endpoint ?? emu.url,
    timeout: opts.timeout ?? '2s',
    auth,
  });
  const logs = captureLogger();
  const session = oceanbaseOcp.connect(target as unknown as CommonTarget, {
    http: createHttpClient(),
    clock: { now: opts.now ?? (() => new Date()) },
    logger: logs.logger,
    timing: FAST_TIMING,
    pacers: opts.pacers ?? createPacers(),
  }) as ProviderSession<RetryParams>;
  return { session, logs };
}
