/**
 * The words of a command's answers that every front end says alike, one message each (the core's
 * dispatcher, core/dispatch.ts, decides which answer). Help, status, history and forms are laid
 * out by each front end from views.ts.
 */
import type { SaidAnswer } from '../core/compose.ts';
import type { Message } from '../lib/message.ts';
import { uiMsg } from './surface.ts';
import { problemsOf } from './views.ts';

export function answerMessage(a: SaidAnswer): Message {
  switch (a.kind) {
    case 'message':
      return a.message;
    case 'unreadable':
      return uiMsg('ui.answer.unreadable', { message: a.message, example: a.example });
    case 'invalid':
      return uiMsg('ui.answer.problems', { problems: problemsOf(a.errors), example: a.example });
    case 'checking':
      return uiMsg('ui.answer.checking', { target: a.targetId });
    case 'no-request':
      return uiMsg('ui.answer.noRequest', { id: a.id });
    case 'unknown-target':
      return uiMsg('ui.answer.unknownTarget', { target: a.target, targets: a.targets });
  }
}
