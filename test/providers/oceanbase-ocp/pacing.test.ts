/**
 * The pace of calls to one OCP, against the emulator (an emulator seeded with task 100, started
 * and closed around each test), and the key it is shared by.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPacers } from '../../../src/providers/_shared/pacing.ts';
import { pacerKey } from '../../../src/providers/oceanbase-ocp/client.ts';
import { REQUESTS_PER_SECOND } from '../../../src/providers/oceanbase-ocp/limits.ts';
import { ocpTargetSchema, retryParamsSchema } from '../../../src/providers/oceanbase-ocp/schema.ts';
import { startOcpEmulator, type OcpEmulator } from '../../../src/providers/oceanbase-ocp/emulator.ts';
import { USER, VIEWER, akAuth, basicAuth, basicToken, seed, type ConnectOptions, connectTo } from './setup.ts';

describe('oceanbase-ocp against the emulator', () => {
  let emu: OcpEmulator;
  beforeEach(async () => {
    emu = await startOcpEmulator({ users: [USER, VIEWER] });
    seed(emu);
  });
  afterEach(async () => {
    await emu.close();
  });
  const connect = (auth?: Record<string, string>, opts?: ConnectOptions) => connectTo(emu, auth, opts);
  const params = (task: number | string, subtask: number | string) =>
    retryParamsSchema.parse({ task: String(task), subtask: String(subtask) });

  it(`paces calls to one target at ${REQUESTS_PER_SECOND} per second, so a gateway at that limit never answers 429`, async () => {
    emu.ratePerSecond = REQUESTS_PER_SECOND;
    const session = connect().session;
    await Promise.all(Array.from({ length: 2 * REQUESTS_PER_SECOND + 1 }, () => session.preview(params(100, 1000))));
    expect(emu.throttledCount).toBe(0);
    expect(emu.requests).toHaveLength(2 * REQUESTS_PER_SECOND + 1);
  });

  it('shares that pace between sessions of one target made from the same pacers', async () => {
    emu.ratePerSecond = REQUESTS_PER_SECOND;
    const pacers = createPacers();
    const sessions = [connect(akAuth, { pacers }).session, connect(akAuth, { pacers }).session];
    await Promise.all(
      Array.from({ length: 2 * REQUESTS_PER_SECOND + 1 }, (_, i) => sessions[i % 2]?.preview(params(100, 1000))),
    );
    expect(emu.throttledCount).toBe(0);
    expect(emu.requests).toHaveLength(2 * REQUESTS_PER_SECOND + 1);
  });
});

describe('oceanbase-ocp pacer key', () => {
  const target = (endpoint: string, auth: Record<string, string>) =>
    ocpTargetSchema.parse({ provider: 'oceanbase-ocp', endpoint, auth });

  it('names the OCP and the credential id, never the secret', () => {
    const ak = pacerKey(target('http://ocp.internal:8080/', akAuth));
    const basic = pacerKey(target('http://ocp.internal:8080', basicAuth));
    expect(ak).toBe('oceanbase-ocp:http://ocp.internal:8080:ak=fake-access-key-for-tests');
    expect(basic).toBe('oceanbase-ocp:http://ocp.internal:8080:user=rerun-bot');
    for (const secret of [USER.secretKey, USER.password, basicToken]) {
      expect(ak).not.toContain(secret);
      expect(basic).not.toContain(secret);
    }
  });

  it('keeps targets apart that are different OCPs or different credentials', () => {
    const keys = new Set([
      pacerKey(target('http://ocp.internal:8080', akAuth)),
      pacerKey(target('http://ocp.internal:8080/ocp', akAuth)),
      pacerKey(target('http://other.internal:8080', akAuth)),
      pacerKey(target('http://ocp.internal:8080', { accessKey: VIEWER.accessKey, secretKey: VIEWER.secretKey })),
      pacerKey(target('http://ocp.internal:8080', basicAuth)),
    ]);
    expect(keys.size).toBe(5);
  });
});
