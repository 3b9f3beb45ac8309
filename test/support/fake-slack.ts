/**
 * A fake Slack Web API on 127.0.0.1: records every call, answers like Slack, keeps messages
 * and views so tests read what a person would see, enforces Block Kit limits (answering
 * `invalid_blocks` like Slack does), and can answer 429 with Retry-After or an error.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** When it came, by Slack's clock (`clock`, ms). */
  at: number;
}

export interface Message {
  channel: string;
  ts: string;
  text: string;
  blocks: Block[];
  thread_ts?: string;
  /** Message metadata as posted; conversations.history/replies return it only with include_all_metadata. */
  metadata?: Record<string, unknown>;
}

type Block = Record<string, unknown>;

/**
 * A conversation as the fake's workspace holds it. `public` and `private` channels have names; a
 * DM (`im`) has none; a group DM (`mpim`) has Slack's `mpdm-…` name. A private channel the bot
 * is not a `member` of is not described to it (conversations.info answers channel_not_found).
 */
export interface FakeChannel {
  kind: 'public' | 'private' | 'im' | 'mpim';
  name?: string;
  member?: boolean;
  /** A DM's other person. */
  user?: string;
}
type Failure =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  /** Never answers (the caller dies or times out waiting): nothing is posted. */
  | { hang: true }
  /** chat.postMessage: posts the message, then never answers (the caller times out or dies). */
  | { postThenHang: true }
  /** Answers as usual, after `delayMs` (a slow Slack). */
  | { delayMs: number };

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

