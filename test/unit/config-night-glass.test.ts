/**
 * The night-time policy keys of issue 19 items 3 and 4 (`breakGlass`, `requireReason`,
 * `reasonPattern`), as the config check reads them at start and at reload, and as a request's
 * policy snapshot keeps them with the policy's name (items 1 and 2: config-night.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { namedPolicyFor, reasonProblem, snapshot } from '../../src/core/policy.ts';
import { providers } from '../../src/providers/index.ts';

const env = { TC_SECRET_ID: 'fake-id', TC_SECRET_KEY: 'fake-key' };
const TARGET = `targets:
  batch-gz:
    provider: tencent-batch
    region: ap-guangzhou
    auth: { secretId: fake-id, secretKey: fake-key }
`;

function parse(rest: string) {
  return parseConfig(TARGET + rest, 'rerun.yml', env, providers);
}

function problems(rest: string): string[] {
  try {
    parse(rest);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('night-time policy keys: break-glass and reasons', () => {
  it('keeps breakGlass, requireReason and reasonPattern in the snapshot, with the policy name', () => {
    const c = parse(`policies:
  default: { approval: peer }
  batch-*: { approval: group, approvers: ['@sre'], breakGlass: true, reasonPattern: '^INC-\\d+' }
`);
    const { pattern, policy } = namedPolicyFor(c.policies, 'batch-gz');
    expect(pattern).toBe('batch-*');
    expect(snapshot(policy, pattern)).toEqual({
      approval: 'group',
      approvers: ['@sre'],
      minApprovals: 1,
      expiresAfterMs: 30 * 60_000,
      name: 'batch-*',
      breakGlass: true,
      requireReason: true,
      reasonPattern: '^INC-\\d+',
    });
    // Without the keys, today's snapshot: nothing added but the name.
    expect(snapshot(namedPolicyFor(c.policies, 'other').policy, 'default')).toEqual({
      approval: 'peer',
      approvers: [],
      minApprovals: 1,
      expiresAfterMs: 30 * 60_000,
      name: 'default',
    });
  });

  it('refuses breakGlass under confirm, a pattern that is no regular expression, and values of the wrong type', () => {
    expect(
      problems(`policies:
  default: { approval: peer, breakGlass: 1, requireReason: 'yes', reasonPattern: '^INC-(' }
`),
    ).toEqual([
      'policies.default.breakGlass: must be a boolean',
      'policies.default.requireReason: must be a boolean',
      'policies.default.reasonPattern: must be a valid regular expression',
    ]);
    expect(problems('policies:\n  default: { approval: confirm, breakGlass: true }\n')).toEqual([
      'policies.default.breakGlass: only applies when approval is peer or group (under confirm the requester approves anyway)',
    ]);
  });

  it('lets an alert rule capture the incident reference with a named group reason', () => {
    const c = parse(`alerts:
  - channel: C0ALERTS
    match: '(?<reason>INC-\\d+): job (?<job_ids>job-\\w+) failed'
    target: batch-gz
`);
    expect(c.alerts).toHaveLength(1);
  });

  it("accepts the README's At night example as it is printed", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## At night'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(yaml).toContain('breakGlass: true');
    const c = parse(yaml);
    const { policy } = namedPolicyFor(c.policies, 'batch-gz');
    expect(policy).toMatchObject({ breakGlass: true, requireReason: true, reasonPattern: '^INC-\\d+' });
    expect(c.alerts?.[0]?.match).toContain('(?<reason>');
  });

  it('reads a reason as the policy says: required, and matching its pattern', () => {
    expect(reasonProblem({}, undefined)).toBeUndefined();
    expect(reasonProblem({ requireReason: true }, '  ')?.id).toBe('reason.required');
    expect(reasonProblem({ requireReason: true, reasonPattern: '^INC-\\d+' }, 'db down')?.id).toBe('reason.pattern');
    expect(reasonProblem({ requireReason: true, reasonPattern: '^INC-\\d+' }, 'INC-42 db down')).toBeUndefined();
    expect(reasonProblem({}, `INC-1 ${'x'.repeat(500)}`)?.id).toBe('reason.tooLong');
  });
});
