/**
 * One dispatcher for a read command (core/command.ts), whichever front end it was typed in. It
 * decides what the command comes to and answers with facts, never words: what can be said at
 * once (`now`, no I/O) and the work that needs the store, a provider or the asker's place
 * (`later`). Slack puts `now` in the ack it owes within 3 s and sends what `later` comes to on the
 * response_url; the console prints both in turn. i18n/answers.ts words the answers both say alike.
 */
import type { Message } from '../lib/message.ts';
import type { RawParams } from '../providers/types.ts';
import type { Command } from './command.ts';
import type { CoreContext } from './context.ts';
import { REASON_KEY, type FieldErrors } from './input.ts';
import type { RerunRequest } from './model/request.ts';
import type { Target } from './model/target.ts';
import { ask, type AskResult } from './use-cases/ask.ts';
import { checkText } from './use-cases/check.ts';
import { decide, type DecideResult } from './use-cases/decide.ts';
import { listedTo, pendingFor, type PendingLists } from './use-cases/pending.ts';
import { historyOf, status, type StatusResult } from './use-cases/read.ts';
import { targetsFor, type Asker } from './use-cases/targets.ts';

/** Who typed the command, and where. */
export interface CommandCaller {
  userId: string;
  /**
   * Who asks from where, as the core's rules see them. Read only by `later`: naming the place may
   * need I/O (Slack looks up a channel's name), which must wait until after the ack.
   */
  asker: () => Promise<Asker>;
  /** Whether the surface opens a form; one that does not (the console) answers an empty command with help. */
  forms: boolean;
  /**
   * Told, while `later`'s provider reads (a preview, `status`'s live state) wait their turn at the
   * pace, how many calls wait ahead of them (CallOptions.queued), so the front end can say so.
   */
  queued?: (ahead: number) => void;
}

/** Answers every front end words alike, as one message (i18n/answers.ts). */
export type SaidAnswer =
  /** A core message shown as it is: the command mistyped, a record a newer version wrote. */
  | { kind: 'message'; message: Message }
  /** The key=value text cannot be read (an unknown key, one given twice); `example` would work. */
  | { kind: 'unreadable'; message: Message; example: string }
  /** The values have problems; `example` would work. */
  | { kind: 'invalid'; errors: FieldErrors; example: string }
  /** The request reads well and is being asked: its preview follows. */
  | { kind: 'checking'; targetId: string }
  | { kind: 'no-request'; id: string }
  /** No target has that name; `targets` are the ones this person may use here. */
  | { kind: 'unknown-target'; target: string; targets: string[] };

/** What is known at once, without I/O (the ack's answer). */
export type NowAnswer = Extract<SaidAnswer, { kind: 'message' | 'unreadable' | 'invalid' | 'checking' }>;

/** What the work after the ack comes to; each front end lays these out its own way. */
export type LaterAnswer =
  | SaidAnswer
  /** Help: the targets this person may use here. */
  | { kind: 'help'; targets: Target[] }
  /** Open the empty form (a surface that has one). */
  | { kind: 'form' }
  /**
   * Open the form for `targetId` with what was typed, `missing` required fields marked; `example`
   * is a complete request, for a surface without a form.
   */
  | { kind: 'fill'; targetId: string; prefill: RawParams; missing: string[]; example: string }
  | { kind: 'status'; status: StatusResult }
  | { kind: 'history'; requests: RerunRequest[] }
  | { kind: 'pending'; lists: PendingLists }
  | { kind: 'cancel'; id: string; result: DecideResult }
  | { kind: 'asked'; result: AskResult };

export type CommandAnswer = NowAnswer | LaterAnswer;

/**
 * A command's answer in two parts. `later` is a function, so nothing it needs (the store, a
 * provider, the asker's place) starts before the front end calls it.
 */
export interface Dispatched {
  now?: NowAnswer;
  later?: () => Promise<LaterAnswer>;
}

