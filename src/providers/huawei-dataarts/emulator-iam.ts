/**
 * The DataArts emulator's IAM endpoint: POST /v3/auth/tokens with password auth, scoped to one
 * of the account's projects, the token in X-Subject-Token. It remembers the tokens it issued,
 * which the gateway then accepts as X-Auth-Token until they expire.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorReply, RecordedRequest } from '../../emulators/server.ts';
import { reply } from './emulator-replies.ts';

/** The emulator's settings and counters the IAM endpoint reads and bumps, live. */
interface IamLive {
  tokenRequests: number;
  tokenLifetimeMs: number;
}

export interface Iam {
  issueToken(req: RecordedRequest): EmulatorReply;
  /** When a token issued here expires (undefined: not issued here). */
  expiresAt(token: string): number | undefined;
  /** Expire every issued token. */
  expireTokens(): void;
}

export function createIam(
  opts: { iam?: { username: string; password: string; domain: string } },
  projects: Set<string>,
  live: () => IamLive,
): Iam {
  const issued = new Map<string, number>(); // token → expires at

  function issueToken(req: RecordedRequest): EmulatorReply {
    live().tokenRequests += 1;
    let body: {
      auth?: {
        identity?: {
          methods?: string[];
          password?: { user?: { name?: string; password?: string; domain?: { name?: string } } };
        };
        scope?: { project?: { id?: string } };
      };
    };
    try {
      body = JSON.parse(req.body);
    } catch {
      return reply(400, { error: { code: 400, message: 'The request body is not JSON.', title: 'Bad Request' } });
    }
    const user = body.auth?.identity?.password?.user;
    if (
      !opts.iam ||
      !body.auth?.identity?.methods?.includes('password') ||
      user?.name !== opts.iam.username ||
      user.password !== opts.iam.password ||
      user.domain?.name !== opts.iam.domain
    ) {
      return reply(401, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
    }
    const scoped = body.auth?.scope?.project?.id;
    if (scoped === undefined || !projects.has(scoped)) {
      return reply(400, { error: { code: 400, message: 'Invalid scope: project not found.', title: 'Bad Request' } });
    }
    const token = `fake-iam-token-${randomUUID()}`;
    const now = Date.now();
    const expiresAt = now + live().tokenLifetimeMs;
    issued.set(token, expiresAt);
    return reply(
      201,
      {
        token: {
          expires_at: new Date(expiresAt).toISOString(),
          issued_at: new Date(now).toISOString(),
          methods: ['password'],
          project: { id: scoped, name: 'emulated-region' },
          user: { name: opts.iam.username, domain: { name: opts.iam.domain } },
        },
      },
      { 'X-Subject-Token': token },
    );
  }

  return {
    issueToken,
    expiresAt: (token) => issued.get(token),
    expireTokens() {
      for (const t of issued.keys()) issued.set(t, Date.now() - 1);
    },
  };
}
