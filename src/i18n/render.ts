/**
 * render(message, locale, style): the one place a message becomes words. The catalogs of the
 * core and of every provider are merged here; a surface (Slack, the console) supplies only its
 * style: how to escape untrusted text and how to show a code, a person, a command or a time.
 */
import { formatDistance } from 'date-fns/formatDistance';
import { formatDuration } from 'date-fns/formatDuration';
import { intervalToDuration } from 'date-fns/intervalToDuration';
import { enUS } from 'date-fns/locale/en-US';
import { zhCN } from 'date-fns/locale/zh-CN';
import {
  isMessage,
  LOCALES,
  type Format,
  type ListKind,
  type Locale,
  type Message,
  type MessageBundle,
  type ParamValue,
  type Template,
} from '../lib/message.ts';
import { redactSecrets } from '../lib/secrets.ts';

/** What a surface decides about words. Strings passed in are already escaped by `escape`. */
export interface SurfaceStyle {
  /** Makes untrusted text inert on this surface (Slack: &, < and >). */
  escape(s: string): string;
  code(s: string): string;
  strong(s: string): string;
  user(id: string): string;
  command(args: string): string;
  date(at: Date, locale: Locale): string;
  /**
   * The surface has no buttons: a person types what a button would do (the console). Words that
   * say "use Cancel" there name the command instead.
   */
  typed?: boolean;
}

/** A single untrusted value longer than this is cut: vendor text can be long. */
const MAX_PARAM_CHARS = 500;

const DATE_FNS_LOCALE = { en: enUS, 'zh-CN': zhCN } as const;

export interface Renderer {
  render(m: Message, locale: Locale, style: SurfaceStyle): string;
  /** Every message id of every bundle, with its sample parameters (for the rendering test). */
  samples(): Message[];
  has(id: string): boolean;
}

function toDate(at: string | number | Date): Date {
  return at instanceof Date ? at : new Date(at);
}

function cut(s: string): string {
  return s.length > MAX_PARAM_CHARS ? s.slice(0, MAX_PARAM_CHARS - 1) + '…' : s;
}

interface IntlSet {
  plurals: Intl.PluralRules;
  numbers: Intl.NumberFormat;
  lists: Record<ListKind, Intl.ListFormat>;
}

/** Intl formatters are costly to build and safe to share: one set per locale, made on first use. */
const INTL = new Map<Locale, IntlSet>();

function intlFor(locale: Locale): IntlSet {
  let set = INTL.get(locale);
  if (!set) {
    const list = (type: ListKind) => new Intl.ListFormat(locale, { type, style: 'long' });
    set = {
      plurals: new Intl.PluralRules(locale),
      numbers: new Intl.NumberFormat(locale),
      lists: { conjunction: list('conjunction'), disjunction: list('disjunction'), unit: list('unit') },
    };
    INTL.set(locale, set);
  }
  return set;
}

/**
 * Chinese lists (docs/i18n-glossary.md): items joined with 、, and 或 with a space on each side
 * before the last of a choice. Intl's 和/或 would touch a code or a name without the space.
 */
function zhList(items: readonly string[], type: ListKind): string {
  if (type !== 'disjunction' || items.length < 2) return items.join('、');
  return `${items.slice(0, -1).join('、')} 或 ${items[items.length - 1]}`;
}

export function createRenderer(bundles: readonly MessageBundle[], now: () => Date): Renderer {
  const templates = new Map<string, Map<Locale, Template<Record<string, unknown>>>>();
  const samples: Message[] = [];
  for (const b of bundles) {
    for (const locale of LOCALES) {
      for (const [id, t] of Object.entries(b.catalogs[locale])) {
        let byLocale = templates.get(id);
        if (!byLocale) templates.set(id, (byLocale = new Map()));
        byLocale.set(locale, t as Template<Record<string, unknown>>);
      }
    }
    for (const [id, params] of Object.entries(b.samples)) samples.push({ id, params });
  }

  function escapeParams(value: ParamValue, style: SurfaceStyle): unknown {
    // Secrets go before escaping and cutting, which could hide one from the check or leave half of it.
    if (typeof value === 'string') return style.escape(cut(redactSecrets(value)));
    if (Array.isArray(value)) return value.map((v: string | number | Message) => escapeParams(v, style));
    return value;
  }

  function render(m: Message, locale: Locale, style: SurfaceStyle): string {
    const template = templates.get(m.id)?.get(locale) ?? templates.get(m.id)?.get('en');
    const params = Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, escapeParams(v, style)]));
    // A message from a newer or older version (unknown id, or parameters of another shape): show
    // its id and values rather than nothing, and never let one message break a whole rendering.
    const asData = () => {
      const values = Object.entries(params)
        .filter(([, v]) => v !== undefined && !isMessage(v))
        .map(([k, v]) => `${k}=${String(v)}`);
      return `${style.code(style.escape(m.id))}${values.length ? ` (${values.join(', ')})` : ''}`;
    };
    if (!template) return redactSecrets(asData());
    try {
      // The words themselves too: every text for Slack or the console passes here (lib/secrets.ts).
      return redactSecrets(template(params, formatFor(locale, style)));
    } catch {
      return redactSecrets(asData());
    }
  }

  /** date-fns says a time to come as "30 分钟内" in Chinese; the glossary says "30 分钟后". */
  function relative(at: Date, locale: Locale): string {
    const dfLocale = DATE_FNS_LOCALE[locale];
    if (locale === 'en') return formatDistance(at, now(), { addSuffix: true, locale: dfLocale });
    const distance = formatDistance(at, now(), { locale: dfLocale });
    return at.getTime() >= now().getTime() ? `${distance}后` : `${distance}前`;
  }

  function formatFor(locale: Locale, style: SurfaceStyle): Format {
    const dfLocale = DATE_FNS_LOCALE[locale];
    const intl = intlFor(locale);
    return {
      locale,
      typed: style.typed === true,
      code: (s) => style.code(String(s)),
      strong: (s) => style.strong(s),
      user: (id) => style.user(id),
      command: (args) => style.command(args),
      date: (at) => style.date(toDate(at), locale),
      relative: (at) => relative(toDate(at), locale),
      duration: (ms) => {
        const d = intervalToDuration({ start: 0, end: Math.max(0, Math.round(ms / 1000) * 1000) });
        return (
          formatDuration(d, { locale: dfLocale }) || formatDuration({ seconds: 0 }, { locale: dfLocale, zero: true })
        );
      },
      number: (n) => intl.numbers.format(n),
      list: (items, type = 'conjunction') =>
        locale === 'zh-CN' ? zhList(items, type) : intl.lists[type].format(items),
      plural: (n, forms) => (intl.plurals.select(n) === 'one' && forms.one !== undefined ? forms.one : forms.other),
      msg: (inner) => render(inner, locale, style),
    };
  }

  return { render, samples: () => samples, has: (id) => templates.has(id) };
}
