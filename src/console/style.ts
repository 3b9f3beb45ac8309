/**
 * Messages as plain terminal text. Untrusted text (vendor answers, typed values) may carry
 * terminal control sequences; they are made visible instead of being sent to the terminal.
 */
import type { SurfaceStyle } from '../i18n/render.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export const consoleStyle: SurfaceStyle = {
  escape: (s) => s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
  code: (s) => s,
  strong: (s) => s,
  user: (id) => id,
  command: (args) => args || 'help',
  typed: true,
  date: (d, locale) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d) + ' UTC',
};
