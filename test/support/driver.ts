/**
 * Drives the bot exactly as Slack does: signed form posts for slash commands and
 * interactivity (`payload=<json>`), with Slack's bare content type.
 */
import { createHmac } from 'node:crypto';
import type { FakeSlack, Message } from './fake-slack.ts';

export interface Person {
  user: string;
  channel?: string;
  /**
   * The channel name the payload carries; by default what Slack's would say for the fake's channel
   * (FakeSlack.payloadNameOf: `privategroup` for a private channel, `directmessage` for a DM).
   */
  channelName?: string;
}

export interface Reply {
  status: number;
  text: string;
  json?: Record<string, unknown>;
}

const FORM = 'application/x-www-form-urlencoded';

export function sign(secret: string, body: string, ts: number): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
}

/**
 * Drivers made so far: the response_url and event ids of each after the first are its own, so two
 * never share one (two replicas on one store would take the second for a duplicate delivery).
 */
let drivers = 0;

export class SlackDriver {
  private seq = 0;
  private readonly prefix = drivers++ ? `d${drivers}-` : '';
  constructor(
    readonly botUrl: string,
    private readonly secret: string,
    private readonly slack: FakeSlack,
  ) {}

  async post(body: string, opts: { contentType?: string; ts?: number; signature?: string } = {}): Promise<Reply> {
    const ts = opts.ts ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.botUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': opts.contentType ?? FORM,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': opts.signature ?? sign(this.secret, body, ts),
      },
      body,
    });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  commandBody(text: string, p: Person): { body: string; responseId: string; triggerId: string } {
    this.seq += 1;
    const responseId = `cmd-${this.prefix}${this.seq}`;
    const triggerId = `trig-${this.seq}`;
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: p.channel ?? 'C0INCIDENT',
      channel_name: this.payloadName(p.channel ?? 'C0INCIDENT', p),
      user_id: p.user,
      user_name: p.user.toLowerCase(),
      command: '/rerun',
      text,
      api_app_id: 'A0FAKE',
      is_enterprise_install: 'false',
      response_url: `${this.slack.url}/response/${responseId}`,
      trigger_id: triggerId,
    }).toString();
    return { body, responseId, triggerId };
  }

  /** The channel name a payload from `p` in `channel` carries, as Slack's would. */
  private payloadName(channel: string, p: Person): string {
    return p.channelName ?? this.slack.payloadNameOf(channel) ?? 'unknown-channel';
  }

  /** Sends `/rerun <text>`; returns the HTTP ack and the response_url id. */
  async command(text: string, p: Person): Promise<Reply & { responseId: string; triggerId: string }> {
    const c = this.commandBody(text, p);
    return { ...(await this.post(c.body)), responseId: c.responseId, triggerId: c.triggerId };
  }

  /** The answer to a command: the ack's body, or else the first message to its response_url. */
  async answerTo(res: Reply & { responseId: string }): Promise<Record<string, unknown>> {
    if (res.json) return res.json;
    return eventually(() => this.responsesTo(res.responseId)[0]);
  }

  /** `/rerun` with no text: waits until the modal shows the form (after its loading view) and returns its id. */
  async openForm(p: Person): Promise<string> {
    // Only a view opened by this command counts: an earlier form may still be in the fake.
    const before = this.slack.views.size;
    const ack = await this.command('', p);
    await eventually(() => this.slack.callsOf('views.open').find((c) => c.args['trigger_id'] === ack.triggerId));
    return eventually(
      () =>
        [...this.slack.views.entries()]
          .slice(before)
          .reverse()
          .find(([, v]) => JSON.stringify(v).includes('rerun_target_select'))?.[0],
    );
  }

  /** What the bot later sent to a command's response_url. */
  responsesTo(responseId: string): Record<string, unknown>[] {
    return this.slack.responses.filter((r) => r.id === responseId).map((r) => r.body);
  }

  private interaction(payload: Record<string, unknown>): Promise<Reply> {
    return this.post(this.interactionBody(payload));
  }

  private interactionBody(payload: Record<string, unknown>): string {
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  /** Clicks a button of a message as `p.user`; `state`: what the message's inputs hold (a multi-select's picks). */
  click(
    message: { channel: string; ts: string; blocks: unknown[]; thread_ts?: string },
    actionId: string,
    p: Person,
    state?: Record<string, Record<string, unknown>>,
  ): Promise<Reply> {
    return this.post(this.clickBody(message, actionId, p, state));
  }

  /**
   * The body Slack sends for a click, to deliver more than once (a double tap, a proxy's retry,
   * or to another replica): each `post` of it signs it afresh, as Slack would.
   */
  clickBody(
    message: { channel: string; ts: string; blocks: unknown[]; thread_ts?: string },
    actionId: string,
    p: Person,
    state?: Record<string, Record<string, unknown>>,
  ): string {
    const button = findElement(message.blocks, actionId);
    if (!button) throw new Error(`no ${actionId} button in the message`);
    this.seq += 1;
    // A reply in a thread says so, in the container and in the message, as Slack's payloads do.
    const thread = message.thread_ts ? { thread_ts: message.thread_ts } : {};
    return this.interactionBody({
      type: 'block_actions',
      user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: message.channel,
        is_ephemeral: false,
        ...thread,
      },
      trigger_id: `trig-click-${this.seq}`,
      team: { id: 'T0FAKE', domain: 'fake' },
      channel: { id: message.channel, name: this.payloadName(message.channel, p) },
      // Every message with buttons is the bot's own: Slack names its author.
      message: {
        type: 'message',
        user: 'U0BOT',
        bot_id: 'B0BOT',
        ts: message.ts,
        text: '',
        blocks: message.blocks,
        ...thread,
      },
      response_url: `${this.slack.url}/response/click-${this.seq}`,
      ...(state ? { state: { values: state } } : {}),
      // Unique per click, as Slack's are: a repeat of this body is recognisably the same click.
      actions: [{ ...button, block_id: button['block_id'] ?? 'b', action_ts: `${Date.now() / 1000}${this.seq}` }],
    });
  }

  /** Picks an option of a static select inside a modal (dispatch_action). */
  selectInView(viewId: string, actionId: string, value: string, p: Person): Promise<Reply> {
    const view = this.view(viewId);
    const block = (view['blocks'] as Record<string, unknown>[]).find(
      (b) => (b['element'] as Record<string, unknown> | undefined)?.['action_id'] === actionId,
    );
    return this.interaction({
      type: 'block_actions',
      user: { id: p.user, username: p.user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: viewId },
      trigger_id: 'trig-select',
      team: { id: 'T0FAKE', domain: 'fake' },
      view,
      actions: [
        {
          type: 'static_select',
          action_id: actionId,
          block_id: block?.['block_id'],
          selected_option: { text: { type: 'plain_text', text: value }, value },
          action_ts: `${Date.now() / 1000}${++this.seq}`,
        },
      ],
    });
  }

  /** Submits a modal with values by block id: strings for text inputs and selects alike. */
  submitView(viewId: string, values: Record<string, string>, p: Person): Promise<Reply> {
    return this.post(this.submitViewBody(viewId, values, p));
  }

  /** The body Slack sends for a form submission, to deliver more than once. */
  submitViewBody(viewId: string, values: Record<string, string>, p: Person): string {
    const view = this.view(viewId);
    const state: Record<string, Record<string, unknown>> = {};
    for (const b of view['blocks'] as Record<string, unknown>[]) {
      const el = b['element'] as Record<string, unknown> | undefined;
      const blockId = b['block_id'] as string | undefined;
      if (!el || !blockId) continue;
      const v = values[blockId];
      const actionId = el['action_id'] as string;
      if (el['type'] === 'plain_text_input')
        state[blockId] = {
          [actionId]: { type: 'plain_text_input', value: v ?? (el['initial_value'] as string | undefined) ?? null },
        };
      else if (el['type'] === 'checkboxes') {
        // The values of the ticked boxes, comma-separated; none ticked unless given.
        const ticked = (v ?? '').split(',').filter(Boolean);
        const options = (el['options'] as { text: unknown; value: string }[] | undefined) ?? [];
        state[blockId] = {
          [actionId]: { type: 'checkboxes', selected_options: options.filter((o) => ticked.includes(o.value)) },
        };
      } else if (el['type'] === 'multi_external_select') {
        const chosen = (v ?? '').split(',').filter(Boolean);
        state[blockId] = {
          [actionId]: {
            type: el['type'],
            selected_options: chosen.map((c) => ({ text: { type: 'plain_text', text: c }, value: c })),
          },
        };
      } else if (el['type'] === 'static_select' || el['type'] === 'external_select') {
        const initial = (el['initial_option'] as { value: string } | undefined)?.value;
        const chosen = v ?? initial;
        state[blockId] = {
          [actionId]: {
            type: el['type'],
            selected_option: chosen ? { text: { type: 'plain_text', text: chosen }, value: chosen } : null,
          },
        };
      }
    }
    return this.interactionBody({
      type: 'view_submission',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: p.user, username: p.user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      trigger_id: 'trig-submit',
      view: { ...view, state: { values: state } },
      response_urls: [],
    });
  }

  /** Asks for the options of an external select (block_suggestion). */
  suggest(
    viewId: string,
    blockId: string,
    actionId: string,
    values: Record<string, string>,
    p: Person,
    typed = '',
  ): Promise<Reply> {
    const view = this.view(viewId);
    const state: Record<string, Record<string, unknown>> = {};
    for (const [b, v] of Object.entries(values)) state[b] = { v: { type: 'plain_text_input', value: v } };
    return this.interaction({
      type: 'block_suggestion',
      user: { id: p.user, team_id: 'T0FAKE' },
      team: { id: 'T0FAKE', domain: 'fake' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container: { type: 'view', view_id: viewId },
      view: { ...view, state: { values: state } },
      action_id: actionId,
      block_id: blockId,
      value: typed,
    });
  }

  /**
   * Delivers an Events API callback as Slack does (signed JSON). `eventId` repeats a delivery
   * (Slack's retry carries the same event_id).
   */
  event(event: Record<string, unknown>, eventId?: string): Promise<Reply> {
    const body = {
      token: 'deprecated-verification-token',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: eventId ?? `Ev0${this.prefix}${String(++this.seq).padStart(8, '0')}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true }],
      event: { event_ts: event['ts'], ...event },
    };
    return this.post(JSON.stringify(body), { contentType: 'application/json' });
  }

  /**
   * `p` opens the bot's Home tab (or its Messages tab): Slack's app_home_opened event, with the Home
   * view Slack holds for them when there is one.
   */
  openHome(p: Person, tab: 'home' | 'messages' = 'home'): Promise<Reply> {
    const view = this.slack.homes.get(p.user);
    return this.event({
      type: 'app_home_opened',
      user: p.user,
      channel: `D${p.user.slice(1)}`,
      tab,
      event_ts: `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`,
      ...(tab === 'home' && view ? { view } : {}),
    });
  }

  /**
   * The body Slack sends when `p` clicks a button of a Home view: by default their own Home as
   * published, from its view container. `view` clicks on another Home (someone else's, forged);
   * `container: 'message'` says the click came from a message instead; `value` replaces the button's.
   */
  homeClickBody(
    p: Person,
    actionId: string,
    blockId: string,
    o: { view?: Record<string, unknown>; value?: string; container?: 'view' | 'message' } = {},
  ): string {
    const view = o.view ?? this.slack.homes.get(p.user);
    if (!view) throw new Error(`${p.user} has no Home published`);
    const blocks = view['blocks'] as Record<string, unknown>[];
    const button = findElement(
      blocks.filter((b) => b['block_id'] === blockId),
      actionId,
    );
    if (!button) throw new Error(`no ${actionId} in block ${blockId} of the Home`);
    this.seq += 1;
    const container =
      o.container === 'message'
        ? { type: 'message', message_ts: '1800000000.000001', channel_id: 'C0INCIDENT', is_ephemeral: false }
        : { type: 'view', view_id: view['id'] };
    return this.interactionBody({
      type: 'block_actions',
      user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0FAKE',
      token: 'deprecated-verification-token',
      container,
      trigger_id: `trig-home-${this.seq}`,
      team: { id: 'T0FAKE', domain: 'fake' },
      is_enterprise_install: false,
      ...(o.container === 'message'
        ? { channel: { id: 'C0INCIDENT', name: this.payloadName('C0INCIDENT', p) } }
        : {
            view: {
              ...view,
              team_id: 'T0FAKE',
              private_metadata: '',
              callback_id: '',
              app_id: 'A0FAKE',
              bot_id: 'B0BOT',
            },
          }),
      actions: [
        {
          ...button,
          ...(o.value !== undefined ? { value: o.value } : {}),
          block_id: blockId,
          action_ts: `${Date.now() / 1000}${this.seq}`,
        },
      ],
    });
  }

  /** `p` clicks a button of a Home view (see homeClickBody). */
  clickHome(p: Person, actionId: string, blockId: string, o: Parameters<SlackDriver['homeClickBody']>[3] = {}) {
    return this.post(this.homeClickBody(p, actionId, blockId, o));
  }

  /** A new ts for a message someone writes in a channel (unique, later than the last). */
  nextTs(): string {
    return `1800000000.${String(++this.seq).padStart(6, '0')}`;
  }

  /**
   * Someone (a person, or an app with `bot_id`) writes a message in a channel: it is kept in the
   * fake's history (conversations.replies finds it) and, unless `silent`, delivered as a message event.
   */
  async say(
    channel: string,
    fields: Record<string, unknown>,
    opts: { silent?: boolean; eventId?: string } = {},
  ): Promise<{ ts: string; eventId: string | undefined; reply: Reply | undefined }> {
    const ts = typeof fields['ts'] === 'string' ? fields['ts'] : this.nextTs();
    const message = { type: 'message', channel, ts, ...fields };
    if (!fields['subtype'] || fields['subtype'] === 'bot_message') this.slack.history.set(`${channel}:${ts}`, message);
    if (opts.silent) return { ts, eventId: undefined, reply: undefined };
    const eventId = opts.eventId ?? `Ev0${this.prefix}${String(++this.seq).padStart(8, '0')}`;
    // channel_type as Slack's message events say it: `channel` (public), `group` (private), `im`, `mpim`.
    const kind = this.slack.channels.get(channel)?.kind ?? 'public';
    const channelType = { public: 'channel', private: 'group', im: 'im', mpim: 'mpim' }[kind];
    return { ts, eventId, reply: await this.event({ ...message, channel_type: channelType }, eventId) };
  }

  view(viewId: string): Record<string, unknown> {
    const v = this.slack.views.get(viewId);
    if (!v) throw new Error(`no view ${viewId}`);
    return v;
  }
}

export function findElement(blocks: unknown[], actionId: string): Record<string, unknown> | undefined {
  for (const b of blocks as Record<string, unknown>[]) {
    for (const e of (b['elements'] as Record<string, unknown>[] | undefined) ?? []) {
      if (e['action_id'] === actionId) return { ...e, block_id: b['block_id'] };
    }
  }
  return undefined;
}

/** The message at `ts` once its text matches `says`: the bot updates one message in place. */
export function messageSaying(
  slack: FakeSlack,
  ts: string,
  says: string | ((text: string) => boolean),
  timeoutMs?: number,
): Promise<Message> {
  const matches = typeof says === 'string' ? (text: string) => text.includes(says) : says;
  return eventually(() => {
    const m = slack.messages.get(ts);
    return m && matches(m.text) ? m : undefined;
  }, timeoutMs);
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  // Generous: a loaded machine (CI with two cores) may take seconds; a pass never waits for it.
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