function limitErrors(blocks: Block[], max: number): string[] {
  const errs: string[] = [];
  if (blocks.length > max) errs.push(`more than ${max} blocks`);
  const text = (o: unknown, lim: number, where: string) => {
    const t = (o as { text?: string } | undefined)?.text;
    if (t !== undefined && (t.length > lim || t.length < 1))
      errs.push(`${where} text length ${t.length} outside 1..${lim}`);
  };
  const ids = new Set<string>();
  for (const b of blocks) {
    if (typeof b['block_id'] === 'string') {
      if (ids.has(b['block_id'] as string)) errs.push(`duplicate block_id ${b['block_id']}`);
      ids.add(b['block_id'] as string);
      if ((b['block_id'] as string).length > 255) errs.push('block_id too long');
    }
    switch (b['type']) {
      case 'section':
        text(b['text'], 3000, 'section');
        break;
      case 'header':
        text(b['text'], 150, 'header');
        break;
      case 'context': {
        const els = b['elements'] as unknown[];
        if (els.length > 10) errs.push('context with more than 10 elements');
        els.forEach((e) => text(e, 3000, 'context'));
        break;
      }
      case 'actions': {
        const els = b['elements'] as Record<string, unknown>[];
        if (els.length > 25) errs.push('actions with more than 25 elements');
        for (const e of els) {
          text(e['text'], 75, 'button');
          if (typeof e['value'] === 'string' && e['value'].length > 2000) errs.push('button value too long');
          if (typeof e['action_id'] === 'string' && e['action_id'].length > 255) errs.push('action_id too long');
        }
        break;
      }
      case 'input': {
        text(b['label'], 2000, 'label');
        if (b['hint']) text(b['hint'], 2000, 'hint');
        const el = b['element'] as Record<string, unknown>;
        const options = (el['options'] as Record<string, unknown>[] | undefined) ?? [];
        if (options.length > 100) errs.push('more than 100 options');
        for (const o of options) {
          text(o['text'], 75, 'option');
          if (typeof o['value'] === 'string' && o['value'].length > 75) errs.push('option value too long');
        }
        break;
      }
    }
  }
  return errs;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly messages = new Map<string, Message>();
  readonly views = new Map<string, Record<string, unknown>>();
  /** Each person's App Home as views.publish last left it (a person sees only their own). */
  readonly homes = new Map<string, Record<string, unknown>>();
  readonly groups = new Map<string, { handle: string; users: string[] }>();
  /** Each person's Slack locale (users.info answers en-US for anyone not here). */
  readonly locales = new Map<string, string>();
  /**
   * The workspace's conversations by id, for conversations.info (unknown ids answer
   * channel_not_found) and for the names payloads carry (payloadNameOf). The driver's default
   * channel is here from the start.
   */
  readonly channels = new Map<string, FakeChannel>([['C0INCIDENT', { kind: 'public', name: 'inc-123' }]]);
  /** Holds each conversations.info answer this long (a slow Slack). */
  infoDelayMs = 0;
  /**
   * Holds every Web API answer this long (Slack slow, or just far away): the call is recorded and
   * acted on when it arrives, as Slack does, and its answer arrives late.
   */
  answerDelayMs = 0;
  /** While set, every Web API answer waits for it (see `hold`). */
  private held: Promise<void> | undefined;
  private releaseHeld: (() => void) | undefined;
  /** The Web API methods whose answers were sent, in the order they left. */
  readonly answered: string[] = [];
  /** Messages people and other apps wrote (by ts), as conversations.replies returns them. */
  readonly history = new Map<string, Record<string, unknown> & { channel: string; ts: string }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly scripted: { method: string; match: (args: Record<string, unknown>) => boolean; failure: Failure }[] =
    [];
  /**
   * Slack's pace for chat.postMessage, when set: one post per channel per `perChannelMs`; a
   * faster one is answered 429 with Retry-After `retryAfter` (in units of `unitMs`, so a test
   * can compress Slack's second). A post that arrives before the Retry-After it was given has
   * passed is a violation, counted in `paceViolations`. With `busyAtFirst`, each channel's
   * first post is answered 429 too, as a channel other apps already keep busy would: a test of
   * obedience then sees a Retry-After however slowly a loaded machine lets the bot post.
   */
  postPace?: { perChannelMs: number; retryAfter: number; unitMs: number; busyAtFirst?: boolean };
  readonly paceViolations: { channel: string; early: number }[] = [];
  /**
   * Methods Slack is rate limiting for the whole workspace (its count for them is full): every
   * call of one is answered 429 with this Retry-After (seconds), until deleted.
   */
  readonly limitedMethods = new Map<string, number>();
  /** The 429s the pace answered, by channel. */
  readonly rateLimited = new Map<string, number>();
  private readonly lastPost = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();
  private seq = 0;
  private lastTs = 0;
  /** Slack's own clock, which its message ts are read from (a test on moved time gives its clock). */
  clock: { now(): Date } = { now: () => new Date() };
  /** Every answer is held this long (a slow Slack). */
  delayMs = 0;
  /**
   * Calls being held by a delay now (`delayMs`, or a scripted `delayMs`): what a slow Slack is still
   * working on, which lands when its delay is over whether or not the caller still waits.
   */
  delaying = 0;
  private server = createServer((req, res) => void this.handle(req, res));
  /** Socket Mode: the WebSocket Slack would hold open to the app, and acks awaited by envelope id. */
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket?: WebSocket;
  private readonly acks = new Map<string, (payload: Record<string, unknown>) => void>();
  url = '';
  /**
   * Slack cannot be reached: every request and WebSocket upgrade is cut without an answer (the
   * caller sees a network error), and counted by method in `unanswered`.
   */
  down = false;
  readonly unanswered: string[] = [];

  async start(): Promise<this> {
    this.server.on('upgrade', (req, sock, head) => {
      if (this.down) {
        this.unanswered.push('websocket');
        sock.destroy();
        return;
      }
      this.wss.handleUpgrade(req, sock, head, (ws) => {
        this.socket = ws;
        ws.on('message', (data) => {
          const msg = JSON.parse(String(data)) as { envelope_id: string; payload?: Record<string, unknown> };
          this.acks.get(msg.envelope_id)?.(msg.payload ?? {});
        });
        ws.send(
          JSON.stringify({
            type: 'hello',
            num_connections: 1,
            connection_info: { app_id: 'A0FAKE' },
            debug_info: { host: 'fake' },
          }),
        );
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get socketConnected(): boolean {
    return this.socket?.readyState === 1;
  }

  /** Cuts the Socket Mode connection as a network failure would (no close handshake). */
  dropSocket(): void {
    this.socket?.terminate();
  }

  /** Sends a Socket Mode envelope (slash_commands, interactive, events_api) and resolves with the app's ack payload. */
  sendEnvelope(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket) throw new Error('no Socket Mode connection');
    const id = randomUUID();
    return new Promise((resolve) => {
      this.acks.set(id, resolve);
      socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api' }));
    });
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Adds (or replaces) a conversation of the workspace. */
  addChannel(id: string, channel: FakeChannel): void {
    this.channels.set(id, channel);
  }

  /** Renames a channel as a person would in Slack (the test sends the rename event itself). */
  rename(id: string, name: string): void {
    const c = this.channels.get(id);
    if (!c) throw new Error(`no channel ${id}`);
    c.name = name;
  }

  /**
   * The channel name Slack's payloads carry for a conversation (a slash command's `channel_name`,
   * a click's `channel.name`): the name of a public channel only; `privategroup` for every private
   * channel and group DM, `directmessage` for a DM.
   */
  payloadNameOf(id: string): string | undefined {
    const c = this.channels.get(id);
    if (!c) return undefined;
    if (c.kind === 'im') return 'directmessage';
    if (c.kind === 'private' || c.kind === 'mpim') return 'privategroup';
    return c.name;
  }

  /**
   * Scripts the next call of `method` whose arguments `match` (say, the post of one kind of
   * message): it fails as `failure` says, once. Checked before `failNext`'s queue.
   */
  failWhen(method: string, match: (args: Record<string, unknown>) => boolean, failure: Failure): void {
    this.scripted.push({ method, match, failure });
  }

  /**
   * Slack slow, on the test's own time: from now until `release`, every Web API call is recorded
   * and acted on when it arrives (a view opens, a message is posted), as Slack does, but its answer
   * waits. What the bot did before any answer came is then plain from the order of things.
   */
  hold(): void {
    this.held ??= new Promise<void>((resolve) => (this.releaseHeld = resolve));
  }

  /** Sends every answer held since `hold`, and answers at once again. */
  release(): void {
    this.releaseHeld?.();
    this.held = undefined;
  }

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), failure]);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages posted in a channel (or to a person: their DM), oldest first, as they look now. */
  messagesIn(channel: string): Message[] {
    const id = channel.startsWith('U') ? FakeSlack.dmOf(channel) : channel;
    return [...this.messages.values()].filter((m) => m.channel === id);
  }

  /** All text a person would read in a message (text fallback and every block). */
  static textOf(m: { text?: string; blocks?: unknown[] }): string {
    return `${m.text ?? ''}\n${JSON.stringify(m.blocks ?? [])}`;
  }

  /** The words of a message, without the code spans (`job-1`) that set ids and values apart. */
  static wordsOf(m: { text?: string; blocks?: unknown[] }): string {
    return FakeSlack.textOf(m).replace(/`/g, '');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.down) {
      this.unanswered.push((req.url ?? '/').replace(/^\/api\//, '').split('?')[0] ?? '');
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.startsWith('/response/')) {
      this.responses.push({ id: url.slice('/response/'.length), body: JSON.parse(raw || '{}') });
      reply(200, { ok: true });
      return;
    }
    const method = url.replace(/^\/api\//, '').split('?')[0] ?? '';
    let args: Record<string, unknown>;
    if ((req.headers['content-type'] ?? '').includes('application/json')) args = JSON.parse(raw || '{}');
    else {
      args = Object.fromEntries(new URLSearchParams(raw));
      for (const f of JSON_FIELDS) if (typeof args[f] === 'string') args[f] = JSON.parse(args[f] as string);
    }
    const token = (req.headers['authorization'] ?? '').replace(/^Bearer /, '') || undefined;
    this.calls.push({ method, args, token, at: this.clock.now().getTime() });
    const limited = this.limitedMethods.get(method);
    if (limited !== undefined) {
      reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited) });
      return;
    }
    if (method === 'chat.postMessage' && this.postPace && token?.startsWith('xoxb-')) {
      const channel = String(args['channel'] ?? '');
      const now = Date.now();
      const { perChannelMs, retryAfter, unitMs, busyAtFirst } = this.postPace;
      const blocked = this.blockedUntil.get(channel) ?? 0;
      if (now < blocked) this.paceViolations.push({ channel, early: blocked - now });
      const last = this.lastPost.get(channel) ?? (busyAtFirst ? now : -Infinity);
      if (now < blocked || now - last < perChannelMs) {
        this.lastPost.set(channel, last);
        this.blockedUntil.set(channel, Math.max(blocked, now + retryAfter * unitMs));
        this.rateLimited.set(channel, (this.rateLimited.get(channel) ?? 0) + 1);
        reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
        return;
      }
      this.lastPost.set(channel, now);
    }
    const at = this.scripted.findIndex((f) => f.method === method && f.match(args));
    const failure = at >= 0 ? this.scripted.splice(at, 1)[0]?.failure : this.failures.get(method)?.shift();
    if (failure && 'hang' in failure) return;
    if (failure && 'postThenHang' in failure) {
      // Slack posted it; the answer never comes (the caller's timeout, or its death, ends the wait).
      if (token?.startsWith('xoxb-')) this.answer(method, args);
      return;
    }
    const delay = (failure && 'delayMs' in failure ? failure.delayMs : 0) + this.delayMs;
    if (delay) {
      this.delaying += 1;
      await new Promise((r) => setTimeout(r, delay)).finally(() => (this.delaying -= 1));
    }
    if (failure && 'status' in failure) {
      if (failure.status === 429)
        reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      else {
        // "Executed, answer lost": the message lands, but the caller sees a server error.
        if (method === 'chat.postMessage' && token?.startsWith('xoxb-')) this.answer(method, args);
        reply(failure.status, { ok: false, error: 'fatal_error' });
      }
      return;
    }
    if (failure && 'error' in failure) {
      reply(200, { ok: false, error: failure.error });
      return;
    }
    if (method === 'apps.connections.open') {
      reply(
        200,
        token?.startsWith('xapp-')
          ? { ok: true, url: `${this.url.replace('http', 'ws')}/socket` }
          : { ok: false, error: 'invalid_auth' },
      );
      return;
    }
    if (!token?.startsWith('xoxb-')) {
      reply(200, { ok: false, error: 'not_authed' });
      return;
    }
    const answer = this.answer(method, args);
    if (this.answerDelayMs) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    if (this.held) await this.held;
    this.answered.push(method);
    if (method === 'conversations.info' && this.infoDelayMs) {
      // Slack answered with the channel as it was when asked; the answer is slow to arrive.
      await new Promise((r) => setTimeout(r, this.infoDelayMs));
    }
    reply(200, answer);
  }

  /** conversations.info as Slack answers it, per kind of conversation (docs.slack.dev, conversations.info). */
  private conversationInfo(id: string): Record<string, unknown> {
    const c = this.channels.get(id);
    if (!c || (c.kind === 'private' && c.member === false)) return { ok: false, error: 'channel_not_found' };
    const base = { id, created: 1700000000, is_archived: false, is_org_shared: false };
    if (c.kind === 'im')
      return { ok: true, channel: { ...base, is_im: true, user: c.user ?? 'U0SOMEONE', is_user_deleted: false } };
    return {
      ok: true,
      channel: {
        ...base,
        name: c.name,
        name_normalized: c.name,
        is_channel: c.kind === 'public',
        is_group: c.kind !== 'public',
        is_im: false,
        is_mpim: c.kind === 'mpim',
        is_private: c.kind !== 'public',
        is_general: false,
        is_member: c.member !== false,
      },
    };
  }

  /** A message ts as Slack makes it: its clock's time in microseconds, unique and rising. */
  private nextTs(): string {
    this.seq += 1;
    this.lastTs = Math.max(this.lastTs + 1, this.clock.now().getTime() * 1000);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  /** A DM's conversation id: chat.postMessage to a person's id posts there (conversations.open names it). */
  static dmOf(user: string): string {
    return `DM${user.slice(1)}`;
  }

  /** The messages of a conversation as conversations.history/replies read them, with paging and `oldest`. */
  private page(
    all: Record<string, unknown>[],
    a: Record<string, unknown>,
    defaultLimit: number,
  ): Record<string, unknown> {
    const oldest = a['oldest'] === undefined ? -Infinity : Number(a['oldest']);
    const withMeta = a['include_all_metadata'] === true || a['include_all_metadata'] === 'true';
    const seen = all
      .filter((m) => Number(m['ts']) >= oldest || m['ts'] === a['ts'])
      .map((m) => (withMeta ? m : Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'metadata'))));
    const limit = Number(a['limit'] ?? defaultLimit);
    const from = Number(a['cursor'] || 0);
    const more = seen.length > from + limit;
    return {
      ok: true,
      messages: seen.slice(from, from + limit),
      has_more: more,
      response_metadata: { next_cursor: more ? String(from + limit) : '' },
    };
  }

  private answer(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const blocks = (a['blocks'] as Block[] | undefined) ?? [];
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.test/',
          team: 'Fake',
          user: 'rerunbot',
          team_id: 'T0FAKE',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'chat.postMessage':
      case 'chat.update':
      case 'chat.postEphemeral': {
        if (!a['channel']) return { ok: false, error: 'channel_not_found' };
        if (!a['text'] && !blocks.length) return { ok: false, error: 'no_text' };
        const errs = limitErrors(blocks, 50);
        if (errs.length) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: errs } };
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: this.nextTs() };
        if (method === 'chat.update') {
          const m = this.messages.get(String(a['ts']));
          if (!m || m.channel !== a['channel']) return { ok: false, error: 'message_not_found' };
          Object.assign(m, { text: a['text'] ?? '', blocks });
          return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
        }
        const ts = this.nextTs();
        const to = String(a['channel']);
        const m: Message = {
          channel: to.startsWith('U') ? FakeSlack.dmOf(to) : to,
          ts,
          text: String(a['text'] ?? ''),
          blocks,
          ...(a['thread_ts'] ? { thread_ts: String(a['thread_ts']) } : {}),
          ...(a['metadata'] ? { metadata: a['metadata'] as Record<string, unknown> } : {}),
        };
        this.messages.set(ts, m);
        return {
          ok: true,
          channel: m.channel,
          ts,
          message: { type: 'message', text: m.text, user: 'U0BOT', bot_id: 'B0BOT', ts },
        };
      }
      case 'views.open':
      case 'views.update':
      case 'views.push': {
        const view = a['view'] as Record<string, unknown> | undefined;
        if (!view) return { ok: false, error: 'invalid_arguments' };
        if (method !== 'views.update' && !a['trigger_id']) return { ok: false, error: 'invalid_trigger_id' };
        const errs = limitErrors((view['blocks'] as Block[]) ?? [], 100);
        for (const k of ['title', 'submit', 'close']) {
          const t = (view[k] as { text?: string } | undefined)?.text;
          if (t && t.length > 24) errs.push(`${k} longer than 24`);
        }
        if (typeof view['private_metadata'] === 'string' && view['private_metadata'].length > 3000)
          errs.push('private_metadata too long');
        if (errs.length) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: errs } };
        let id = String(a['view_id'] ?? '');
        if (method === 'views.update') {
          if (!this.views.has(id)) return { ok: false, error: 'not_found' };
          const current = this.views.get(id) as Record<string, unknown>;
          if (a['hash'] && a['hash'] !== current['hash']) return { ok: false, error: 'hash_conflict' };
        } else id = `V${String(this.views.size + 1).padStart(6, '0')}`;
        const stored = { ...view, id, hash: `h${this.nextTs()}`, state: { values: {} } };
        this.views.set(id, stored);
        return { ok: true, view: stored };
      }
      case 'views.publish': {
        // A Home tab: type home, at most 100 blocks, published for one person (docs.slack.dev, views.publish).
        const view = a['view'] as Record<string, unknown> | undefined;
        const user = String(a['user_id'] ?? '');
        if (!view || !user) return { ok: false, error: 'invalid_arguments' };
        if (!user.startsWith('U')) return { ok: false, error: 'user_not_found' };
        const errs = limitErrors((view['blocks'] as Block[]) ?? [], 100);
        if (view['type'] !== 'home') errs.push('view type is not home');
        if (errs.length) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: errs } };
        const id = this.homes.get(user)?.['id'] ?? `VH${user.slice(1)}`;
        const stored = { ...view, id, type: 'home', hash: `h${this.nextTs()}`, state: { values: {} } };
        this.homes.set(user, stored);
        return { ok: true, view: stored };
      }
      case 'conversations.info':
        return this.conversationInfo(String(a['channel'] ?? ''));
      case 'conversations.replies': {
        // The parent first, then its replies, oldest first; `limit` cuts the page (Slack's docs).
        const channel = String(a['channel'] ?? '');
        const ts = String(a['ts'] ?? '');
        const all = [
          ...[...this.history.values()].map(({ channel: c, ...m }) => ({ c, m: m as Record<string, unknown> })),
          ...[...this.messages.values()].map(({ channel: c, ...m }) => ({
            c,
            m: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', ...m } as Record<string, unknown>,
          })),
        ]
          .filter(({ c, m }) => c === channel && (m['ts'] === ts || m['thread_ts'] === ts))
          .map(({ m }) => m)
          .sort((x, y) => String(x['ts']).localeCompare(String(y['ts'])));
        if (!all.some((m) => m['ts'] === ts)) return { ok: false, error: 'thread_not_found' };
        return this.page(all, a, 1000);
      }
      case 'chat.getPermalink': {
        const m = this.messages.get(String(a['message_ts']));
        // A person's message (an alert the driver said) reaches the fake only as an event: a channel
        // the fake knows has a permalink for any ts, as Slack's own has for its messages.
        const channel = String(a['channel'] ?? '');
        const ts = String(a['message_ts'] ?? '');
        const known = m ? m.channel === channel : this.channels.has(channel) && /^\d+\.\d+$/.test(ts);
        if (!known) return { ok: false, error: 'message_not_found' };
        return { ok: true, channel, permalink: `https://fake.slack.test/archives/${channel}/p${ts.replace('.', '')}` };
      }
      case 'conversations.history': {
        // The channel's top-level messages, newest first (Slack's order).
        const channel = String(a['channel'] ?? '');
        const all = [
          ...[...this.history.values()].map(({ channel: c, ...m }) => ({ c, m: m as Record<string, unknown> })),
          ...[...this.messages.values()].map(({ channel: c, ...m }) => ({
            c,
            m: { type: 'message', user: 'U0BOT', bot_id: 'B0BOT', ...m } as Record<string, unknown>,
          })),
        ]
          .filter(({ c, m }) => c === channel && !m['thread_ts'])
          .map(({ m }) => m)
          .sort((x, y) => String(y['ts']).localeCompare(String(x['ts'])));
        return this.page(all, a, 100);
      }
      case 'conversations.open': {
        const users = String(a['users'] ?? '');
        if (!users.startsWith('U')) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: FakeSlack.dmOf(users) } };
      }
      case 'usergroups.list':
        return { ok: true, usergroups: [...this.groups].map(([id, g]) => ({ id, handle: g.handle })) };
      case 'usergroups.users.list': {
        const g = this.groups.get(String(a['usergroup']));
        return g ? { ok: true, users: g.users } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.info': {
        // As Slack does: the locale is in the answer only when include_locale is asked for.
        const withLocale = a['include_locale'] === true || a['include_locale'] === 'true';
        const locale = this.locales.get(String(a['user'])) ?? 'en-US';
        return {
          ok: true,
          user: {
            id: a['user'],
            name: 'someone',
            tz: 'UTC',
            deleted: false,
            is_bot: false,
            ...(withLocale ? { locale } : {}),
          },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
