/**
 * The App Home (issue 19 item 6): each person's "Waiting for you", "Your requests" and "Last
 * decisions", published with views.publish when they open the tab, after their click on it, and
 * again when a request changes that concerns them (its requester and whoever may decide it).
 *
 * Several replicas: who opened their Home, and in what language, is in the store (the core's
 * `sawHome`), so a change handled at any replica republishes the Homes it concerns wherever they
 * were opened, in each viewer's language. The pace is the store's too (core/use-cases/home.ts,
 * timings in core/timings.ts): a person's Home at most once per gap, the workspace's publishes a
 * spacing apart, across replicas. Here are only the waits for those slots, and the publishes.
 *
 * A Home opened or clicked is published at once (a person is looking at it); it still takes its
 * slots, so the republishes after it keep the pace. A republish waits for the person's slot, and
 * the changes that come meanwhile join it: one publish, showing the lists as they are then.
 */
import type { WebClient } from '@slack/web-api';
import type { Core } from '../core/compose.ts';
import type { RerunRequest } from '../core/model/request.ts';
import { shownOf } from '../core/model/shown.ts';
import type { Notifier } from '../core/ports.ts';
import type { Locale, Message } from '../lib/message.ts';
import type { Clock, Logger } from '../lib/ports.ts';
import { homeView } from './blocks/home.ts';
import type { ButtonSeal } from './button-seal.ts';
import type { SlackPeople } from './people.ts';
import type { SlackWords } from './words.ts';

/** Why a Home was published: its person opened it, a change concerned them, or their click on it. */
export type HomeReason = 'opened' | 'changed' | 'click';

/** Told of every Home publish (metrics), by reason and outcome; never by person. */
export interface HomeObserver {
  published(reason: HomeReason, outcome: 'ok' | 'error'): void;
}

