/**
 * How the DataArts emulator answers: every answer carries X-Request-Id; errors are
 * {error_code, error_msg}, and gateway (APIG) errors add request_id.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorReply } from '../../emulators/server.ts';

export const reply = (status: number, body: unknown, headers: Record<string, string> = {}): EmulatorReply => ({
  status,
  headers: { 'X-Request-Id': randomUUID().replace(/-/g, ''), ...headers },
  body: body === undefined ? '' : JSON.stringify(body),
});

/** Gateway errors carry request_id in the body too. */
export const apig = (status: number, code: string, msg: string) => {
  const id = randomUUID().replace(/-/g, '');
  return {
    status,
    headers: { 'X-Request-Id': id },
    body: JSON.stringify({ error_code: code, error_msg: msg, request_id: id }),
  };
};

export const dlf = (code: string, msg: string, status = 400) => reply(status, { error_code: code, error_msg: msg });
