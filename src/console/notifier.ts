/**
 * The core's Notifier on a terminal: the approval request and each later state of it are printed
 * as text, with the choices to type. The request's language is its own (`request.locale`). An
 * announce line and a message to the requester are printed too, marked as such, since everyone
 * at the terminal shares one screen.
 */
import { argsText } from '../core/input.ts';
import type { RerunRequest, SurfaceRef } from '../core/model/request.ts';
import type { Announce, Notifier } from '../core/ports.ts';
import type { Renderer } from '../i18n/render.ts';
import { uiMsg } from '../i18n/surface.ts';
import { requestView } from '../i18n/views.ts';
import type { Message } from '../lib/message.ts';
import type { Clock } from '../lib/ports.ts';
import { consoleStyle } from './style.ts';

export interface Printer {
  print(text: string): void;
}

export class ConsoleNotifier implements Notifier {
  private seq = 0;

  constructor(
    private readonly renderer: Renderer,
    private readonly clock: Clock,
    private readonly out: Printer,
  ) {}

  private lines(r: RerunRequest, full: boolean): string {
    const t = (m: Message) => this.renderer.render(m, r.locale, consoleStyle);
    const v = requestView(r, this.clock.now());
    const out = [`── ${t(v.title)} ──`];
    if (full) {
      out.push(t(v.asks));
      if (v.emulated) out.push(t(v.emulated));
      out.push(t(uiMsg('ui.request.preview', {})), ...v.items.map(t));
      if (v.more) out.push(t(uiMsg('ui.request.more', { count: v.more })));
      out.push(...v.notes.map(t), t(v.policy));
    } else if (v.emulated) out.push(t(v.emulated));
    out.push(t(v.state), ...v.decisions.map(t), ...v.outcome.map(t));
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

  async publish(r: RerunRequest): Promise<SurfaceRef> {
    this.seq += 1;
    this.out.print(this.lines(r, true));
    return { kind: 'console', message: this.seq };
  }

  async update(r: RerunRequest): Promise<void> {
    this.out.print(this.lines(r, false));
  }

  async reply(r: RerunRequest, message: Message): Promise<void> {
    this.out.print(`  ↳ ${r.id}: ${this.renderer.render(message, r.locale, consoleStyle)}`);
  }

  async announce(to: Announce, _r: RerunRequest, message: Message): Promise<void> {
    this.out.print(`  » ${to.channel}: ${this.renderer.render(message, to.locale, consoleStyle)}`);
  }

  async tellRequester(r: RerunRequest, message: Message): Promise<void> {
    this.out.print(`  ✉ ${r.requester}: ${this.renderer.render(message, r.askerLocale, consoleStyle)}`);
  }
}