export interface HomeDeps {
  /** The core, once it is made (it is made after the notifier that tells this of changes). */
  core: () => Pick<Core, 'pending' | 'concerned' | 'sawHome' | 'homeTurn' | 'homeSlot'>;
  client: WebClient;
  words: SlackWords;
  people: Pick<SlackPeople, 'localeWithin' | 'peek'>;
  buttons: ButtonSeal;
  /** The shared clock (the store's): the pace slots and the buttons' seals are read by it at any replica. */
  clock: Clock;
  logger: Logger;
  observer?: HomeObserver;
  /** Waits `ms` for a slot (default: an unreferenced timer, which never holds the process open). */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class SlackHome {
  private readonly sleep: (ms: number) => Promise<void>;
  /**
   * People whose republish waits for its slot at this replica, with the language they were last
   * seen in (undefined: not known): a change meanwhile joins it; a publish at once takes it over.
   */
  private readonly due = new Map<string, Locale | undefined>();
  /** Each person's publishes, one after the other, so an older list never lands after a newer one. */
  private readonly chains = new Map<string, Promise<void>>();
  private stopped = false;
  /** Work under way here, not counting the waits for a slot; and who waits for it to end (`idle`). */
  private active = 0;
  private readonly quiet: (() => void)[] = [];

  constructor(private readonly deps: HomeDeps) {
    this.sleep = deps.sleep ?? timer;
  }

  /** A person opened their Home: published now, and recorded, so every replica keeps it fresh. */
  opened(user: string): Promise<void> {
    return this.awake(async () => {
      const locale = await this.deps.people.localeWithin(user);
      // The language as Slack said it; none when the look-up did not answer in time (the last one is kept).
      const seen = this.deps
        .core()
        .sawHome(user, this.deps.people.peek(user))
        .catch((err: unknown) => this.deps.logger.warn({ err, user }, 'could not record who opened the App Home'));
      await Promise.all([this.now(user, 'opened', undefined, locale), seen]);
    });
  }

  /** Publishes a person's Home now (their click's answer), with `notice` on top when given. */
  publishNow(user: string, notice?: Message): Promise<void> {
    return this.awake(() => this.now(user, 'click', notice));
  }

  /** A request changed: the Homes it concerns, wherever they were opened, are republished at their pace. */
  changed(request: RerunRequest): void {
    if (this.stopped) return;
    void this.awake(async () => {
      const viewers = await this.deps.core().concerned(request);
      for (const { user, locale } of viewers) {
        if (this.stopped) return;
        const waiting = this.due.has(user);
        this.due.set(user, locale);
        if (!waiting) void this.awake(() => this.republish(user));
      }
    }).catch((err: unknown) =>
      this.deps.logger.warn({ err, requestId: request.id }, 'could not tell whose App Home a change concerns'),
    );
  }

  /** No more publishes (a shutdown). */
  stop(): void {
    this.stopped = true;
    this.due.clear();
  }

  /**
   * Resolves when nothing is under way here but waits for a slot: every change told is looked at,
   * and every Home due is published or waits for its slot (the bot's `idle`, for tests).
   */
  async idle(): Promise<void> {
    for (;;) {
      // A wait that just ended goes on in a microtask: by the next turn, it counts again.
      await new Promise((resolve) => setImmediate(resolve));
      if (!this.active) return;
      await new Promise<void>((resolve) => this.quiet.push(resolve));
    }
  }

  /** Runs `work`, counted as under way but for its waits for a slot (`until`). */
  private async awake<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      this.settle();
    }
  }

  private settle(): void {
    if (--this.active === 0) for (const resolve of this.quiet.splice(0)) resolve();
  }

  /** Published now, whatever the pace, and counted in it: this person's and the workspace's slots are taken. */
  private async now(user: string, reason: HomeReason, notice?: Message, locale?: Locale): Promise<void> {
    // What waited for its slot is shown by this publish (the lists are read after this).
    this.due.delete(user);
    const core = this.deps.core();
    const slots = Promise.all([core.homeTurn(user), core.homeSlot()]).catch((err: unknown) =>
      this.deps.logger.warn({ err, user }, 'could not take the App Home’s pace slots'),
    );
    await Promise.all([this.publish(user, reason, notice, locale), slots]);
  }

  /** Waits for the person's slot, then the workspace's, and publishes, unless published meanwhile. */
  private async republish(user: string): Promise<void> {
    try {
      const core = this.deps.core();
      await this.until(await core.homeTurn(user));
      if (!this.due.has(user) || this.stopped) return;
      await this.until(await core.homeSlot());
    } catch (err) {
      this.due.delete(user);
      if (!this.stopped)
        this.deps.logger.warn({ err, user }, 'could not take the App Home’s pace slots; not republished');
      return;
    }
    if (!this.due.has(user) || this.stopped) return;
    const locale = this.due.get(user);
    this.due.delete(user);
    // A failure is logged by publish; the next change publishes again.
    await this.publish(user, 'changed', undefined, locale).catch(() => undefined);
  }

  /** Waits until `at` (ms, the shared clock): not work under way meanwhile. */
  private async until(at: number): Promise<void> {
    const wait = at - this.deps.clock.now().getTime();
    if (wait <= 0 || this.stopped) return;
    this.settle();
    try {
      await this.sleep(wait);
    } finally {
      this.active++;
    }
  }

  private publish(user: string, reason: HomeReason, notice?: Message, locale?: Locale): Promise<void> {
    const sent = (this.chains.get(user) ?? Promise.resolve()).then(() => this.send(user, reason, notice, locale));
    const chain = sent.catch((err: unknown) =>
      this.deps.logger.warn(
        { err, user, reason },
        'publishing the App Home failed; it is published again at its next change',
      ),
    );
    this.chains.set(user, chain);
    void chain.then(() => {
      if (this.chains.get(user) === chain) this.chains.delete(user);
    });
    return sent;
  }

  private async send(user: string, reason: HomeReason, notice?: Message, seen?: Locale): Promise<void> {
    if (this.stopped) return;
    const { core, words, buttons, clock, people, observer } = this.deps;
    // The language the person was last seen in (at any replica), else the one this replica knows or looks up.
    const language = seen ?? people.localeWithin(user);
    try {
      const [lists, locale] = await Promise.all([core().pending(user), language]);
      const now = clock.now();
      const seal = (r: RerunRequest) =>
        buttons.seal({ requestId: r.id, shown: shownOf(r), surface: 'home' }, user, now);
      await this.deps.client.views.publish({ user_id: user, view: homeView(lists, locale, words, seal, notice) });
    } catch (err) {
      observer?.published(reason, 'error');
      throw err;
    }
    observer?.published(reason, 'ok');
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
