/**
 * What DataArts Studio says to people, as data: message ids with their parameters (messages.ids.ts). The words
 * are in messages.en.ts and messages.zh-CN.ts; messages.samples.ts gives one realistic example of
 * each message's parameters (the rendering test walks them).
 *
 * Times people read are passed as wall-time strings in the target's time zone (the zone the
 * preview notes name, and the one plan_time is typed in), except in summaries, which have no
 * target at hand and pass epoch ms for the surface to show as dates.
 */
import { defineBundle, messagesOf } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { samples } from './messages.samples.ts';
import { zh } from './messages.zh-CN.ts';
import type { HuaweiMessages } from './messages.ids.ts';

export const msg = messagesOf<HuaweiMessages>();

export { samples };

export const messages = defineBundle<HuaweiMessages>({ catalogs: { en, 'zh-CN': zh }, samples });
