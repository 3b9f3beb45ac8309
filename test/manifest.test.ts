/**
 * manifest.yml against Slack's published app manifest schema (a copy in
 * test/fixtures/slack-manifest-schema/, checked by test/support/json-schema.ts), and against the code:
 * every Web API method the source calls and every event it listens to has its bot scope and event
 * declared, and nothing is declared that no code needs. The calls are found by reading src/, so a
 * new call without its scope (or a scope left behind by a removed call) fails here by name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND } from '../src/slack/ids.ts';
import { patternsOf, unknownKeywords, validate, type Schema } from './support/json-schema.ts';

const ROOT = new URL('../', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
const SCHEMAS = join(ROOT, 'test/fixtures/slack-manifest-schema');

// ---- the schema ------------------------------------------------------------------------------

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Schema;
const schemaFiles = readdirSync(SCHEMAS).filter((n) => n.endsWith('.json'));
const schemas = new Map(schemaFiles.map((n) => [n, readJson(join(SCHEMAS, n))]));
/** The dispatcher, manifest.schema.json, names the versioned schemas by their raw.githubusercontent URL. */
const load = (url: string) => schemas.get(basename(new URL(url).pathname));
const TOP = schemas.get('manifest.schema.json')!;

interface Manifest {
  _metadata?: { major_version?: number };
  features?: {
    bot_user?: { display_name: string };
    app_home?: { home_tab_enabled?: boolean };
    slash_commands?: { command: string; url?: string }[];
    shortcuts?: unknown[];
  };
  oauth_config?: { scopes?: { bot?: string[]; bot_optional?: string[]; user?: string[] } };
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    socket_mode_enabled?: boolean;
  };
}
const manifestText = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
const manifest = parse(manifestText) as Manifest;

describe('the schema copy and its checker', () => {
  it('holds the dispatcher and both versioned schemas', () => {
    expect(schemaFiles.sort()).toEqual([
      'manifest.schema.1.0.0.json',
      'manifest.schema.2.0.0.json',
      'manifest.schema.json',
    ]);
  });

  it('uses no keyword the checker would skip, and every pattern compiles', () => {
    for (const [name, schema] of schemas) {
      expect(unknownKeywords(schema), name).toEqual([]);
      for (const p of patternsOf(schema)) expect(() => new RegExp(p.pattern, 'u'), `${name} ${p.at}`).not.toThrow();
    }
  });

  it('catches what the schema forbids (each mistake named by its path)', () => {
    const broken = structuredClone(manifest) as Record<string, unknown> & Manifest;
    (broken as { display_information: { name: string } }).display_information.name = 'x'.repeat(36);
    broken.features!.slash_commands![0]!.command = 'rerun';
    broken.features!.slash_commands![0]!.url = 'ftp://example.com/slack/events';
    (broken.settings as Record<string, unknown>).surprise = true;
    (broken.settings!.interactivity as { is_enabled?: unknown }).is_enabled = 'yes';
    broken.settings!.event_subscriptions!.bot_events = ['app_mention', 'app_mention'];
    broken.oauth_config!.scopes!.bot = Array.from({ length: 256 }, (_, i) => `s${i}`);
    broken.unknown_top_level = 1;
    const issues = validate(schemas.get('manifest.schema.1.0.0.json')!, broken, load).map(
      (i) => `${i.path} ${i.message}`,
    );
    const expected: [string, RegExp][] = [
      ['display_information.name', /at most 35 characters/],
      ['features.slash_commands[0].command', /must match/],
      ['features.slash_commands[0].url', /must match/],
      ['settings.surprise', /not allowed/],
      ['settings.interactivity.is_enabled', /must be boolean/],
      ['settings.event_subscriptions.bot_events[1]', /repeats/],
      ['oauth_config.scopes.bot', /at most 255 items/],
      ['unknown_top_level', /not allowed/],
    ];
    for (const [path, message] of expected)
      expect(
        issues.some((i) => i.startsWith(`${path} `) && message.test(i)),
        `${path} ${message}\n${issues.join('\n')}`,
      ).toBe(true);
    // Through the dispatcher, the same manifest fails as a whole, naming the version it was closest to.
    const top = validate(TOP, broken, load);
    expect(top.map((i) => i.message).join('\n')).toMatch(/none of the oneOf choices: closest is choice 1/);
  });

  it('checks Slack’s nonstandard `regex` (background_color) and required keys', () => {
    const v1 = schemas.get('manifest.schema.1.0.0.json')!;
    const bad = validate(v1, { display_information: { name: 'x', background_color: 'blue' } }, load);
    expect(bad.map((i) => i.path)).toEqual(['display_information.background_color']);
    expect(validate(v1, {}, load)[0]?.message).toBe('is missing the required "display_information"');
    expect(validate(v1, { display_information: { name: 'x', background_color: '#abc' } }, load)).toEqual([]);
  });
});

