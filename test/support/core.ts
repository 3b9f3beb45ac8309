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
import { PostRefused, postKey, type PostBody, type PostPlace, type PostRecord } from '../../src/core/model/post.ts';
import { RateLimited } from '../../src/core/model/reply.ts';
import type { Notifier, Store, UpdateLane } from '../../src/core/ports.ts';
import type { RawParams } from '../../src/providers/types.ts';
import type { Message } from '../../src/lib/message.ts';
import type { Clock } from '../../src/lib/ports.ts';
import { createHttpClient } from '../../src/providers/_shared/http.ts';
import { createPacers, type Reserve } from '../../src/providers/_shared/pacing.ts';
import { FAST_TIMING } from '../../src/providers/_shared/timing.ts';
import type { Pacers } from '../../src/providers/types.ts';
import { providers } from '../../src/providers/index.ts';
import { captureLogger } from './logs.ts';

const never = () => new Promise<void>(() => undefined);

/** What a post said, as a test reads it. */
interface Announced {
  to: { channel: string; locale: string };
  request: RerunRequest;
  message: Message;
}

/**
 * A front end that records each post, carrying its identity: `find` reads the posts that landed
 * (`landed`, shared by the replicas of one test when they are given one map, as one Slack is).
 */
export class RecordingNotifier implements Notifier {
  readonly published: RerunRequest[] = [];
  readonly updates: RerunRequest[] = [];
  /** How each update was sent (a person's action at once, or paced), beside `updates`. */
  readonly lanes: UpdateLane[] = [];
  readonly replies: { request: RerunRequest; message: Message; ts: string; again?: { raw?: RawParams } }[] = [];
  readonly announced: Announced[] = [];
  readonly told: { request: RerunRequest; message: Message; to?: string }[] = [];
  readonly superseded: { request: RerunRequest; ts: string }[] = [];
  /** Posts never finish (the replica dies mid-post). */
  holdPosts = false;
  /** The next this many updates are lost. */
  failUpdates = 0;
  /** The next this many updates are turned away for now (a 429, Retry-After 1): nothing changes. */
  limitUpdates = 0;
  /** Replies never finish (the replica dies mid-reply). */
  holdReplies = false;
  /** The next this many replies are refused for good (channel_not_found). */
  refuseReplies = 0;
  /** The next this many replies are turned away for now (a 429): nothing is posted. */
  limitReplies = 0;
  /** The next this many posts land, but their answer is lost (a 5xx after posting). */
  loseAnswers = 0;
  /** Reminders and escalations never finish (the replica dies mid-post). */
  holdNudges = false;
  /** The next this many announce lines are refused for good. */
  failAnnounces = 0;
  private seq = 0;

  constructor(readonly landed = new Map<string, string[]>()) {}

  placeOf(body: PostBody): PostPlace {
    return { channel: body.kind === 'announce' ? body.channel : 'test' };
  }

  async post(post: PostRecord, request: RerunRequest): Promise<string> {
    const b = post.body;
    if (b.kind === 'request' && this.holdPosts) await never();
    if ((b.kind === 'reminder' || b.kind === 'escalation') && this.holdNudges) await never();
    if (b.kind === 'final') {
      if (this.holdReplies) await never();
      if (this.refuseReplies > 0) {
        this.refuseReplies -= 1;
        throw new PostRefused('channel_not_found');
      }
      if (this.limitReplies > 0) {
        this.limitReplies -= 1;
        throw new RateLimited(1);
      }
    }
    if (b.kind === 'announce' && this.failAnnounces > 0) {
      this.failAnnounces -= 1;
      throw new PostRefused('not_in_channel');
    }
    const ts = `${b.kind}-${++this.seq}`;
    if (b.kind === 'request') this.published.push(request);
    if (b.kind === 'final')
      this.replies.push({ request, message: b.message, ts, ...(b.again ? { again: b.again } : {}) });
    if (b.kind === 'announce')
      this.announced.push({ to: { channel: b.channel, locale: b.locale }, request, message: b.message });
    if (b.kind === 'dm') this.told.push({ request, message: b.message, ...(b.to ? { to: b.to } : {}) });
    this.landed.set(postKey(post), [...(this.landed.get(postKey(post)) ?? []), ts]);
    if (this.loseAnswers > 0) {
      this.loseAnswers -= 1;
      throw new Error('fatal_error: the answer was lost');
    }
    return ts;
  }
  async find(post: PostRecord): Promise<string[]> {
    return this.landed.get(postKey(post)) ?? [];
  }
  refAt(_place: PostPlace, ts: string): SurfaceRef {
    return { kind: 'test', n: Number(ts.split('-').pop()) };
  }
  async update(request: RerunRequest, lane: UpdateLane): Promise<void> {
    if (this.failUpdates > 0) {
      this.failUpdates -= 1;
      throw new Error('the update was lost');
    }
    if (this.limitUpdates > 0) {
      this.limitUpdates -= 1;
      throw new RateLimited(1);
    }
    this.updates.push(request);
    this.lanes.push(lane);
  }
  async supersede(request: RerunRequest, ts: string): Promise<void> {
    this.superseded.push({ request, ts });
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
  'leases' | 'follow' | 'replyPoster' | 'replies' | 'updates' | 'sleep' | 'actionBudgetMs' | 'metrics'
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
  /** The posts that landed, shared by the replicas of a test that pass one map (one Slack). */
  landed?: Map<string, string[]>;
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
  const notifier = new RecordingNotifier(o.landed);
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
    // Slack's pace of updates is a test's subject of its own: by default every update goes at once.
    updates: { paceMs: 0, coalesceMs: 0, ...o.updates },
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.actionBudgetMs ? { actionBudgetMs: o.actionBudgetMs } : {}),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  return { core, notifier, logs };
}
