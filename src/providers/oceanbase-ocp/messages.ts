/**
 * OceanBase OCP's messages: ids with parameters (messages.ids.ts); the words are in messages.en.ts and
 * messages.zh-CN.ts. Ids, task and subtask numbers and state codes are parameters, shown as codes.
 */
import { defineBundle, messagesOf, type Message, type Samples } from '../../lib/message.ts';
import { en } from './messages.en.ts';
import { zh } from './messages.zh-CN.ts';
import type { OcpMessages } from './messages.ids.ts';

export const msg = messagesOf<OcpMessages>();

const ref = (id: number, name: string): Message => ({ id: 'oceanbase-ocp.subtaskRef', params: { id, name } });
const hourAgo = '2024-11-26T14:13:05.000+08:00';

const samples: Samples<OcpMessages> = {
  'oceanbase-ocp.name': {},
  'oceanbase-ocp.field.task.label': {},
  'oceanbase-ocp.field.task.hint': {},
  'oceanbase-ocp.field.subtask.label': {},
  'oceanbase-ocp.field.subtask.hint': {},
  'oceanbase-ocp.help': {},
  'oceanbase-ocp.summary': { task: 100, subtask: 1000 },
  'oceanbase-ocp.input.notANumber': { field: 'subtask', example: '1000', raw: 'abc' },
  'oceanbase-ocp.input.negative': { field: 'subtask', raw: '-3' },
  'oceanbase-ocp.input.fraction': { field: 'task', raw: '1.5' },
  'oceanbase-ocp.input.zero': { field: 'task' },
  'oceanbase-ocp.input.tooLarge': { field: 'task', raw: '99999999999999999999' },
  'oceanbase-ocp.refused.notFailed': { state: 'RUNNING' },
  'oceanbase-ocp.refused.rollback': {},
  'oceanbase-ocp.noTask': { task: 999 },
  'oceanbase-ocp.noSubtask': { task: 100, subtask: 4242 },
  'oceanbase-ocp.subtaskRef': { id: 1000, name: 'Create tenant' },
  'oceanbase-ocp.note.failedSubtasks': { task: 100, subtasks: [ref(1000, 'Create tenant')] },
  'oceanbase-ocp.note.noFailedSubtask': { task: 100, name: 'Add tenant t1', state: 'SUCCESSFUL' },
  'oceanbase-ocp.note.retryAlone': { task: 100, subtask: 1000, next: [1001] },
  'oceanbase-ocp.note.otherFailed': { task: 300, subtasks: [ref(3002, 'Start observer'), ref(3003, 'Check zone')] },
  'oceanbase-ocp.fact.task': { task: 100, name: 'Add tenant t1', state: 'FAILED' },
  'oceanbase-ocp.fact.operation': { operation: 'EXECUTE' },
  'oceanbase-ocp.fact.executor': { executor: '10.0.0.7' },
  'oceanbase-ocp.fact.runs': { runs: 2 },
  'oceanbase-ocp.fact.started': { at: hourAgo },
  'oceanbase-ocp.fact.finished': { at: hourAgo },
  'oceanbase-ocp.fact.parallel': { index: 1 },
  'oceanbase-ocp.status.detail': {
    name: 'Create tenant',
    facts: [
      { id: 'oceanbase-ocp.fact.task', params: { task: 100, name: 'Add tenant t1', state: 'RUNNING' } },
      { id: 'oceanbase-ocp.fact.runs', params: { runs: 2 } },
    ],
  },
  'oceanbase-ocp.choice.failedSubtask': { id: 3009, name: 'Create tenant' },
  'oceanbase-ocp.outcome.accepted': { task: 100, subtask: 1000, name: 'Create tenant', state: 'RUNNING', runs: 2 },
  'oceanbase-ocp.outcome.checkState': { task: 100, subtask: 1000 },
  'oceanbase-ocp.error.noReadableTask': { task: 100 },
  'oceanbase-ocp.error.notObject': { status: 200 },
  'oceanbase-ocp.error.noFailedSubtask': { task: 300, name: 'Upgrade cluster', state: 'SUCCESSFUL' },
  'oceanbase-ocp.error.auth.basic': { said: 'Bad credentials' },
  'oceanbase-ocp.error.auth.accessKey': { said: 'Signature mismatch' },
  'oceanbase-ocp.error.permission.retry': { said: 'Operation not permitted' },
  'oceanbase-ocp.error.permission.read': { said: undefined },
  'oceanbase-ocp.error.notFound.subtask': { task: 100, subtask: 1000, said: 'Task not exists: 1000' },
  'oceanbase-ocp.error.notFound.task': { task: 100, said: undefined },
  'oceanbase-ocp.error.stateInvalid': {
    task: 100,
    subtask: 1000,
    said: 'Task state invalid: subtask 1000 is RUNNING',
  },
  'oceanbase-ocp.error.illegalArgument': { task: 100, subtask: 1000, said: 'Illegal argument: subtaskInstanceId' },
  'oceanbase-ocp.error.throttled': { waitMs: 120_000, said: undefined },
  'oceanbase-ocp.error.conflict': { task: 100, subtask: undefined, said: undefined },
  'oceanbase-ocp.error.unsuccessful': { task: 100, subtask: 1000, said: undefined },
  'oceanbase-ocp.error.rejected': { task: 100, subtask: 1000, said: 'Bad Request' },
  'oceanbase-ocp.error.failed': { task: 100, subtask: undefined, said: 'Unexpected error' },
};

export const messages = defineBundle<OcpMessages>({ catalogs: { en, 'zh-CN': zh }, samples });
