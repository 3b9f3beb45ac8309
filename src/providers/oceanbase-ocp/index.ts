/**
 * OceanBase Cloud Platform (OCP): retry one failed subtask of a task instance,
 * `POST /api/v2/tasks/instances/{taskInstanceId}/subtasks/{subtaskInstanceId}/retry`
 * (docs/providers/FACTS.md §4). Preview, the form's subtask list and status read the task detail
 * `GET /api/v2/tasks/instances/{taskInstanceId}`; only a FAILED subtask is sent.
 */
import { defineProvider } from '../_shared/define.ts';
import { ocpDemo } from './demo.ts';
import { messages, msg } from './messages.ts';
import { ocpTargetSchema, PROVIDER_ID, retryParamsSchema } from './schema.ts';
import { createSession } from './session.ts';

export const oceanbaseOcp = defineProvider({
  id: PROVIDER_ID,
  displayName: msg('oceanbase-ocp.name', {}),
  targetSchema: ocpTargetSchema,
  paramsSchema: () => retryParamsSchema,
  fields: [
    {
      key: 'task',
      aliases: ['taskInstanceId'],
      label: msg('oceanbase-ocp.field.task.label', {}),
      hint: msg('oceanbase-ocp.field.task.hint', {}),
      example: '100',
      kind: 'integer',
      required: true,
    },
    {
      key: 'subtask',
      aliases: ['subtaskInstanceId'],
      label: msg('oceanbase-ocp.field.subtask.label', {}),
      hint: msg('oceanbase-ocp.field.subtask.hint', {}),
      example: '1000',
      kind: 'integer',
      required: true,
      pick: { dependsOn: ['task'] },
    },
  ],
  help: {
    summary: msg('oceanbase-ocp.help', {}),
    examples: ['task=100 subtask=1000'],
  },
  summarize: (p) => msg('oceanbase-ocp.summary', { task: p.task, subtask: p.subtask }),
  // One subtask per request: several cannot be named together.
  selectItems: (raw, items) => (items.length === 1 ? { ...raw, subtask: items[0] } : undefined),
  messages,
  connect: createSession,
  demo: ocpDemo,
});
