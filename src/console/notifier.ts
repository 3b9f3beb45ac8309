/**
 * The core's Notifier on a terminal, telling each request's story once: the request's block is
 * printed when it is asked (with the exact call approval will send) and when it is decided;
 * after that one short line each time the job's state changes, and the final state once (the
 * final reply). A poll that sees nothing new prints nothing, so the person's typing is not
 * buried. The request's language is its own (`request.locale`). An announce line and a message
 * to the requester are printed too, marked as such, since everyone at the terminal shares one
 * screen.
 */
import { argsText } from '../core/input.ts';
import { OPEN_STATES } from '../core/model/lifecycle.ts';
import { jobPhase } from '../core/model/following.ts';
import type { RerunRequest, SurfaceRef } from '../core/model/request.ts';
import { storyOf } from '../core/model/story.ts';
import type { PostPlace, PostRecord } from '../core/model/post.ts';
import type { Notifier } from '../core/ports.ts';
import type { Renderer } from '../i18n/render.ts';
import { uiMsg } from '../i18n/surface.ts';
import { callText, MAX_CALLS_SHOWN, requestView } from '../i18n/views.ts';
import { coreMsg } from '../core/messages.ts';
import type { Message } from '../lib/message.ts';
import type { Clock } from '../lib/ports.ts';
import { consoleStyle } from './style.ts';

export interface Printer {
  print(text: string): void;
}

/** What the terminal has been told of one request, so nothing is told twice. */
interface Told {
  decided: boolean;
  /** The state as last told: the call's state, the decisions, the job's phase and its items' states. */
  key: string;
}

const isOpen = (r: RerunRequest) => (OPEN_STATES as readonly string[]).includes(r.state);

/** The job's state as a person tells it apart: not its age, which moves with every poll. */
function stateKey(r: RerunRequest): string {
  const last = r.follow?.last;
  const items = last && 'status' in last ? last.status.items.map((i) => `${i.id}:${i.state}`) : [];
  return JSON.stringify([r.state, r.decisions.length, jobPhase(r.follow), items]);
}

export class ConsoleNotifier implements Notifier {
  private seq = 0;
  private readonly told = new Map<string, Told>();
  /** The requests asked in this session (a store may hold others, followed since an earlier start). */
  readonly asked = new Set<string>();

  constructor(
    private readonly renderer: Renderer,
    private readonly clock: Clock,
    private readonly out: Printer,
  ) {}

  private t(r: RerunRequest): (m: Message) => string {
    return (m) => this.renderer.render(m, r.locale, consoleStyle);
  }

  private block(r: RerunRequest, asked: boolean): string {
    const t = this.t(r);
    const v = requestView(r, this.clock.now());
    const out = [`── ${t(v.title)} ──`];
    if (asked) {
      out.push(t(v.asks));
      if (v.reason) out.push(t(v.reason));
      if (v.emulated) out.push(t(v.emulated));
      out.push(t(uiMsg('ui.request.preview', {})), ...v.items.map(t));
      if (v.more) out.push(t(uiMsg('ui.request.more', { count: v.more })));
      out.push(...v.notes.map(t));
      for (const call of r.calls.slice(0, MAX_CALLS_SHOWN)) {
        out.push(
          t(uiMsg('ui.request.call', {})),
          ...callText(call)
            .split('\n')
            .map((l) => (l ? `    ${l}` : '')),
        );
      }
      if (r.calls.length > MAX_CALLS_SHOWN) {
        out.push(t(uiMsg('ui.request.moreCalls', { count: r.calls.length - MAX_CALLS_SHOWN })));
      }
      out.push(t(v.policy));
    } else if (v.emulated) out.push(t(v.emulated));
    out.push(t(v.state), ...v.decisions.map(t), ...(v.glass ? [t(v.glass)] : []), ...v.outcome.map(t));
    if (v.ids) out.push(t(v.ids));
    if (r.state === 'pending') out.push(t(uiMsg('ui.console.choices', { id: r.id, cancel: true })));
    if (r.state === 'expired') out.push(t(uiMsg('ui.console.askAgain', { id: r.id })));
    // The console has no button: the refused remainder is offered as the line that asks for it.
    const remainder = r.execution?.remainder;
    if (remainder?.items.length) {
      const args = argsText(r.targetId, remainder.raw);
      out.push(t(uiMsg('ui.console.remainder', { count: remainder.items.length, args })));
    }
    return out.join('\n');
  }

