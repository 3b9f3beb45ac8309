/**
 * Reading what an older version stored. Every stored request carries `v` (REQUEST_SCHEMA_VERSION);
 * a store passes each record it reads through `upgradeRequest`, so a record written by version 1
 * (English sentences, Slack channel fields) reads as the current shape. Words an old version
 * stored as text stay that text: a `stored.text` message shows it as it was.
 */
import type { Message } from '../../lib/message.ts';
import { coreMsg } from '../messages.ts';
import { REQUEST_SCHEMA_VERSION, type RerunRequest } from './request.ts';

type Loose = Record<string, unknown>;

const text = (v: unknown): Message => coreMsg('stored.text', { text: typeof v === 'string' ? v : '' });
const maybeText = (v: unknown): Message | undefined => (typeof v === 'string' ? text(v) : undefined);

function upgradeV1(r: Loose): RerunRequest {
  const preview = (r['preview'] ?? { items: [], notes: [] }) as { items: Loose[]; notes: unknown[] };
  const execution = r['execution'] as Loose | undefined;
  const outcome = execution?.['outcome'] as Loose | undefined;
  const channel = String(r['channel'] ?? '');
  const thread = r['threadTs'] as string | undefined;
  const ts = r['messageTs'] as string | undefined;
  const { channel: _c, channelName, threadTs: _t, messageTs: _m, providerName, summary, ...rest } = r;
  return {
    ...(rest as unknown as RerunRequest),
    v: REQUEST_SCHEMA_VERSION,
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
                      result: i['result'] as 'accepted' | 'refused' | 'unknown',
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

export function upgradeRequest(stored: unknown): RerunRequest {
  const r = stored as Loose;
  if (r['v'] === REQUEST_SCHEMA_VERSION) return stored as RerunRequest;
  if (r['v'] === undefined) return upgradeV1(r);
  throw new Error(`request ${String(r['id'])} was written by a newer version (schema ${String(r['v'])})`);
}
