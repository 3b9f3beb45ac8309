/**
 * A core as a test's replica: real targets from a config text (their calls go over HTTP to the
 * provider emulators), the store and clock the test holds, and a front end that records what it
 * was asked to show — and can hold or lose a post, an update or a reply, as a dying replica or a
 * failing Slack would.
 */
import { parseConfig } from '../../src/config/load.ts';
import { createCore, type Asker, type Core, type CoreDeps } from '../../src/core/compose.ts';
import type { RerunRequest, SurfaceRef } from '../../src/core/model/request.ts';
import { connectTargets, type Target } from '../../src/core/model/target.ts';
import type { Announce, Notifier, ReplyOffer, Store } from '../../src/core/ports.ts';
import type { Message } from '../../src/lib/message.ts';
import type { Clock } from '../../src/lib/ports.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers, type Reserve } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import type { Pacers } from '../../src/providers/types.ts';
import { providers } from '../../src/providers/index.ts';
import { captureLogger } from './logs.ts';

const never = () => new Promise<void>(() => undefined);

export class RecordingNotifier implements Notifier {
  readonly published: RerunRequest[] = [];
  readonly updates: RerunRequest[] = [];
  readonly replies: { request: RerunRequest; message: Message; offer?: ReplyOffer }[] = [];
  readonly announced: { to: Announce; request: RerunRequest; message: Message }[] = [];
  readonly told: { request: RerunRequest; message: Message }[] = [];
  /** Posts never finish (the replica dies mid-post). */
  holdPosts = false;
  /** The next this many updates are lost. */
  failUpdates = 0;
  /** Replies never finish (the replica dies mid-reply). */
  holdReplies = false;
  /** The next this many replies are refused. */
  failReplies = 0;
  /** The next this many announce lines are refused. */
  failAnnounces = 0;

  async publish(request: RerunRequest): Promise<SurfaceRef> {
    if (this.holdPosts) await never();
    this.published.push(request);
    return { kind: 'test', n: this.published.length };
  }
  async update(request: RerunRequest): Promise<void> {
    if (this.failUpdates > 0) {
      this.failUpdates -= 1;
      throw new Error('the update was lost');
    }
    this.updates.push(request);
  }
  async reply(request: RerunRequest, message: Message, offer?: ReplyOffer): Promise<void> {
    if (this.holdReplies) await never();
    if (this.failReplies > 0) {
      this.failReplies -= 1;
      throw new Error('channel_not_found');
    }
    this.replies.push({ request, message, ...(offer ? { offer } : {}) });
  }
  async announce(to: Announce, request: RerunRequest, message: Message): Promise<void> {
    if (this.failAnnounces > 0) {
      this.failAnnounces -= 1;
      throw new Error('not_in_channel');
    }
    this.announced.push({ to, request, message });
  }
  async tellRequester(request: RerunRequest, message: Message): Promise<void> {
    this.told.push({ request, message });
  }
}

/** Obvious fakes the Tencent emulator accepts. */
export const TENCENT_CREDS = { secretId: 'AKIDFAKEFAKEFAKE', secretKey: 'fake-tencent-secret-key' };

/** One Tencent Batch target, `batch-gz`, on the emulator at `endpoint`, under a peer policy. */
export function tencentConfig(endpoint: string): string {
  const { secretId, secretKey } = TENCENT_CREDS;
  return (
    `targets:\n  batch-gz:\n    provider: tencent-batch\n    region: ap-guangzhou\n    endpoint: ${endpoint}\n` +
    `    timeout: 2s\n    auth: { secretId: ${secretId}, secretKey: ${secretKey} }\n` +
    'policies:\n  default:\n    approval: peer\n    expiresAfter: 10m\n'
  );
}

export const testAsker: Asker = {
  userId: 'U0ALICE',
  locale: 'en',
  place: { id: 'C0INCIDENT', name: 'inc-1' },
  surface: { kind: 'test' },
};

export interface TestCoreOptions extends Pick<
  CoreDeps,
  'leases' | 'follow' | 'replyPoster' | 'replies' | 'sleep' | 'actionBudgetMs'
> {
  /** The config file's text (targets and policies). */
  yaml: string;
  store: Store;
  /** The core's time. */
  clock: Clock;
  replica: string;
  /** The providers' time (they sign with it, and the emulators check it): real unless given. */
  providerClock?: Clock;
  /** A pace reservation of the test's (its wait never ends): calls wait in the rate limiter. */
  reserve?: Reserve;
  /** The providers' pacers (default: real ones, or on `reserve`); a test of something else may pass ones that never wait. */
  pacers?: Pacers;
  /** Replaces each target's session, to script what it answers. */
  session?: (session: Target['session']) => Target['session'];
}

export function testCore(o: TestCoreOptions): {
  core: Core;
  notifier: RecordingNotifier;
  logs: ReturnType<typeof captureLogger>;
} {
  const config = parseConfig(o.yaml, 'test.yml', {}, providers);
  const logs = captureLogger();
  const logger = logs.logger;
  const connected = connectTargets(config.targets.values(), {
    http: createHttpClient(),
    clock: o.providerClock ?? { now: () => new Date() },
    logger,
    timing: FAST_TIMING,
    pacers: o.pacers ?? (o.reserve ? createPacers({ reserve: o.reserve, sleep: never }) : createPacers()),
  });
  const targets = new Map<string, Target>();
  for (const [id, t] of connected) targets.set(id, o.session ? { ...t, session: o.session(t.session) } : t);
  const notifier = new RecordingNotifier();
  const core = createCore({
    targets,
    policies: config.policies,
    store: o.store,
    clock: o.clock,
    logger,
    notifier,
    directory: { isMember: async () => false },
    replica: o.replica,
    ...(o.leases ? { leases: o.leases } : {}),
    ...(o.follow ? { follow: o.follow } : {}),
    alerts: config.alerts,
    ...(o.replyPoster ? { replyPoster: o.replyPoster } : {}),
    ...(o.replies ? { replies: o.replies } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.actionBudgetMs ? { actionBudgetMs: o.actionBudgetMs } : {}),
  });
  return { core, notifier, logs };
}