export function dispatch(ctx: CoreContext, command: Command, caller: CommandCaller): Dispatched {
  const unknownTarget = async (target: string): Promise<LaterAnswer> => {
    const targets = (await targetsFor(ctx, await caller.asker())).map((t) => t.id);
    return { kind: 'unknown-target', target, targets };
  };
  const reader = { party: caller.userId, ...(caller.queued ? { queued: caller.queued } : {}) };
  /**
   * Whether the caller may read this request: one asked in a private place only by the people the
   * Home lists it to (pending.ts `listedTo`), or by whoever asks from that place itself.
   */
  let asker: Promise<Asker> | undefined;
  const seenBy = async (r: RerunRequest): Promise<boolean> =>
    (await listedTo(r, caller.userId, ctx.directory)) || (await (asker ??= caller.asker())).place.id === r.place.id;
  const help = async (): Promise<LaterAnswer> => ({
    kind: 'help',
    targets: await targetsFor(ctx, await caller.asker()),
  });
  switch (command.kind) {
    case 'error':
      return { now: { kind: 'message', message: command.message } };
    case 'help':
      return { later: help };
    case 'form':
      return { later: caller.forms ? async () => ({ kind: 'form' }) : help };
    case 'status':
      return {
        later: async () => {
          // A private place's request is no one else's business: the same answer as an unknown id.
          const known = await ctx.store.get(command.id).catch(() => undefined);
          if (known && !(await seenBy(known))) return { kind: 'no-request', id: command.id };
          const s = await status(ctx, command.id, reader);
          if (!s) return { kind: 'no-request', id: command.id };
          if ('refused' in s) return { kind: 'message', message: s.refused };
          return { kind: 'status', status: s };
        },
      };
    case 'pending':
      return { later: async () => ({ kind: 'pending', lists: await pendingFor(ctx, caller.userId) }) };
    case 'cancel':
      return {
        later: async () => ({
          kind: 'cancel',
          id: command.id,
          result: await decide(ctx, command.id, caller.userId, 'cancel'),
        }),
      };
    case 'history':
      return {
        later: async () => {
          const h = await historyOf(ctx, { targetId: command.targetId, limit: command.limit });
          if (h.kind === 'unknown-target') return unknownTarget(h.target);
          const seen = await Promise.all(h.requests.map(seenBy));
          return { kind: 'history', requests: h.requests.filter((_, i) => seen[i]) };
        },
      };
    case 'request': {
      const checked = checkText(ctx, command.targetId, command.pairs);
      switch (checked.kind) {
        case 'unknown-target':
          return { later: () => unknownTarget(command.targetId) };
        case 'unreadable':
          return { now: { kind: 'unreadable', message: checked.message, example: checked.example } };
        case 'invalid': {
          // A reason the policy requires, left out where a form opens (issue 19 item 4): the form,
          // with what was typed and the Reason (and any field still missing) marked, rather than a
          // sentence on how to type it. The answer needs no I/O, so the form opens within the trigger.
          const { targetId, errors, example, prefill } = checked;
          const missing = Object.keys(errors);
          const reasonLeftOut = errors[REASON_KEY]?.message.id === 'reason.required';
          const onlyMissing = missing.every((k) => errors[k]?.code === 'required' || k === REASON_KEY);
          if (caller.forms && reasonLeftOut && onlyMissing)
            return { later: async () => ({ kind: 'fill', targetId, prefill, missing, example }) };
          return { now: { kind: 'invalid', errors, example } };
        }
        case 'form': {
          const { targetId, prefill, missing, example } = checked;
          return { later: async () => ({ kind: 'fill', targetId, prefill, missing, example }) };
        }
        case 'ok':
          return {
            now: { kind: 'checking', targetId: checked.targetId },
            later: async () => ({
              kind: 'asked',
              result: await ask(ctx, checked.targetId, checked.raw, await caller.asker(), {
                reason: checked.reason,
                queued: caller.queued,
              }),
            }),
          };
      }
    }
  }
}
