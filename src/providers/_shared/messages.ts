/**
 * Messages every provider shares: transport failures, unknown outcomes, reruns not sent, merged
 * bulk outcomes.
 * A provider's own messages live in its folder; the registry merges both with the core's.
 */
import { defineBundle, messagesOf, type Format, type Message } from '../../lib/message.ts';

type SharedMessages = {
  'provider.transport.refused': { code: string };
  'provider.transport.timeout': Record<string, never>;
  'provider.transport.reset': Record<string, never>;
  'provider.transport.other': { text: string };
  'provider.transport.tooLarge': { limit: number };
  'provider.budgetSpent': { ms: number };
  'provider.unreachable': { reason: Message };
  'provider.outcomeUnknown': { reason: Message };
  'provider.sendNotRecorded': Record<string, never>;
  'provider.notSent': { reason: Message };
  'provider.notJson': { status: number };
  'provider.merged': { parts: Message[] };
};

export const sharedMsg = messagesOf<SharedMessages>();

/** A size in bytes the way people read it (1 MiB, 64 KiB); `bytes` is the unit's word. */
function size(n: number, f: Format, bytes: string): string {
  const one = (x: number) => f.number(Math.round(x * 10) / 10);
  if (n >= 1024 * 1024) return `${one(n / (1024 * 1024))} MiB`;
  if (n >= 1024) return `${one(n / 1024)} KiB`;
  return `${f.number(n)} ${bytes}`;
}

export const sharedMessages = defineBundle<SharedMessages>({
  catalogs: {
    en: {
      'provider.transport.refused': (p) => `could not connect (${p.code})`,
      'provider.transport.timeout': () => 'no answer before the timeout',
      'provider.transport.reset': () => 'the connection was reset before the answer arrived',
      'provider.transport.other': (p) => `transport error: ${p.text}`,
      'provider.transport.tooLarge': (p, f) =>
        `the answer was larger than ${size(p.limit, f, 'bytes')}, so the bot stopped reading it`,
      'provider.budgetSpent': (p, f) => `the time allowed for one action (${f.duration(p.ms)}) ran out`,
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
      'provider.transport.refused': (p) => `连接被拒绝（${p.code}）`,
      'provider.transport.timeout': () => '超时前没有收到响应',
      'provider.transport.reset': () => '响应到达前连接被重置',
      'provider.transport.other': (p) => `网络传输错误：${p.text}`,
      'provider.transport.tooLarge': (p, f) => `响应超过 ${size(p.limit, f, '字节')}，机器人已停止读取`,
      'provider.budgetSpent': (p, f) => `单次操作允许的时间（${f.duration(p.ms)}）已用完`,
      'provider.unreachable': (p, f) =>
        `无法连接云服务：${f.msg(p.reason)}。未向云服务发起调用，请检查目标的 endpoint 后重试。`,
      'provider.outcomeUnknown': (p, f) =>
        `结果未知：${f.msg(p.reason)}。重跑可能已经开始，也可能没有；不会自动再次发送。`,
      'provider.sendNotRecorded': () => '机器人未能记录重跑即将发送',
      'provider.notSent': (p, f) => `未向云服务发起调用：${f.msg(p.reason)}。请稍后重试。`,
      'provider.notJson': (p, f) => `云服务返回了 HTTP ${f.number(p.status)}，但响应体不是 JSON`,
      'provider.merged': (p, f) => p.parts.map((m) => f.msg(m)).join('\n'),
    },
  },
  samples: {
    'provider.transport.refused': { code: 'ECONNREFUSED' },
    'provider.transport.timeout': {},
    'provider.transport.reset': {},
    'provider.transport.other': { text: 'socket hang up' },
    'provider.transport.tooLarge': { limit: 1024 * 1024 },
    'provider.budgetSpent': { ms: 30_000 },
    'provider.unreachable': { reason: { id: 'provider.transport.refused', params: { code: 'ECONNREFUSED' } } },
    'provider.outcomeUnknown': { reason: { id: 'provider.transport.timeout', params: {} } },
    'provider.sendNotRecorded': {},
    'provider.notSent': { reason: { id: 'provider.sendNotRecorded', params: {} } },
    'provider.notJson': { status: 200 },
    'provider.merged': { parts: [{ id: 'provider.transport.timeout', params: {} }] },
  },
});
