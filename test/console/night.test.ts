/**
 * The console's night-time paths (issue 19 items 3 to 5), in-process against the emulators: a
 * policy that needs an incident reference as the reason (`reason=`), break-glass as
 * `approve rr-… reason=…` with its confirmation line, refused where the policy does not allow it,
 * and an ask that collides with an open request naming `watch rr-…` and `approve rr-…`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/console/start.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import { captureLogger } from '../support/logs.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rerun-night-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Feeds `lines` to a console on a config whose policies are `policies`; what it printed. */
async function session(policies: string, lines: string[]): Promise<string> {
  // Each session its own config and store: what one session asked does not hold the next one's job.
  const name = Math.random().toString(36).slice(2);
  const file = join(dir, `rerun-${name}.yml`);
  writeFileSync(
    file,
    `targets:\n  team-batch:\n    provider: tencent-batch\n    region: ap-guangzhou\npolicies:\n  default:\n${policies}\n`,
  );
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (d: Buffer) => (printed += d.toString()));
  const done = runConsole({
    input,
    output,
    configFile: file,
    env: {},
    dataDir: join(dir, `data-${name}`),
    locale: 'en',
    clock: { now: () => new Date() },
    logger: captureLogger().logger,
    http: createHttpClient(),
    timing: FAST_TIMING,
    demoRunMs: 1_000,
    follow: { tickMs: 50, firstMs: [100, 300], everyMs: 300 },
    quitWaitMs: 20_000,
  });
  for (const line of lines) input.write(line + '\n');
  input.end();
  await done;
  return printed;
}

const requestId = (out: string) => /Rerun request (rr-[0-9a-f]+)/.exec(out)?.[1];

describe('the console at night', () => {
  it('needs the incident reference the policy asks for, and shows it with the request', async () => {
    const out = await session("    approval: peer\n    reasonPattern: '^INC-\\d+'", [
      'team-batch job_ids=job-97zcl3wt',
      'team-batch job_ids=job-97zcl3wt reason="db down"',
      'team-batch job_ids=job-97zcl3wt reason="INC-42 db down"',
    ]);
    expect(out).toContain("This target's policy needs a reason: an incident reference matching ^INC-\\d+");
    expect(out).toContain('The reason must be an incident reference matching ^INC-\\d+');
    expect(out).toContain('Reason: INC-42 db down');
    expect(out.match(/Rerun request rr-/g)).toHaveLength(1);
  });

  it('answers a colliding ask with watch and approve; a watcher is told the decision and the final state once', async () => {
    const out = await session('    approval: peer', [
      'team-batch job_ids=job-97zcl3wt',
      'as dave',
      'team-batch job_ids=job-97zcl3wt',
      'watch',
      'watch',
      'as alice',
      'team-batch job_ids=job-97zcl3wt',
      'watch',
      'as bob',
      'approve',
    ]);
    const id = requestId(out) as string;
    expect(out).toContain(`job-97zcl3wt is already in request ${id} by alice (waiting for approval)`);
    expect(out).toContain(`Type watch ${id} to be told of its decision and its final state, or type approve ${id}`);
    // The requester's own collision offers nothing to type; their watch is refused.
    expect(out.match(/Type watch /g)).toHaveLength(1);
    expect(out).toContain(`You asked for ${id}: you are told of its decision and its final state anyway.`);
    expect(out).toContain(`You watch request ${id} (waiting for approval)`);
    expect(out).toContain(`You already watch request ${id}.`);
    expect(
      out.match(
        new RegExp(`✉ dave: Rerun request ${id} on team-batch by alice, which you watch: approved by bob`, 'g'),
      ),
    ).toHaveLength(1);
    expect(
      out.match(
        new RegExp(
          `✉ dave: The job of rerun ${id} on team-batch by alice, which you watch, reached its final state`,
          'g',
        ),
      ),
    ).toHaveLength(1);
    // One request all along: the collisions asked nothing.
    expect(new Set(out.match(/rr-[0-9a-f]+/g))).toEqual(new Set([id]));
  });

  it('breaks glass with a reason and a confirmation line; stops without it; refuses it without the policy', async () => {
    const out = await session('    approval: peer\n    breakGlass: true', [
      'team-batch job_ids=job-97zcl3wt',
      'approve',
      'approve reason="INC-7 nobody awake"',
      'no',
      'as bob',
      'approve reason="INC-7"',
      'as alice',
      'approve reason="INC-7 nobody awake"',
      'yes',
      'status',
    ]);
    const id = requestId(out) as string;
    expect(out).toContain(`type approve ${id} reason=… to approve it yourself`);
    expect(out).toContain(`Break glass on ${id} (team-batch)`);
    expect(out).toContain(`Break-glass on ${id} stopped; nothing changed.`);
    expect(out).toContain('Only the person who asked for this rerun can break glass on it.');
    expect(out).toMatch(/Break-glass: alice approved their own rerun request/);
    expect(out).toContain('Reason: INC-7 nobody awake');
    expect(out).toContain('Accepted by the provider');

    const refused = await session('    approval: peer', ['team-batch job_ids=job-97zcl3wt', 'approve reason="INC-7"']);
    expect(refused).toMatch(/does not allow break-glass/);
    expect(refused).not.toContain('Accepted by the provider');
  });
});
