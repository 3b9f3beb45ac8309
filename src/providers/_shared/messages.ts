/**
 * Messages every provider shares: transport failures, unknown outcomes, reruns not sent, merged
 * bulk outcomes.
 * A provider's own messages live in its folder; the registry merges both with the core's.
 */
import { defineBundle, messagesOf, type Message } from '../../lib/message.ts';

type SharedMessages = {
  'provider.transport.refused': { code: string };
  'provider.transport.timeout': Record<string, never>;
  'provider.transport.reset': Record<string, never>;
  'provider.transport.other': { text: string };
  'provider.unreachable': { reason: Message };
  'provider.outcomeUnknown': { reason: Message };
  'provider.sendNotRecorded': Record<string, never>;
  'provider.notSent': { reason: Message };
  'provider.notJson': { status: number };
  'provider.merged': { parts: Message[] };
};

export const sharedMsg = messagesOf<SharedMessages>();

export const sharedMessages = defineBundle<SharedMessages>({
  catalogs: {
    en: {
      'provider.transport.refused': (p) => `could not connect (${p.code})`,
      'provider.transport.timeout': () => 'no answer before the timeout',
      'provider.transport.reset': () => 'the connection was reset before the answer arrived',
      'provider.transport.other': (p) => `transport error: ${p.text}`,
      'provider.unreachable': (p, f) =>
        `The provider could not be reached (${f.msg(p.reason)}); nothing was sent. Check the target's endpoint and try again.`,
      'provider.outcomeUnknown': (p, f) =>
        `Outcome unknown: ${f.msg(p.reason)}. The rerun may or may not have started; it will not be sent again automatically.`,
      'provider.sendNotRecorded': () => 'the bot could not record that it was sending the rerun',
      'provider.notSent': (p, f) =>
        `The rerun was not sent (${f.msg(p.reason)}); nothing reached the provider. Try again in a moment.`,
      'provider.notJson': (p, f) => `the provider answered HTTP ${f.number(p.status)} with a body that is not JSON`,
      'provider.merged': (p, f) => p.parts.map((m) => f.msg(m)).join('\n'),
    },
    'zh-CN': {
      'provider.transport.refused': (p) => `无法连接（${p.code}）`,
      'provider.transport.timeout': () => '超时前没有收到应答',
      'provider.transport.reset': () => '应答到达前连接被重置',
      'provider.transport.other': (p) => `网络传输错误：${p.text}`,
      'provider.unreachable': (p, f) =>
        `无法连接云服务（${f.msg(p.reason)}），没有发送任何请求。请检查目标的 endpoint 后重试。`,
      'provider.outcomeUnknown': (p, f) =>
        `结果未知：${f.msg(p.reason)}。重跑可能已经开始，也可能没有；不会自动再次发送。`,
      'provider.sendNotRecorded': () => '机器人未能记录重跑即将发送',
      'provider.notSent': (p, f) => `重跑没有发送（${f.msg(p.reason)}），云服务没有收到任何请求。请稍后重试。`,
      'provider.notJson': (p, f) => `云服务返回了 HTTP ${f.number(p.status)}，但应答体不是 JSON`,
      'provider.merged': (p, f) => p.parts.map((m) => f.msg(m)).join('\n'),
    },
  },
  samples: {
    'provider.transport.refused': { code: 'ECONNREFUSED' },
    'provider.transport.timeout': {},
    'provider.transport.reset': {},
    'provider.transport.other': { text: 'socket hang up' },
    'provider.unreachable': { reason: { id: 'provider.transport.refused', params: { code: 'ECONNREFUSED' } } },
    'provider.outcomeUnknown': { reason: { id: 'provider.transport.timeout', params: {} } },
    'provider.sendNotRecorded': {},
    'provider.notSent': { reason: { id: 'provider.sendNotRecorded', params: {} } },
    'provider.notJson': { status: 200 },
    'provider.merged': { parts: [{ id: 'provider.transport.timeout', params: {} }] },
  },
});
