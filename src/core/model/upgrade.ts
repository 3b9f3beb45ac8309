/**
 * Reading what an older version stored. Every stored request carries `v` (REQUEST_SCHEMA_VERSION);
 * a store passes each record it reads through `upgradeRequest`, so a record written by version 1
 * (English sentences, Slack channel fields) or 2 (one state for the call and the job) reads as the
 * current shape. Words an old version stored as text stay that text: a `stored.text` message shows
 * it as it was. A record written by a newer version is not guessed at: `NewerRecordError` says so,
 * and the stores leave such a record alone (docs/operations.md, "Upgrading").
 */
import type { Message } from '../../lib/message.ts';
import { coreMsg } from '../messages.ts';
import { type EndedFollow, type Follow, type FinalReply, type JobEnd, type RequestState } from './lifecycle.ts';
import { callEnd } from './following.ts';
import { REQUEST_SCHEMA_VERSION, type RerunRequest } from './request.ts';
import type { ItemOutcome, RerunOutcome } from '../../providers/types.ts';

type Loose = Record<string, unknown>;

const text = (v: unknown): Message => coreMsg('stored.text', { text: typeof v === 'string' ? v : '' });
const maybeText = (v: unknown): Message | undefined => (typeof v === 'string' ? text(v) : undefined);

function upgradeV1(r: Loose): Loose {
  const preview = (r['preview'] ?? { items: [], notes: [] }) as { items: Loose[]; notes: unknown[] };
  const execution = r['execution'] as Loose | undefined;
  const outcome = execution?.['outcome'] as Loose | undefined;
  const channel = String(r['channel'] ?? '');
  const thread = r['threadTs'] as string | undefined;
  const ts = r['messageTs'] as string | undefined;
  const { channel: _c, channelName, threadTs: _t, messageTs: _m, providerName, summary, ...rest } = r;
  return {
    ...rest,
    v: 2,
    providerName: text(providerName),
    summary: text(summary),
    askerLocale: 'en',
    locale: 'en',
    place: { id: channel, name: channelName as string | undefined },
    // Version 1 was asked in Slack only: its channel, thread and message are that front end's reference.
    surface: { kind: 'slack', channel, ...(thread ? { threadTs: thread } : {}) },
    ...(ts ? { published: { kind: 'slack', channel, ts, ...(thread ? { threadTs: thread } : {}) } } : {}),
    preview: {
      items: preview.items.map((i) => ({
        ...(i as unknown as RerunRequest['preview']['items'][number]),
        reason: maybeText(i['reason']),
        details: Array.isArray(i['details']) ? i['details'].map(text) : undefined,
      })),
      notes: preview.notes.map(text),
    },
    ...(execution
      ? {
          execution: {
            ...(execution as unknown as NonNullable<RerunRequest['execution']>),
            ...(outcome
              ? {
                  outcome: {
                    ...(outcome as unknown as NonNullable<NonNullable<RerunRequest['execution']>['outcome']>),
                    message: text(outcome['message']),
                    items: ((outcome['items'] as Loose[] | undefined) ?? []).map((i) => ({
                      id: String(i['id']),
                      result: i['result'] as ItemOutcome['result'],
                      reason: maybeText(i['reason']),
                    })),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

/** Version 2's job ends, by the lifecycle's names. */
const V2_ENDS: Record<string, JobEnd> = {
  succeeded: 'succeeded',
  failed: 'failed-again',
  finished: 'ended',
  limit: 'unwatched',
};

/** Version 2 kept the follow-up as optional fields; version 3 as running or ended. */
function followV2(f: Loose): Follow {
  const common = {
    startedAt: String(f['startedAt']),
    until: String(f['until']),
    polls: Number(f['polls'] ?? 0),
    ...(f['last'] ? { last: f['last'] as Follow['last'] & object } : {}),
  };
  const final = f['final'] as { end: string; at: string; status?: EndedFollow['status'] } | undefined;
  const nextAt = typeof f['nextAt'] === 'string' ? f['nextAt'] : undefined;
  if (!final) return { ...common, phase: 'running', nextAt: nextAt ?? common.until };
  const replied = f['replied'] as { at: string; lost?: boolean } | undefined;
  const replying = f['replying'] as { at: string; by: string } | undefined;
  const failures = Number(f['replyFailures'] ?? 0);
  const reply: FinalReply = replied
    ? { state: replied.lost ? 'lost' : 'given', at: replied.at }
    : replying
      ? { state: 'giving', at: replying.at, by: replying.by, failures }
      : { state: 'due', failures };
  return {
    ...common,
    phase: 'ended',
    end: V2_ENDS[final.end] ?? 'ended',
    at: final.at,
    ...(final.status ? { status: final.status } : {}),
    reply,
    ...(replied ? {} : { nextAt: nextAt ?? final.at }),
  };
}

/** Version 2's request states: `running` was the call under way, `succeeded` an accepted call. */
function stateV2(r: Loose): RequestState {
  const state = String(r['state']);
  const outcome = (r['execution'] as Loose | undefined)?.['outcome'] as RerunOutcome | undefined;
  if (state === 'running') return 'sending';
  if (state === 'succeeded') return 'accepted';
  if (state === 'failed') return outcome ? callEnd(outcome) : 'not-sent';
  return state as RequestState;
}

function upgradeV2(r: Loose): RerunRequest {
  const follow = r['follow'] as Loose | undefined;
  const { follow: _f, ...rest } = r;
  return {
    ...(rest as unknown as RerunRequest),
    v: REQUEST_SCHEMA_VERSION,
    state: stateV2(r),
    ...(follow ? { follow: followV2(follow) } : {}),
  };
}

/** A record written by a newer version of rerun-bot than this one: left alone, and said so. */
export class NewerRecordError extends Error {
  readonly code = 'newer-record';
  constructor(
    readonly requestId: string,
    readonly version: number,
  ) {
    super(
      `request ${requestId} was written by a newer rerun-bot (record version ${version}; this replica reads up to ${REQUEST_SCHEMA_VERSION}); this replica leaves it alone: upgrade it`,
    );
    this.name = 'NewerRecordError';
  }
}

/** What a person is told of a request a newer version wrote (undefined: `err` is something else). */
export function newerRefusal(err: unknown): Message | undefined {
  return err instanceof NewerRecordError ? coreMsg('request.newer', { id: err.requestId }) : undefined;
}

export function upgradeRequest(stored: unknown): RerunRequest {
  const r = stored as Loose;
  const v = r['v'];
  if (v === REQUEST_SCHEMA_VERSION) return stored as RerunRequest;
  if (v === undefined) return upgradeV2(upgradeV1(r));
  if (v === 2) return upgradeV2(r);
  throw new NewerRecordError(String(r['id']), Number(v));
}
