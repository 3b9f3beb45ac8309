/**
 * The night-time policy keys (issue 19): `remind`, `remindTimes`, `escalate` and `onTimeout`, parsed
 * into the policy and refused with their path when they cannot work as written (items 3 and 4:
 * config-night-glass.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.ts';
import { namedPolicyFor, snapshot } from '../../src/core/policy.ts';
import { providers } from '../../src/providers/index.ts';

const TARGET =
  'targets:\n  batch-gz: { provider: tencent-batch, region: ap-guangzhou, auth: { secretId: a, secretKey: b } }\n';

const parse = (policies: string) => parseConfig(`${TARGET}policies:\n${policies}`, 'rerun.yml', {}, providers);

function problems(policies: string): string[] {
  try {
    parse(policies);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('night-time policy keys', () => {
  it('parses reminders, escalation and onTimeout, and keeps them in the snapshot with the policy name', () => {
    const c = parse(
      "  batch-*:\n    approval: group\n    approvers: ['@data-oncall']\n    expiresAfter: 2h\n" +
        "    remind: 15m\n    remindTimes: 2\n    escalate: { after: 30m, to: ['@sre-leads', 'U0ERIN'] }\n" +
        '    onTimeout: approve\n',
    );
    const { pattern, policy } = namedPolicyFor(c.policies, 'batch-gz');
    expect(pattern).toBe('batch-*');
    expect(policy).toMatchObject({
      remind: 15 * 60_000,
      remindTimes: 2,
      escalate: { after: 30 * 60_000, to: ['@sre-leads', 'U0ERIN'] },
      onTimeout: 'approve',
      expiresAfter: 2 * 3_600_000,
    });
    expect(snapshot(policy, pattern)).toMatchObject({
      name: 'batch-*',
      remindMs: 15 * 60_000,
      remindTimes: 2,
      escalate: { afterMs: 30 * 60_000, to: ['@sre-leads', 'U0ERIN'] },
      onTimeout: 'approve',
    });
  });

  it('defaults to three reminders, expiry at timeout, and none of it when the keys are absent', () => {
    const c = parse('  default: { remind: 10m }\n');
    const { policy } = namedPolicyFor(c.policies, 'batch-gz');
    expect(policy).toMatchObject({ remind: 10 * 60_000, remindTimes: 3, onTimeout: 'expire', expiresAfter: 1_800_000 });
    expect(snapshot(policy, 'default')).not.toHaveProperty('onTimeout');
    const plain = snapshot(namedPolicyFor(parse('  default: { approval: peer }\n').policies, 'batch-gz').policy);
    expect(plain).not.toHaveProperty('remindMs');
    expect(plain).not.toHaveProperty('escalate');
  });

  it('refuses onTimeout: approve unless the same policy names expiresAfter itself', () => {
    expect(problems('  default: { onTimeout: approve }\n')).toEqual([
      'policies.default.onTimeout: approve needs expiresAfter written in this same policy, so nobody gets approval at timeout by accident',
    ]);
    // Named by the default policy is not enough: the policy that approves must say it.
    expect(problems('  default: { expiresAfter: 1h }\n  batch-*: { onTimeout: approve }\n')).toEqual([
      'policies.batch-*.onTimeout: approve needs expiresAfter written in this same policy, so nobody gets approval at timeout by accident',
    ]);
    expect(problems('  batch-*: { onTimeout: approve, expiresAfter: 1h }\n')).toEqual([]);
    expect(problems('  batch-*: { onTimeout: reject }\n')).toEqual([]);
  });

  it('refuses what cannot work as written, every problem with its path', () => {
    expect(
      problems(
        '  default: { onTimeout: later }\n' +
          '  batch-*: { expiresAfter: 30m, remind: 30m, escalate: { after: 1h, to: [] } }\n' +
          "  other: { escalate: { after: soon, to: ['oncall'] }, remind: 5m, remindTimes: 0 }\n",
      ),
    ).toEqual([
      'policies.default.onTimeout: must be one of expire, reject, approve',
      'policies.batch-*.escalate.to: name at least one user id or group handle',
      'policies.batch-*.remind: must be shorter than expiresAfter, or no reminder comes',
      'policies.batch-*.escalate.after: must be shorter than expiresAfter, or the escalation never comes',
      'policies.other.remindTimes: Too small: expected number to be >=1',
      'policies.other.escalate.after: must be a duration such as 30m or 1h',
      'policies.other.escalate.to.0: must be a user id like U012ABC or a group handle like @sre',
    ]);
    expect(problems('  default: { remindTimes: 2 }\n')).toEqual([
      'policies.default.remindTimes: only applies with remind',
    ]);
    expect(problems('  default: { escalate: { after: 45m, to: [U0ERIN] } }\n')).toEqual([
      'policies.default.escalate.after: must be shorter than expiresAfter, or the escalation never comes',
    ]);
    expect(problems('  default: { escalate: { after: 5m, to: [U0ERIN], also: 1 } }\n')).toEqual([
      'policies.default.escalate.also: unknown key',
    ]);
  });

  it("accepts the README's example under At night", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const night = readme.slice(readme.indexOf('## At night'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(night)?.[1] ?? '';
    const c = parseConfig(`${TARGET}${yaml}`, 'README.md', {}, providers);
    expect(namedPolicyFor(c.policies, 'batch-gz')).toMatchObject({
      pattern: 'batch-*',
      policy: { remind: 15 * 60_000, remindTimes: 3, escalate: { after: 30 * 60_000 }, onTimeout: 'reject' },
    });
  });
});