describe('manifest.yml against Slack’s schema', () => {
  it('is valid under manifest.schema.json (which picks the schema of its _metadata.major_version)', () => {
    expect(validate(TOP, manifest, load)).toEqual([]);
  });

  it('is valid under the 1.0.0 schema it declares', () => {
    expect(manifest._metadata?.major_version).toBe(1);
    expect(validate(schemas.get('manifest.schema.1.0.0.json')!, manifest, load)).toEqual([]);
  });
});

// ---- what the code uses ---------------------------------------------------------------------

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Where each thing was found, for the failure messages. */
type Found = Map<string, Set<string>>;
function note(found: Found, key: string, where: string): void {
  found.set(key, (found.get(key) ?? new Set()).add(where));
}

/** Slack Web API method families (docs.slack.dev/reference/methods). */
const FAMILIES =
  'admin|api|apps|assistant|auth|bookmarks|bots|calls|canvases|chat|conversations|dialog|dnd|emoji|files|functions|' +
  'lists|migration|oauth|openid|pins|reactions|reminders|rtm|search|slackLists|stars|team|tooling|usergroups|users|views|workflows';
/**
 * `<receiver>.<family>.<method>(` where the receiver is a WebClient by this code base's naming:
 * `client`, `this.client`, `ctx.clients.client`, `app.client`, `poster`, `slackClient`, …
 */
