/**
 * The console's commands (docs/SPEC.md §3): a line is a rerun command typed by the current
 * pretend person (the leading `/rerun` is optional), or one of the console's own words: `as`,
 * `approve`, `reject`, `cancel`, `again`, `pending`, `watch`, `quit`. Each line is translated into a use case and
 * what comes back is printed; the core decides everything.
 */
import { parseCommand, tokenize } from '../core/command.ts';
import { coreMsg } from '../core/messages.ts';
import { mayBreakGlass } from '../core/policy.ts';
import type { Asker, AskResult, Core, LaterAnswer } from '../core/compose.ts';
import type { DecisionKind } from '../core/model/request.ts';
import { storyOf } from '../core/model/story.ts';
import { answerMessage } from '../i18n/answers.ts';
import type { Renderer } from '../i18n/render.ts';
import { uiMsg } from '../i18n/surface.ts';
import { pendingView } from '../i18n/pending.ts';
import { helpView, historyView, problemsOf, statusView } from '../i18n/views.ts';
import type { Locale, Message } from '../lib/message.ts';
import type { Clock } from '../lib/ports.ts';
import { QueueNotice } from '../lib/queue-notice.ts';
import type { Printer } from './notifier.ts';
import { consoleStyle } from './style.ts';

export const DEFAULT_USER = 'alice';
/** The room every console request is asked in, as policies see it. */
export const CONSOLE_PLACE = { id: 'console', name: 'console' } as const;

const NAME = /^[A-Za-z0-9._-]{1,40}$/;
const DECISIONS: readonly DecisionKind[] = ['approve', 'reject', 'cancel'];

export interface ConsoleSessionOptions {
  core: Core;
  renderer: Renderer;
  clock: Clock;
  out: Printer;
  locale: Locale;
  /**
   * How long an answer may be in coming before the console says it waits its turn at a
   * provider's pace, and how many calls are ahead (default QUEUE_NOTICE_AFTER_MS; tests: 0).
   */
  noticeAfterMs?: number;
}

export class ConsoleSession {
  user = DEFAULT_USER;
  /** The request `approve` and friends act on when no id is given: the newest one asked here. */
  private latest: string | undefined;
  /** A break-glass `approve rr-… reason=…` waiting for its confirmation line (the next line only). */
  private glass: { id: string; user: string; reason: string } | undefined;

  constructor(private readonly o: ConsoleSessionOptions) {}

  private say(...messages: Message[]): void {
    this.o.out.print(messages.map((m) => this.o.renderer.render(m, this.o.locale, consoleStyle)).join('\n'));
  }

  private asker(): Asker {
    return { userId: this.user, locale: this.o.locale, place: CONSOLE_PLACE, surface: { kind: 'console' } };
  }

  /** Handles one line; false when the console should end. */
  async line(raw: string): Promise<boolean> {
    const text = raw.trim().replace(/^\/rerun\b\s*/, '');
    // A break-glass waits for this one line: `yes` confirms it, anything else stops it.
    const glass = this.glass;
    this.glass = undefined;
    if (glass) {
      await this.confirmGlass(glass, text);
      return true;
    }
    if (text === '' && raw.trim() === '') return true;
    const [word = '', ...rest] = text.split(/\s+/);
    const lower = word.toLowerCase();
    if (lower === 'quit' || lower === 'exit') return false;
    if (lower === 'as') {
      const name = rest[0];
      if (!name || rest.length > 1 || !NAME.test(name)) this.say(uiMsg('ui.console.unknown', { line: raw.trim() }));
      else {
        this.user = name;
        this.say(uiMsg('ui.console.as', { user: name }));
      }
      return true;
    }
    if (lower === 'approve' && rest.some((w) => /^reason=/i.test(w))) {
      await this.breakGlass(text);
      return true;
    }
    if ((DECISIONS as readonly string[]).includes(lower) && rest.length <= 1) {
      await this.decide(lower as DecisionKind, rest[0]);
      return true;
    }
    if (lower === 'again' && rest.length <= 1) {
      const id = rest[0] ?? this.latest;
      if (!id) this.say(uiMsg('ui.console.noLatest', {}));
      else this.asked(await this.queued((queued) => this.o.core.askAgain(id, this.asker(), queued)));
      return true;
    }
    if (lower === 'watch' && rest.length <= 1) {
      await this.watch(rest[0]);
      return true;
    }
    // Like approve, status reads the latest request when no id is given.
    if (lower === 'status' && rest.length === 0 && this.latest) await this.command(`status ${this.latest}`);
    else await this.command(text);
    return true;
  }

  /**
   * `watch [rr-…]`: told of a request's decision and final state like its requester (issue 19 item
   * 5), as an ask that collided with it offers; the latest request when no id is given.
   */
  private async watch(id = this.latest): Promise<void> {
    if (!id) {
      this.say(uiMsg('ui.console.noLatest', {}));
      return;
    }
    const r = await this.o.core.watch(id, this.user);
    if (!r.ok) this.say(r.message);
    else if (r.already) this.say(uiMsg('ui.watch.already', { id: r.request.id }));
    else this.say(uiMsg('ui.watch.started', { id: r.request.id, story: storyOf(r.request) }));
  }

  private async decide(kind: DecisionKind, id = this.latest): Promise<void> {
    if (!id) {
      this.say(uiMsg('ui.console.noLatest', {}));
      return;
    }
    const r = await this.o.core.decide(id, this.user, kind);
    // An allowed click shows itself through the request's update; a refused one is explained.
    if (!r.ok) this.say(r.message);
  }

