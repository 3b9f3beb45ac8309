/**
 * Who may see a request listed away from its own message (App Home, `/rerun pending`, the console's
 * `pending`): anyone for a public place; for a private one, its requester, whoever decided it, and
 * the people its policy names (approvers, escalation), directly or through a user group.
 */
import { describe, expect, it } from 'vitest';
import type { Decision, PolicySnapshot, RerunRequest } from '../../src/core/model/request.ts';
import type { Directory } from '../../src/core/ports.ts';
import { listedTo } from '../../src/core/use-cases/pending.ts';

const groups: Record<string, string[]> = { '@oncall': ['U0ONCALL'], '@leads': ['U0LEAD'] };
const directory: Directory = { isMember: async (user, group) => (groups[group] ?? []).includes(user) };

const request = (priv: boolean, policy: Partial<PolicySnapshot> = {}, decisions: Decision[] = []): RerunRequest =>
  ({
    requester: 'U0ASKER',
    place: { id: 'C0PRIV', ...(priv ? { private: true } : {}) },
    decisions,
    policy: { approval: 'peer', approvers: [], minApprovals: 1, expiresAfterMs: 60_000, ...policy },
  }) as unknown as RerunRequest;

describe('listedTo', () => {
  it('lists a public place’s request to anyone, a private one’s only to its requester under peer', async () => {
    expect(await listedTo(request(false), 'U0BYSTANDER', directory)).toBe(true);
    expect(await listedTo(request(true), 'U0BYSTANDER', directory)).toBe(false);
    expect(await listedTo(request(true, { approval: 'confirm' }), 'U0BYSTANDER', directory)).toBe(false);
    expect(await listedTo(request(true), 'U0ASKER', directory)).toBe(true);
  });

  it('lists a private place’s request to the people its policy names, directly or by group', async () => {
    const group = request(true, { approval: 'group', approvers: ['@oncall', 'U0DIRECT'] });
    expect(await listedTo(group, 'U0ONCALL', directory)).toBe(true);
    expect(await listedTo(group, 'U0DIRECT', directory)).toBe(true);
    expect(await listedTo(group, 'U0BYSTANDER', directory)).toBe(false);
    const escalating = request(true, { escalate: { afterMs: 60_000, to: ['@leads'] } });
    expect(await listedTo(escalating, 'U0LEAD', directory)).toBe(true);
    expect(await listedTo(escalating, 'U0ONCALL', directory)).toBe(false);
  });

  it('lists a private place’s request to whoever decided it already', async () => {
    const decided = request(true, {}, [{ kind: 'approve', userId: 'U0PEER', at: '2024-01-01T00:00:00Z' } as Decision]);
    expect(await listedTo(decided, 'U0PEER', directory)).toBe(true);
    expect(await listedTo(decided, 'U0BYSTANDER', directory)).toBe(false);
  });
});