const CLIENT_CALL = new RegExp(
  `\\b(?:\\w*[cC]lient|poster)\\s*\\??\\.\\s*(${FAMILIES})\\s*\\.\\s*([a-zA-Z]+(?:\\s*\\.\\s*[a-zA-Z]+)?)\\s*\\(`,
  'g',
);
/** `client.apiCall('chat.postMessage', …)`. */
const API_CALL = /\.apiCall\(\s*['"`]([\w.]+)['"`]/g;
/** The bot's own wrappers (src/slack/clients.ts) and Bolt's helpers, by the method they send. */
const WRAPPERS: [RegExp, string][] = [
  [/\bclients\s*\.\s*post\s*\(/g, 'chat.postMessage'],
  [/\bclients\s*\.\s*tell\s*\(/g, 'chat.postEphemeral'],
  [/\bsay\s*\(/g, 'chat.postMessage'],
];

function webApiCalls(text: string, where: string, found: Found = new Map()): Found {
  for (const m of text.matchAll(CLIENT_CALL)) note(found, `${m[1]}.${m[2]!.replace(/\s+/g, '')}`, where);
  for (const m of text.matchAll(API_CALL)) note(found, m[1]!, where);
  for (const [re, method] of WRAPPERS) if (re.test(text)) note(found, method, where);
  return found;
}

/** Bolt listeners: `app.event('x')`, `app.message(…)`, `app.command(…)`, and the interactive kinds. */
function listeners(text: string, where: string, found: { events: Found; commands: Found; interactive: Found }): void {
  for (const m of text.matchAll(/\bapp\s*\.\s*event\s*(?:<[^>]*>)?\s*\(\s*(['"`])([\w.]+)\1/g))
    note(found.events, m[2]!, where);
  for (const m of text.matchAll(/\bapp\s*\.\s*event\s*(?:<[^>]*>)?\s*\(\s*(?!['"`])/g))
    note(found.events, `(not a string literal: ${text.slice(m.index, m.index + 40)})`, where);
  for (const _ of text.matchAll(/\bapp\s*\.\s*message\s*\(/g)) note(found.events, 'message', where);
  for (const m of text.matchAll(/\bapp\s*\.\s*command\s*(?:<[^>]*>)?\s*\(\s*([^,]+),/g)) {
    const arg = m[1]!.trim();
    const literal = /^(['"`])(.*)\1$/.exec(arg);
    note(found.commands, literal ? literal[2]! : arg === 'COMMAND' ? COMMAND : `(unknown: ${arg})`, where);
  }
  for (const m of text.matchAll(/\bapp\s*\.\s*(action|view|options|shortcut)\s*(?:<[^>]*>)?\s*\(/g))
    note(found.interactive, m[1]!, where);
}

const used = { methods: new Map() as Found, events: new Map() as Found, commands: new Map() as Found };
const interactive: Found = new Map();
for (const file of sourceFiles(SRC)) {
  const text = readFileSync(file, 'utf8');
  const where = relative(ROOT, file);
  webApiCalls(text, where, used.methods);
  listeners(text, where, { events: used.events, commands: used.commands, interactive });
}

// ---- what Slack says each needs -------------------------------------------------------------

/**
 * Bot-token scopes per Web API method, from docs.slack.dev/reference/methods/<method> ("Required scopes",
 * bot token) and docs/slack/PLATFORM.md §3.4/§4. `needs`: every one must be declared. `allows`: scopes the
 * method can make use of, which justify a declaration but are not required. Where Slack lists one scope per
 * conversation type, the types this bot reads are public and private channels (alert and incident channels).
 */
const METHOD_SCOPES: Record<string, { needs: string[]; allows?: string[]; note?: string }> = {
  'chat.postMessage': {
    needs: ['chat:write'],
    allows: ['chat:write.public'],
    note: 'a user id as channel posts a DM under chat:write; chat:write.public posts to public channels the bot is not in',
  },
  'chat.postEphemeral': { needs: ['chat:write'] },
  'chat.update': { needs: ['chat:write'] },
  'chat.delete': { needs: ['chat:write'] },
  'chat.scheduleMessage': { needs: ['chat:write'] },
  'chat.getPermalink': { needs: [] },
  // Channel names for `#name` rules are read for wherever a command comes from, DMs included (to
  // know they are DMs, which no `#name` matches): Slack names one scope per conversation type.
  'conversations.info': { needs: ['channels:read', 'groups:read', 'im:read', 'mpim:read'] },
  'conversations.list': { needs: ['channels:read', 'groups:read'] },
  'conversations.members': { needs: ['channels:read', 'groups:read'] },
  'conversations.replies': { needs: ['channels:history', 'groups:history'] },
  // A post whose answer was lost is looked for where it went: a channel, or the requester's DM.
  'conversations.history': { needs: ['channels:history', 'groups:history', 'im:history'] },
  'conversations.open': { needs: ['im:write'] },
  'conversations.join': { needs: ['channels:join'] },
  'users.info': { needs: ['users:read'] },
  'users.list': { needs: ['users:read'] },
  'users.lookupByEmail': { needs: ['users:read.email'] },
  'users.profile.get': { needs: ['users.profile:read'] },
  'usergroups.list': { needs: ['usergroups:read'] },
  'usergroups.users.list': { needs: ['usergroups:read'] },
  'views.open': { needs: [] },
  'views.update': { needs: [] },
  'views.push': { needs: [] },
  'views.publish': { needs: [] },
  'reactions.add': { needs: ['reactions:write'] },
  'reactions.remove': { needs: ['reactions:write'] },
  'reactions.get': { needs: ['reactions:read'] },
  'team.info': { needs: ['team:read'] },
  'auth.test': { needs: [] },
  'apps.connections.open': { needs: [], note: 'app-level token (connections:write), not a bot scope' },
};

/** Bolt event name → the bot events to subscribe to in the manifest, and the scope each needs. */
const EVENT_SUBSCRIPTIONS: Record<string, string[]> = {
  app_mention: ['app_mention'],
  // One `message` listener receives every message.* subscription; the bot reads public and private channels.
  message: ['message.channels', 'message.groups'],
  channel_rename: ['channel_rename'],
  group_rename: ['group_rename'],
  // The Home tab (issue 19 item 6): no scope of its own; views.publish needs none either.
  app_home_opened: ['app_home_opened'],
};
const EVENT_SCOPES: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  'message.im': 'im:history',
  'message.mpim': 'mpim:history',
  app_home_opened: '',
  reaction_added: 'reactions:read',
  member_joined_channel: 'channels:read',
  channel_rename: 'channels:read',
  group_rename: 'groups:read',
};

/** Fails with every problem spelled out, one a line. */
function none(problems: string[]): void {
  expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
}

const list = (found: Found, key: string) => [...(found.get(key) ?? [])].join(', ');

/** Every scope the code needs, with the reasons (method or event and where it was found). */
function neededScopes(): { needs: Map<string, string[]>; allows: Map<string, string[]>; unknown: string[] } {
  const needs = new Map<string, string[]>();
  const allows = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, scope: string, why: string) => m.set(scope, [...(m.get(scope) ?? []), why]);
  const unknown: string[] = [];
  for (const method of used.methods.keys()) {
    const entry = METHOD_SCOPES[method];
    if (!entry) {
      unknown.push(
        `${method} (called in ${list(used.methods, method)}): add its bot scopes to METHOD_SCOPES from ` +
          `docs.slack.dev/reference/methods/${method}`,
      );
      continue;
    }
    for (const s of entry.needs) add(needs, s, `${method} (${list(used.methods, method)})`);
    for (const s of entry.allows ?? []) add(allows, s, `${method} (${list(used.methods, method)})`);
  }
  for (const event of used.events.keys())
    for (const sub of EVENT_SUBSCRIPTIONS[event] ?? []) {
      const scope = EVENT_SCOPES[sub];
      if (scope) add(needs, scope, `event ${sub} (${list(used.events, event)})`);
    }
  for (const command of used.commands.keys()) add(needs, 'commands', `slash command ${command}`);
  return { needs, allows, unknown };
}

// ---- the code against the manifest ----------------------------------------------------------

describe('manifest.yml against the code', () => {
  const bot = manifest.oauth_config?.scopes?.bot ?? [];
  const declaredEvents = manifest.settings?.event_subscriptions?.bot_events ?? [];

  it('finds calls the way the code writes them (self-check of the scan)', () => {
    const sample = [
      'await this.client.usergroups.users.list({ usergroup: id });',
      'const r = await ctx.clients.client.conversations.replies({ channel });',
      'await poster.chat.postMessage(args);',
      'await app.client.views.open({ trigger_id });',
      "await client.apiCall('reactions.add', {});",
      'await ctx.clients.post({ channel: user, text });',
      'options.users.find((u) => u.id === id);', // not a Slack client
      '// read once each with conversations.info', // prose, not a call
    ].join('\n');
    expect([...webApiCalls(sample, 'sample').keys()].sort()).toEqual([
      'chat.postMessage',
      'conversations.replies',
      'reactions.add',
      'usergroups.users.list',
      'views.open',
    ]);
  });

  it('finds the code’s Slack calls and listeners', () => {
    // Not a list of today's calls (that would fail on every new one): only that the scan sees something.
    expect(used.methods.size, 'no Web API call found in src/: the scan is broken').toBeGreaterThan(0);
    expect(used.events.size, 'no app.event listener found in src/: the scan is broken').toBeGreaterThan(0);
    expect([...used.commands.keys()]).toEqual([COMMAND]);
  });

  it('knows the bot scopes of every Web API method the code calls', () => {
    none(neededScopes().unknown);
  });

  it('declares every bot scope the code needs', () => {
    const missing = [...neededScopes().needs]
      .filter(([scope]) => !bot.includes(scope))
      .map(([scope, why]) => `${scope} is missing from oauth_config.scopes.bot; needed by ${why.join('; ')}`);
    none(missing);
  });

  it('declares no bot scope the code does not use', () => {
    const { needs, allows } = neededScopes();
    const unused = bot
      .filter((scope) => !needs.has(scope) && !allows.has(scope))
      .map((scope) => `${scope} is in oauth_config.scopes.bot but no call, event or command in src/ uses it`);
    none(unused);
    // A scope a method only makes use of (chat:write.public) is worth declaring only with what it builds on.
    for (const [scope, why] of allows)
      if (bot.includes(scope) && scope === 'chat:write.public')
        expect(bot, `${scope} (for ${why.join('; ')}) works only with chat:write`).toContain('chat:write');
    expect(new Set(bot).size, 'a bot scope is declared twice').toBe(bot.length);
    expect(manifest.oauth_config?.scopes?.user ?? [], 'the bot acts with its bot token only').toEqual([]);
  });

  it('subscribes to every event the code listens to, and to none it does not', () => {
    const unknownEvents = [...used.events.keys()]
      .filter((e) => !EVENT_SUBSCRIPTIONS[e])
      .map((e) => `app.event('${e}') in ${list(used.events, e)}: add it to EVENT_SUBSCRIPTIONS and EVENT_SCOPES`);
    none(unknownEvents);
    const wanted = new Map<string, string>();
    for (const e of used.events.keys())
      for (const sub of EVENT_SUBSCRIPTIONS[e] ?? []) wanted.set(sub, `app.event('${e}') in ${list(used.events, e)}`);
    const missing = [...wanted]
      .filter(([sub]) => !declaredEvents.includes(sub))
      .map(([sub, why]) => `${sub} is missing from settings.event_subscriptions.bot_events; listened to by ${why}`);
    const unused = declaredEvents
      .filter((sub) => !wanted.has(sub))
      .map((sub) => `${sub} is in settings.event_subscriptions.bot_events but no listener in src/ receives it`);
    none([...missing, ...unused]);
    expect(manifest.settings?.event_subscriptions?.user_events ?? []).toEqual([]);
    // Events reach a bot only through its bot user.
    expect(manifest.features?.bot_user?.display_name).toBeTruthy();
  });

  it('every subscribed event has its scope', () => {
    const missing = declaredEvents
      .filter((sub) => EVENT_SCOPES[sub] && !bot.includes(EVENT_SCOPES[sub]))
      .map((sub) => `${EVENT_SCOPES[sub]} is missing from oauth_config.scopes.bot; event ${sub} needs it`);
    none(missing);
  });

  it('turns the Home tab on exactly when the code publishes one and listens for its opening', () => {
    expect(used.methods.has('views.publish')).toBe(used.events.has('app_home_opened'));
    expect(manifest.features?.app_home?.home_tab_enabled ?? false).toBe(used.methods.has('views.publish'));
  });

  it('declares the slash commands the code handles, and only those', () => {
    const declared = (manifest.features?.slash_commands ?? []).map((c) => c.command);
    expect(declared.sort()).toEqual([...used.commands.keys()].sort());
    expect(declared).toContain('/rerun');
    expect(bot).toContain('commands');
  });

  it('turns on interactivity for the clicks, forms and option lists the code handles', () => {
    expect([...interactive.keys()].length, 'no app.action/view/options listener found').toBeGreaterThan(0);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
    const shortcuts = manifest.features?.shortcuts ?? [];
    if (interactive.has('shortcut'))
      expect(shortcuts.length, 'app.shortcut needs features.shortcuts').toBeGreaterThan(0);
    else expect(shortcuts, 'no app.shortcut listener in src/, so no shortcut').toEqual([]);
  });

  it('in HTTP mode, sends everything to Bolt’s one endpoint, option lists included', () => {
    expect(manifest.settings?.socket_mode_enabled).toBe(false);
    const urls: [string, string | undefined][] = [
      ['settings.event_subscriptions.request_url', manifest.settings?.event_subscriptions?.request_url],
      ['settings.interactivity.request_url', manifest.settings?.interactivity?.request_url],
      ...(manifest.features?.slash_commands ?? []).map(
        (c, i) => [`features.slash_commands[${i}].url`, c.url] as [string, string | undefined],
      ),
    ];
    // External select menus (app.options) load their options from the Options Load URL.
    if (interactive.has('options'))
      urls.push([
        'settings.interactivity.message_menu_options_url',
        manifest.settings?.interactivity?.message_menu_options_url,
      ]);
    const hosts = new Set<string>();
    for (const [path, url] of urls) {
      expect(url, `${path} is missing from manifest.yml (needed in HTTP mode)`).toBeDefined();
      const u = new URL(url!);
      expect(`${u.protocol}//${u.host}${u.pathname}`, path).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
      hosts.add(u.host);
    }
    expect([...hosts], 'every URL names the same host').toHaveLength(1);
    // The comment at the top says how to switch to Socket Mode: it must name every URL line there is.
    const urlLines = manifestText
      .split('\n')
      .filter((l) => /^\s*-?\s*(request_url|url|message_menu_options_url):/.test(l));
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    const said = /delete the\s+(?:#\s*)?(\w+) /.exec(manifestText)?.[1];
    expect(said, 'the Socket Mode comment at the top counts the URL lines to delete').toBe(words[urlLines.length]);
  });
});