  /**
   * `approve [rr-…] reason=…`: the requester's own approval through break-glass (issue 19 item 3).
   * What the policy allows is checked first (the same rule the core applies); then one confirmation
   * line, as Slack's form asks for a ticked box.
   */
  private async breakGlass(text: string): Promise<void> {
    const read = tokenize(text);
    if ('error' in read) {
      this.say(read.error);
      return;
    }
    const words = read.tokens.slice(1);
    const reasons = words.filter((w) => /^reason=/i.test(w)).map((w) => w.slice('reason='.length));
    const ids = words.filter((w) => !/^reason=/i.test(w));
    const id = ids[0] ?? this.latest;
    if (ids.length > 1 || reasons.length !== 1) {
      this.say(uiMsg('ui.console.unknown', { line: text }));
      return;
    }
    if (!id) {
      this.say(uiMsg('ui.console.noLatest', {}));
      return;
    }
    const reason = (reasons[0] as string).trim();
    const request = await this.o.core.request(id);
    if (!request) {
      this.say(coreMsg('request.notFound', { id }));
      return;
    }
    const verdict = mayBreakGlass(request, this.user, reason, true);
    if (!verdict.allowed) {
      this.say(verdict.reason);
      return;
    }
    this.glass = { id, user: this.user, reason };
    this.say(uiMsg('ui.console.glassConfirm', { id, target: request.targetId }));
  }

  private async confirmGlass(glass: { id: string; user: string; reason: string }, line: string): Promise<void> {
    if (line.toLowerCase() !== 'yes' || glass.user !== this.user) {
      this.say(uiMsg('ui.console.glassStopped', { id: glass.id }));
      return;
    }
    const r = await this.o.core.breakGlass(glass.id, glass.user, { reason: glass.reason, confirmed: true });
    // An allowed break-glass shows itself through the request's update and its thread line.
    if (!r.ok) this.say(r.message);
  }

  private asked(result: AskResult): void {
    if (result.kind === 'posted') this.latest = result.request.id;
    else if (result.kind === 'refused' && result.collision) {
      // An open request holds the job: what to type to watch it, or to approve it where allowed.
      const { request, mayWatch, mayApprove } = result.collision;
      const help = uiMsg('ui.collision.help', { id: request.id, watch: mayWatch, approve: mayApprove });
      this.say(result.message, ...(mayWatch || mayApprove ? [help] : []));
    } else if (result.kind === 'refused') this.say(result.message);
    else this.say(uiMsg('ui.answer.problemList', { problems: problemsOf(result.errors) }));
  }

  /** A rerun command, answered by the core's dispatcher (core/dispatch.ts); the console only prints. */
  private async command(text: string): Promise<void> {
    let queued: ((ahead: number) => void) | undefined;
    const answer = this.o.core.command(parseCommand(text), {
      userId: this.user,
      asker: async () => this.asker(),
      forms: false,
      queued: (ahead) => queued?.(ahead),
    });
    if (answer.now) this.say(answerMessage(answer.now));
    const { later } = answer;
    if (later)
      this.show(
        await this.queued((told) => {
          queued = told;
          return later();
        }),
      );
  }

  /**
   * Runs `work`, whose provider reads may wait their turn at the pace: past the patience, the
   * console says once how many calls are ahead (the line Slack says), before the answer.
   */
  private async queued<T>(work: (queued: (ahead: number) => void) => Promise<T>): Promise<T> {
    const notice = new QueueNotice(
      async (ahead) => this.say(uiMsg('ui.answer.queued', { ahead })),
      this.o.noticeAfterMs,
    );
    try {
      return await work(notice.queued);
    } finally {
      await notice.done();
    }
  }

  private show(a: LaterAnswer): void {
    switch (a.kind) {
      case 'help': {
        const v = helpView(a.targets);
        this.say(uiMsg('ui.console.help', {}), ...v.targets, v.footer);
        return;
      }
      case 'form':
        // The dispatcher answers an empty command with help here: the console has no form.
        throw new Error('the console opens no form');
      case 'fill':
        this.say(uiMsg('ui.console.formNeeded', { target: a.targetId, missing: a.missing, example: a.example }));
        return;
      case 'status': {
        const v = statusView(a.status, this.o.clock.now());
        const answer = v.answer.length ? [uiMsg('ui.status.answer', {}), ...v.answer] : [];
        const current = v.current.length ? [uiMsg('ui.status.current', {}), ...v.current] : [];
        this.say(...v.head, uiMsg('ui.status.decisions', {}), ...v.decisions, ...answer, ...current, v.audit);
        return;
      }
      case 'history': {
        const v = historyView(a.requests);
        this.say(v.title, ...v.lines);
        return;
      }
      case 'pending':
        // The lists the App Home shows (i18n/pending.ts), each under its title, indented.
        for (const s of pendingView(a.lists)) {
          const lines = s.items.length ? s.items.map((i) => i.line) : [s.none];
          const text = (m: Message) => this.o.renderer.render(m, this.o.locale, consoleStyle);
          this.o.out.print(
            [text(s.title), ...[...lines, ...(s.more ? [s.more] : [])].map((l) => `  ${text(l)}`)].join('\n'),
          );
        }
        return;
      case 'cancel':
        // As with `approve`: an allowed cancel shows itself through the request's update.
        if (!a.result.ok) this.say(a.result.message);
        return;
      case 'asked':
        this.asked(a.result);
        return;
      default:
        this.say(answerMessage(a));
    }
  }
}
