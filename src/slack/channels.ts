/**
 * Channel names for the rules that name channels by `#name` (a policy's `channels:`, an alert
 * rule's `channel`), read with conversations.info and never from a payload: Slack's payloads say
 * `privategroup` for every private channel and `directmessage` for a DM, so a private `#inc-db`
 * would be refused under `#inc-*` and `#*` would grant in a DM.
 *
 * A DM or a group DM has no channel name (it never matches a `#glob`); neither has a channel
 * Slack will not describe to the bot (`channel_not_found`: a private channel it is not in).
 *
 * Cached per channel (one read shared by everyone who asks at the same time), forgotten on
 * `channel_rename` / `group_rename`, and read again after CHANNEL_CACHE_MS: only the replica that
 * receives the rename event forgets at once; the others within that time.
 *
 * Every look-up happens after Slack's 3-second ack (the command's answer, the form's loading view,
 * the button's and the event's ack go first), and a look-up waits at most CHANNEL_LOOKUP_WAIT_MS:
 * past it, or when Slack fails, the name Slack gave before is used if there is one, else the
 * channel has no name for now (`unread`), and the person is told to try again rather than that
 * the channel is not allowed. The read goes on and fills the cache for the next time.
 *
 * Whether a conversation is private (a private channel, a DM, a group DM: `place.private`, which
 * keeps its requests out of other people's Home) comes from what Slack says, first from the
 * payload (`privateByPayload`: a command's `channel_name`, a click's `channel.name`), then from a
 * `D…`/`G…` id, else from conversations.info (`is_private`, `is_im`, `is_mpim`; a conversation
 * Slack will not describe is private), within the same wait. When none of them says in time, the
 * place counts as private: a public request kept out of bystanders' Home costs less than a private
 * one shown to them (its own message still asks the channel).
 */
import type { WebClient } from '@slack/web-api';
import type { Place } from '../core/model/request.ts';
import type { Clock, Logger } from '../lib/ports.ts';

/** How long a name Slack gave is used without asking again (a rename event forgets it sooner). */
export const CHANNEL_CACHE_MS = 10 * 60_000;
/** How long "Slack will not describe this channel" is believed (the bot may be invited meanwhile). */
export const CHANNEL_NOT_FOUND_MS = 60_000;
/** How long a person's request waits for a name before it is decided without one. */
const CHANNEL_LOOKUP_WAIT_MS = 2_000;

interface ChannelLookup {
  /** Its `private` is set when Slack said so (or would not describe it); unknown is not public here. */
  place: Place;
  /** Slack did not say in time (or failed): the name is not known now, which is not "no name". */
  unread: boolean;
}

interface Known {
  at: number;
  ttl: number;
  name: string | undefined;
  /** Only its members see it (or Slack would not describe it to the bot). */
  private: boolean;
}

/** What Slack answers about a conversation, as far as a name for rules goes. */
interface ConversationInfo {
  name?: string | undefined;
  is_im?: boolean | undefined;
  is_mpim?: boolean | undefined;
  is_private?: boolean | undefined;
}

export class SlackChannels {
  private readonly known = new Map<string, Known>();
  private readonly reading = new Map<string, Promise<Known | undefined>>();
  /** Bumped by a rename: a read begun before it does not write the old name back. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly waitMs = CHANNEL_LOOKUP_WAIT_MS,
  ) {}

  /**
   * The place of a channel id for the rules: its name as Slack says now (see the file comment).
   * `patient`: no person is waiting (an alert), so the read is awaited to its end (the Web API
   * client's own timeout and retries bound it).
   */
  async lookup(id: string, opts: { patient?: boolean } = {}): Promise<ChannelLookup> {
    const hit = this.known.get(id);
    if (hit && this.clock.now().getTime() - hit.at < hit.ttl) return placed(id, hit, false);
    const read = await (opts.patient ? this.read(id) : this.within(this.read(id)));
    if (read) return placed(id, read, false);
    if (hit) {
      this.logger.warn({ channel: id }, 'channel name not read again in time; using the one Slack gave before');
      return placed(id, hit, false);
    }
    return placed(id, undefined, true);
  }

  /**
   * Whether only its members see the conversation, as Slack said (cached like the name), or
   * undefined when Slack did not say within the wait (the read goes on and fills the cache).
   */
  async isPrivate(id: string): Promise<boolean | undefined> {
    if (/^[DG]/.test(id)) return true;
    const hit = this.known.get(id);
    if (hit && this.clock.now().getTime() - hit.at < hit.ttl) return hit.private;
    const read = await this.within(this.read(id));
    return (read ?? hit)?.private;
  }

  /** A channel was renamed: its next look-up asks Slack. */
  forget(id: string): void {
    this.known.delete(id);
    this.reading.delete(id);
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + 1);
  }

  private read(id: string): Promise<Known | undefined> {
    const under = this.reading.get(id);
    if (under) return under;
    const epoch = this.epochs.get(id) ?? 0;
    const keep = (known: Known): Known => {
      if ((this.epochs.get(id) ?? 0) === epoch) this.known.set(id, known);
      return known;
    };
    const read = this.client.conversations
      .info({ channel: id })
      .then(
        (r) =>
          keep({
            at: this.clock.now().getTime(),
            ttl: CHANNEL_CACHE_MS,
            name: nameOf(r.channel),
            private: isPrivateInfo(r.channel),
          }),
        (err: unknown) => {
          const code = (err as { data?: { error?: unknown } } | null)?.data?.error;
          if (code === 'channel_not_found') {
            this.logger.info({ channel: id }, 'Slack does not describe this channel to the bot; it has no name here');
            return keep({ at: this.clock.now().getTime(), ttl: CHANNEL_NOT_FOUND_MS, name: undefined, private: true });
          }
          this.logger.warn({ err, channel: id }, 'could not read the channel name');
          return undefined;
        },
      )
      .finally(() => {
        if (this.reading.get(id) === read) this.reading.delete(id);
      });
    this.reading.set(id, read);
    return read;
  }

  /** The read, or undefined once waitMs has passed (the read itself goes on). */
  private async within(read: Promise<Known | undefined>): Promise<Known | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.waitMs);
    });
    try {
      return await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A DM and a group DM have no channel name for rules, whatever Slack calls them (`mpdm-…`). */
function nameOf(c: ConversationInfo | undefined): string | undefined {
  if (!c || c.is_im || c.is_mpim) return undefined;
  return typeof c.name === 'string' && c.name ? c.name : undefined;
}

/** Only its members see it: a private channel, a DM or a group DM. */
const isPrivateInfo = (c: ConversationInfo | undefined): boolean => !!(c?.is_private || c?.is_im || c?.is_mpim);

const placed = (id: string, known: Known | undefined, unread: boolean): ChannelLookup => ({
  place: { id, ...(known?.name ? { name: known.name } : {}), ...(known?.private ? { private: true as const } : {}) },
  unread,
});

/**
 * Whether the channel name a payload carries says the conversation is private: `privategroup` (a
 * private channel or group DM), `directmessage` (a DM), Slack's `mpdm-…` group DM names; another
 * name is a public channel's; none says nothing.
 */
export function privateByPayload(name: unknown): boolean | undefined {
  if (typeof name !== 'string' || !name) return undefined;
  return name === 'privategroup' || name === 'directmessage' || name.startsWith('mpdm-');
}

/** Whether any rule names a channel by `#name`: if none does, no name is ever looked up. */
export const namesByHash = (channels: readonly string[]): boolean => channels.some((c) => c.startsWith('#'));