  /** One short line: the story, and the job's items as last seen. */
  private storyLine(r: RerunRequest): string {
    const last = r.follow?.last;
    const items = last && 'status' in last ? last.status.items : [];
    const seen = items.map((i) =>
      coreMsg('follow.item', { id: i.id, state: i.state, result: i.result, detail: undefined }),
    );
    return `  · ${this.t(r)(uiMsg('ui.console.story', { id: r.id, story: storyOf(r), items: seen }))}`;
  }

  /** One screen: every post goes to it, and nothing printed is ever lost, so there is nothing to look for. */
  placeOf(): PostPlace {
    return { channel: 'console' };
  }

  async post(post: PostRecord, r: RerunRequest): Promise<string> {
    this.seq += 1;
    const b = post.body;
    switch (b.kind) {
      case 'request':
        this.out.print(this.block(r, true));
        this.told.set(r.id, { decided: !isOpen(r), key: stateKey(r) });
        this.asked.add(r.id);
        break;
      case 'approvers':
        // Everyone at the terminal sees the request already: there is no one else to call.
        break;
      case 'glass':
        // The thread's break-glass line, as the console's thread replies are printed.
        if (r.breakGlass) {
          const { by, reason } = r.breakGlass;
          this.out.print(
            `  ↳ ${this.t(r)(coreMsg('glass.announce', { id: r.id, target: r.targetId, requester: by, reason }))}`,
          );
        }
        break;
      case 'final':
        this.reply(r, b.message, !!b.again);
        break;
      case 'announce':
        this.out.print(`  » ${b.channel}: ${this.renderer.render(b.message, b.locale, consoleStyle)}`);
        break;
      case 'dm':
        this.tellPerson(r, b.message, b.to ?? r.requester);
        break;
      case 'reminder':
      case 'escalation':
        // One screen: the reminder's words are the call; there is nobody else to mention.
        this.reply(r, b.message, false);
        break;
    }
    return String(this.seq);
  }

  async find(): Promise<string[]> {
    return [];
  }

  refAt(_place: PostPlace, ts: string): SurfaceRef {
    return { kind: 'console', message: Number(ts) };
  }

  /** The console posts each request once (it never loses an answer), so there is no second copy. */
  async supersede(): Promise<void> {}

  async update(r: RerunRequest): Promise<void> {
    const key = stateKey(r);
    const told = this.told.get(r.id);
    if (told?.key === key) return;
    this.told.set(r.id, { decided: (told?.decided ?? false) || !isOpen(r), key });
    // The final state is told once, by the final reply that follows this update.
    if (r.follow?.phase === 'ended') return;
    if (!told?.decided && !isOpen(r)) this.out.print(this.block(r, false));
    else this.out.print(this.storyLine(r));
  }

  private reply(r: RerunRequest, message: Message, again: boolean): void {
    const t = this.t(r);
    this.out.print(`  ↳ ${r.id}: ${t(message)}`);
    if (again) this.out.print(`    ${t(uiMsg('ui.console.rerunAgain', { id: r.id }))}`);
  }

  /**
   * Everyone at the terminal shares one screen, so the requester (or a watcher, `to`) has already
   * seen what the message repeats (a final state, the outcome): its first line says it was sent, and no more.
   */
  private tellPerson(r: RerunRequest, message: Message, to: string): void {
    const first = this.renderer.render(message, r.askerLocale, consoleStyle).split('\n')[0];
    this.out.print(`  ✉ ${to}: ${first}`);
  }
}
