/**
 * The three lists of what waits for a person (core/use-cases/pending.ts) as messages, in the order
 * every surface shows them: the App Home lays them out as blocks with buttons, `/rerun pending` and
 * the console's `pending` as lines. What each list holds and says is chosen once, here.
 */
import type { PendingLists } from '../core/compose.ts';
import { approversOf } from '../core/model/lifecycle.ts';
import type { RerunRequest } from '../core/model/request.ts';
import { storyOf } from '../core/model/story.ts';
import type { Message } from '../lib/message.ts';
import { uiMsg } from './surface.ts';

export type PendingListName = 'waiting' | 'mine' | 'decided';

export interface PendingSection {
  list: PendingListName;
  title: Message;
  /** Each request with its line; empty when the list is. */
  items: { request: RerunRequest; line: Message }[];
  /** Said when the list is empty. */
  none: Message;
  /** "…and N more", when more were read than the list shows. */
  more?: Message;
}

const NONE = {
  waiting: uiMsg('ui.pending.noneWaiting', {}),
  mine: uiMsg('ui.pending.noneMine', {}),
  decided: uiMsg('ui.pending.noneDecided', {}),
} as const;

const TITLE = {
  waiting: uiMsg('ui.pending.waiting', {}),
  mine: uiMsg('ui.pending.mine', {}),
  decided: uiMsg('ui.pending.decided', {}),
} as const;

export function pendingLine(r: RerunRequest): Message {
  return uiMsg('ui.pending.item', {
    id: r.id,
    target: r.targetId,
    requester: r.requester,
    at: r.createdAt,
    story: storyOf(r),
    // The story names who rejected or cancelled; a call that went out was decided by its approvers.
    approvers: r.execution && r.state !== 'sending' ? approversOf(r) : [],
    summary: r.summary,
  });
}

export function pendingView(lists: PendingLists): PendingSection[] {
  return (['waiting', 'mine', 'decided'] as const).map((list) => {
    const { requests, more } = lists[list];
    return {
      list,
      title: TITLE[list],
      items: requests.map((request) => ({ request, line: pendingLine(request) })),
      none: NONE[list],
      ...(more ? { more: uiMsg('ui.request.more', { count: more }) } : {}),
    };
  });
}
