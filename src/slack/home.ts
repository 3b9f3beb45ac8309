/**
 * The App Home (issue 19 item 6): each person's "Waiting for you", "Your requests" and "Last
 * decisions", published with views.publish when they open the tab, after their click on it, and
 * again when a request changes that concerns them (its requester and whoever may decide it).
 *
 * Who is refreshed: only people who opened their Home at this replica (remembered in memory,
 * bounded): Slack sends `app_home_opened` each time the tab is opened, so a Home another replica
 * published is at worst as old as its last opening, and correct again at the next one.
 *
 * The pace (PLATFORM.md: views.publish is Tier 4, about 100 a minute per workspace): one republish
 * per person per `gapMs` at most, whatever number of changes came meanwhile (a decision, its call
 * and its answer come as one), and `spacingMs` between two publishes of this replica.
 */
import type { WebClient } from '@slack/web-api';
import type { Core } from '../core/compose.ts';
import type { RerunRequest } from '../core/model/request.ts';
import { shownOf } from '../core/model/shown.ts';
import type { Notifier } from '../core/ports.ts';
import type { Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { homeView } from './blocks/home.ts';
import type { ButtonSeal } from './button-seal.ts';
import type { SlackPeople } from './people.ts';
import type { SlackWords } from './words.ts';

export interface HomeTiming {
  /** At most one republish per person this often. */
  gapMs: number;
  /** Between two publishes of this replica (views.publish: 100+ a minute per workspace). */
  spacingMs: number;
}

export const DEFAULT_HOME_TIMING = { gapMs: 5_000, spacingMs: 700 } satisfies HomeTiming;

/** People whose Home this replica keeps fresh, at most; the one who opened it longest ago is forgotten first. */
const MAX_VIEWERS = 10_000;

export interface HomeDeps {
  /** The core, once it is made (it is made after the notifier that tells this of changes). */
  core: () => Pick<Core, 'pending' | 'concerned'>;
  client: WebClient;
  words: SlackWords;
  people: Pick<SlackPeople, 'localeWithin'>;
  buttons: ButtonSeal;
  /** The shared clock: the buttons' seals are opened by it at any replica. */
  clock: Clock;
  logger: Logger;
  timing?: Partial<HomeTiming>;
  /** Waits `ms` (default: an unreferenced timer, which never holds the process open). */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class SlackHome {
  private readonly timing: HomeTiming;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly viewers = new Set<string>();
  /** When each person's Home was last published (clock ms). */
  private readonly last = new Map<string, number>();
  private readonly dirty = new Set<string>();
  /** Each person's publishes, one after the other, so an older list never lands after a newer one. */
  private readonly chains = new Map<string, Promise<void>>();
  private draining: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: HomeDeps) {
    this.timing = { ...DEFAULT_HOME_TIMING, ...deps.timing };
    this.sleep = deps.sleep ?? timer;
  }

  /** A person opened their Home: remembered, and their Home published now. */
  async opened(user: string): Promise<void> {
    this.viewers.delete(user);
    this.viewers.add(user);
    if (this.viewers.size > MAX_VIEWERS) this.viewers.delete(this.viewers.values().next().value as string);
    await this.publishNow(user);
  }

  /** Publishes a person's Home now (their click's answer), with `notice` on top when given. */
  async publishNow(user: string, notice?: Message): Promise<void> {
    this.dirty.delete(user);
    await this.publish(user, notice);
  }

  /** A request changed: the Homes it concerns, among the people seen here, are republished at their pace. */
  changed(request: RerunRequest): void {
    if (!this.viewers.size || this.stopped) return;
    void this.deps
      .core()
      .concerned(request, [...this.viewers])
      .then((people) => {
        for (const p of people) this.dirty.add(p);
        if (people.length) this.drain();
      })
      .catch((err: unknown) =>
        this.deps.logger.warn({ err, requestId: request.id }, 'could not tell whose App Home a change concerns'),
      );
  }

  /** No more publishes (a shutdown). */
  stop(): void {
    this.stopped = true;
    this.dirty.clear();
  }

  private drain(): void {
    this.draining ??= this.publishDue().finally(() => {
      this.draining = undefined;
      if (this.dirty.size && !this.stopped) this.drain();
    });
  }

  private async publishDue(): Promise<void> {
    while (this.dirty.size && !this.stopped) {
      // The person whose turn comes first; a wait for it lets more changes join the ones queued.
      let next: string | undefined;
      let at = Infinity;
      for (const u of this.dirty) {
        const t = (this.last.get(u) ?? -Infinity) + this.timing.gapMs;
        if (t < at) [next, at] = [u, t];
      }
      const now = this.deps.clock.now().getTime();
      if (next === undefined) return;
      if (at > now) {
        await this.sleep(at - now);
        continue;
      }
      this.dirty.delete(next);
      await this.publish(next).catch(() => undefined);
      if (this.timing.spacingMs > 0) await this.sleep(this.timing.spacingMs);
    }
  }

  private publish(user: string, notice?: Message): Promise<void> {
    const sent = (this.chains.get(user) ?? Promise.resolve()).then(() => this.send(user, notice));
    const chain = sent.catch((err: unknown) =>
      this.deps.logger.warn({ err, user }, 'publishing the App Home failed; it is published again at its next change'),
    );
    this.chains.set(user, chain);
    void chain.then(() => {
      if (this.chains.get(user) === chain) this.chains.delete(user);
    });
    return sent;
  }

  private async send(user: string, notice: Message | undefined): Promise<void> {
    if (this.stopped) return;
    const { core, words, buttons, clock } = this.deps;
    this.last.set(user, clock.now().getTime());
    const [lists, locale] = await Promise.all([core().pending(user), this.deps.people.localeWithin(user)]);
    const now = clock.now();
    const seal = (r: RerunRequest) => buttons.seal({ requestId: r.id, shown: shownOf(r), surface: 'home' }, user, now);
    await this.deps.client.views.publish({ user_id: user, view: homeView(lists, locale, words, seal, notice) });
  }
}

/**
 * The notifier, telling the Home of every change it shows: a request posted (it now waits for
 * someone) and a request's message updated (decided, sent, answered, expired).
 */
export function withHome(notifier: Notifier, home: Pick<SlackHome, 'changed'>): Notifier {
  return {
    placeOf: (body, request) => notifier.placeOf(body, request),
    find: (post) => notifier.find(post),
    refAt: (place, ts) => notifier.refAt(place, ts),
    supersede: (request, ts) => notifier.supersede(request, ts),
    async post(post, request) {
      const ts = await notifier.post(post, request);
      if (post.body.kind === 'request') home.changed(request);
      return ts;
    },
    async update(request, lane) {
      try {
        await notifier.update(request, lane);
      } finally {
        home.changed(request);
      }
    },
  };
}
