import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config/env.ts';
import { ConfigError, loadConfig, parseConfig } from '../../src/config/load.ts';
import { policyFor } from '../../src/core/policy.ts';
import { providers } from '../../src/providers/index.ts';

const env = { TC_SECRET_ID: 'fake-id', TC_SECRET_KEY: 'fake-key' };

function problems(yaml: string, e: Record<string, string> = env): string[] {
  try {
    parseConfig(yaml, 'rerun.yml', e, providers);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('config file', () => {
  it('keeps a target without credentials a config error unless the console offers an emulator for it', () => {
    const yaml = 'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n';
    expect(problems(yaml)).toEqual(['targets.batch-gz.auth: required']);
    const emulator = { endpoint: 'http://127.0.0.1:9', auth: { secretId: 'demo-id', secretKey: 'demo-key' } };
    const config = parseConfig(yaml, 'rerun.yml', env, providers, {
      emulators: (id) => (id === 'tencent-batch' ? emulator : undefined),
    });
    expect(config.targets.get('batch-gz')).toMatchObject({ emulated: true, config: { endpoint: emulator.endpoint } });
  });

  it('parses the SPEC example for a Tencent target with ${VAR} interpolation and defaults', () => {
    const c = parseConfig(
      `
targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    auth: { secretId: "\${TC_SECRET_ID}", secretKey: "\${TC_SECRET_KEY}" }
policies:
  default: { approval: peer, expiresAfter: 30m }
  batch-*: { approval: confirm, expiresAfter: 1h, cooldown: { reruns: 3, per: 1h } }
`,
      'rerun.yml',
      env,
      providers,
    );
    const t = c.targets.get('batch-gz');
    expect(t?.provider.id).toBe('tencent-batch');
    expect(t?.config).toMatchObject({
      region: 'ap-guangzhou',
      timeZone: 'UTC',
      timeout: 15_000,
      auth: { secretId: 'fake-id', secretKey: 'fake-key' },
    });
    expect(policyFor(c.policies, 'batch-gz')).toMatchObject({ approval: 'confirm', expiresAfter: 3_600_000 });
    expect(policyFor(c.policies, 'other')).toMatchObject({ approval: 'peer', expiresAfter: 1_800_000 });
    // How long a rerun is followed to its final state: the bot's default (24 h) unless the policy says.
    expect(policyFor(c.policies, 'other').followFor).toBeUndefined();
    const f = parseConfig(
      `targets:\n  batch-gz: { provider: tencent-batch, region: ap-guangzhou, auth: { secretId: a, secretKey: b } }\npolicies:\n  default: { followFor: 2h }\n`,
      'f.yml',
      {},
      providers,
    );
    expect(policyFor(f.policies, 'batch-gz').followFor).toBe(2 * 3_600_000);
  });

  it('takes an announce channel by id or #name, and names a malformed one', () => {
    const target = (announce: string) =>
      `targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n    announce: "${announce}"\n` +
      '    auth: { secretId: x, secretKey: y }\n';
    expect(parseConfig(target('C0RERUNS'), 'rerun.yml', env, providers).targets.get('batch-gz')?.config).toMatchObject({
      announce: 'C0RERUNS',
    });
    expect(problems(target('#reruns'))).toEqual([]);
    expect(problems(target('reruns please'))).toEqual([
      'targets.batch-gz.announce: must be a channel id like C0123 or a name like #reruns',
    ]);
  });

  it('lists every problem at once, each with its path', () => {
    const list = problems(`
targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    auth: { secretId: "\${TC_SECRET_ID}" }
    colour: blue
  dlf:
    provider: nope
  tz:
    provider: tencent-batch
    region: ap-guangzhou
    timeZone: Mars/Olympus
    timeout: soon
    auth: { secretId: a, secretKey: "\${MISSING_VAR}" }
policies:
  default: { approval: sometimes }
  x-*: { approval: group }
alerts:
  - channel: "#alerts"
    match: "("
    target: ghost
`);
    expect(list).toEqual(
      expect.arrayContaining([
        'targets.batch-gz.auth.secretKey: required',
        'targets.batch-gz.colour: unknown key',
        expect.stringMatching(/^targets\.dlf\.provider: must be one of .*tencent-batch/),
        'targets.tz.auth.secretKey: environment variable MISSING_VAR is not set',
        expect.stringMatching(/^targets\.tz\.timeZone: must be an IANA time zone/),
        expect.stringMatching(/^targets\.tz\.timeout: must be a duration/),
        expect.stringMatching(/^policies\.default\.approval: must be one of confirm, peer, group/),
        'policies.x-*.approvers: required when approval is group',
        'alerts.0.match: must be a valid regular expression',
      ]),
    );
  });

  describe('alert rules', () => {
    const base = `
targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    auth: { secretId: a, secretKey: b }
alerts:
`;
    it("parses a rule whose named groups and params are the target's parameters, by key or alias", () => {
      const c = parseConfig(
        base +
          `  - channel: "#alerts-batch"
    match: 'Batch job (?<JobIds>job-[a-z0-9]{8}) failed'
    target: batch-gz
  - channel: C0ALERTS
    match: 'jobs? (?<job_ids>\\S+)'
    target: batch-gz
`,
        'rerun.yml',
        env,
        providers,
      );
      expect(c.alerts).toEqual([
        {
          channel: '#alerts-batch',
          match: 'Batch job (?<JobIds>job-[a-z0-9]{8}) failed',
          target: 'batch-gz',
          params: {},
        },
        { channel: 'C0ALERTS', match: 'jobs? (?<job_ids>\\S+)', target: 'batch-gz', params: {} },
      ]);
    });

    it('stops loading on a bad rule, each problem with its path', () => {
      expect(
        problems(
          base +
            `  - channel: "#alerts"
    match: 'job (?<job_name>\\S+) failed'
    target: batch-gz
    params: { colour: red }
  - channel: "alerts"
    match: "(?<job_ids>"
    target: batch-gz
  - channel: C0ALERTS
    match: x
    target: ghost
`,
        ),
      ).toEqual([
        'alerts.0.match: the named group job_name is not a parameter of batch-gz; use one of job_ids',
        'alerts.0.params.colour: not a parameter of batch-gz; use one of job_ids',
        'alerts.1.channel: must be a channel id like C0123 or a name like #inc-*',
        'alerts.1.match: must be a valid regular expression',
        'alerts.2.target: no target named ghost',
      ]);
    });
  });

  it('accepts the example file shipped with the README, for all four providers', () => {
    const fake = {
      HW_AK: 'fake',
      HW_SK: 'fake',
      TC_SECRET_ID: 'fake',
      TC_SECRET_KEY: 'fake',
      ALI_AK: 'fake',
      ALI_SK: 'fake',
      OCP_USER: 'fake',
      OCP_PASSWORD: 'fake',
    };
    const c = loadConfig(new URL('../../rerun.example.yml', import.meta.url).pathname, fake, providers);
    expect([...c.targets.values()].map((t) => t.provider.id).sort()).toEqual([
      'alibaba-ehpc',
      'huawei-dataarts',
      'oceanbase-ocp',
      'tencent-batch',
    ]);
    expect(policyFor(c.policies, 'dlf-prod')).toMatchObject({ approval: 'group', minApprovals: 2 });
  });

  it('says which file and what is wrong in one message', () => {
    expect(() => loadConfig('/nonexistent/rerun.yml', {}, providers)).toThrow(
      /\/nonexistent\/rerun.yml is not valid:\n {2}- \(file\): the file does not exist; set RERUN_CONFIG to its path$/,
    );
    expect(() => parseConfig('targets: [\n', 'bad.yml', {}, providers)).toThrow(/bad.yml is not valid/);
  });

  it('says a file RERUN_CONFIG names does not exist, without advising to set RERUN_CONFIG', () => {
    expect(() => loadConfig('/nonexistent/rerun.yml', { RERUN_CONFIG: '/nonexistent/rerun.yml' }, providers)).toThrow(
      /^\/nonexistent\/rerun.yml is not valid:\n {2}- \(file\): the file does not exist$/,
    );
  });

  it('reports an unset variable once, not again as the empty value it leaves', () => {
    const yaml =
      'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n' +
      '    endpoint: "http://${TC_HOST}:8080"\n    auth: { secretId: "${TC_ID}", secretKey: "${TC_KEY}" }\n';
    expect(problems(yaml, {})).toEqual([
      'targets.batch-gz.endpoint: environment variable TC_HOST is not set',
      'targets.batch-gz.auth.secretId: environment variable TC_ID is not set',
      'targets.batch-gz.auth.secretKey: environment variable TC_KEY is not set',
    ]);
  });

  it('reports a YAML syntax error once, at its line and column', () => {
    // This one makes the yaml library report two errors at the same place; the first is the one.
    const yaml = 'targets:\n  batch-gz:\n   provider: tencent-batch\n    region: ap-guangzhou\n';
    expect(problems(yaml)).toEqual(['line 3, column 14: Nested mappings are not allowed in compact mappings']);
    expect(problems('targets:\n  a: [b\n  c: 1\n')).toEqual([
      expect.stringMatching(/^line 3, column 3: [^\n]*must be sufficiently indented and end with a \]$/),
    ]);
  });

  it('on the console, runs a target whose variables are unset against its emulator and names them', () => {
    const emulator = { endpoint: 'http://127.0.0.1:9', auth: { secretId: 'demo-id', secretKey: 'demo-key' } };
    const yaml =
      'targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n' +
      '    auth: { secretId: "${TC_ID}", secretKey: "${TC_KEY}" }\n' +
      '  batch-sh:\n    provider: tencent-batch\n    region: ap-shanghai\n    auth: { secretId: a, secretKey: b }\n';
    const config = parseConfig(yaml, 'rerun.yml', { TC_ID: 'set' }, providers, {
      emulators: (id) => (id === 'tencent-batch' ? emulator : undefined),
    });
    expect(config.targets.get('batch-gz')).toMatchObject({ emulated: true, config: { endpoint: emulator.endpoint } });
    expect(config.targets.get('batch-sh')?.emulated).toBeUndefined();
    expect(config.waiting).toEqual([{ target: 'batch-gz', variables: ['TC_KEY'] }]);
    // Outside the targets an unset variable stays a problem, there too.
    expect(() =>
      parseConfig(`${yaml}policies:\n  default: { approvers: ["\${ONCALL}"] }\n`, 'rerun.yml', {}, providers, {
        emulators: (id) => (id === 'tencent-batch' ? emulator : undefined),
      }),
    ).toThrow(/policies\.default\.approvers\.0: environment variable ONCALL is not set/);
  });

  it('rejects unknown top-level keys and an empty target list', () => {
    expect(problems('targets: {}\nextra: 1\n')).toEqual(expect.arrayContaining(['extra: unknown key']));
    expect(problems('targets: {}\n')).toEqual(['targets: declare at least one target']);
  });
});

describe('environment', () => {
  it('applies defaults and accepts HTTP mode', () => {
    const e = readEnv({ SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: 'fake' });
    expect(e).toMatchObject({ PORT: 3000, RERUN_CONFIG: './rerun.yml', RERUN_DATA_DIR: './data', LOG_LEVEL: 'info' });
  });

  it('reads RERUN_DEMO, which only the console can take', () => {
    expect(readEnv({}).RERUN_DEMO).toBe(false);
    expect(readEnv({ RERUN_DEMO: '1' }).RERUN_DEMO).toBe(true);
    expect(() => readEnv({ RERUN_DEMO: 'yes' })).toThrow(/RERUN_DEMO: must be 1 or 0/);
    expect(() => readEnv({ RERUN_DEMO: '1', SLACK_BOT_TOKEN: 'xoxb-fake', SLACK_SIGNING_SECRET: 'x' })).toThrow(
      /RERUN_DEMO: the demo runs on the console/,
    );
  });

  it('names what is missing or malformed', () => {
    expect(() => readEnv({ SLACK_BOT_TOKEN: 'xoxb-fake' })).toThrow(
      /SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN/,
    );
    expect(() => readEnv({ SLACK_BOT_TOKEN: 'nope', SLACK_SIGNING_SECRET: 'x', PORT: 'abc' })).toThrow(
      /SLACK_BOT_TOKEN: must be a bot token[\s\S]*PORT/,
    );
  });
});
