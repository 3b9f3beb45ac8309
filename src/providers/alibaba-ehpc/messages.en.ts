/** E-HPC's messages in English. Error sentences end without a full stop: the core adds the code after them. */
import type { Catalog, Format } from '../../lib/message.ts';
import type { EhpcMessages, VendorSaid } from './messages.ids.ts';

/** Job ids shown in a sentence: the first ten, then how many more (a request may name 1,000). */
const SHOWN = 10;
function listed(ids: readonly string[], f: Format): string {
  const shown = ids.slice(0, SHOWN).map((id) => f.code(id));
  return ids.length <= SHOWN ? shown.join(', ') : `${shown.join(', ')} and ${f.number(ids.length - SHOWN)} more`;
}

const jobs = (n: number, f: Format) => `${f.number(n)} ${f.plural(n, { one: 'job', other: 'jobs' })}`;

/** The vendor's own words and diagnosis link, after our sentence. */
function said(text: string, p: VendorSaid): string {
  let out = text;
  if (p.vendor) out += `. E-HPC says: "${p.vendor}"`;
  if (p.diagnosis) out += `. Diagnosis: ${p.diagnosis}`;
  return out;
}

/** ListJobs gives the scheduler's local time without a zone: shown as it is, and said so. */
const schedulerTime = (at: string) => `${at.replace('T', ' ')} (scheduler's local time)`;
const BUG = 'this is a bug in the adapter, please report it';
const GRANT = 'grant it ehpc:RerunJobs and ehpc:ListJobs';

export const en: Catalog<EhpcMessages> = {
  'alibaba-ehpc.name': () => 'Alibaba Cloud E-HPC',
  'alibaba-ehpc.field.jobs.label': () => 'Jobs',
  'alibaba-ehpc.field.jobs.hint': () =>
    'Comma-separated job ids as ListJobs shows them. Only RUNNING or QUEUED jobs are requeued; finished jobs cannot be rerun this way.',
  'alibaba-ehpc.field.cluster.label': () => 'Cluster',
  'alibaba-ehpc.field.cluster.hint': () => "E-HPC cluster id; leave empty for the target's default cluster.",
  'alibaba-ehpc.field.async.label': () => 'Async',
  'alibaba-ehpc.field.async.hint': () => "Send through E-HPC's asynchronous message channel (default: no).",
  'alibaba-ehpc.help.summary': (p, f) =>
    `RerunJobs: requeues E-HPC jobs that are RUNNING or QUEUED (e.g. a job stuck on a bad node) so the scheduler starts them again; finished jobs cannot be rerun by it. 1–${f.number(p.perCall)} jobs per call; larger requests are split.`,
  'alibaba-ehpc.summary': (p, f) =>
    `Requeue ${jobs(p.jobs.length, f)} on E-HPC cluster ${f.code(p.cluster)}${p.async ? ' (async)' : ''}: ${listed(p.jobs, f)}`,
  'alibaba-ehpc.option.job': (p) => [p.id, p.name, p.state].filter(Boolean).join(' · '),

  'alibaba-ehpc.input.jobId': (p, f) =>
    `${f.code(p.value)} is not a job id: job ids look like ${f.code('1.scheduler')} (PBS) or ${f.code('42')} (Slurm), as ListJobs shows them`,
  'alibaba-ehpc.input.tooManyJobs': (p, f) =>
    `at most ${f.number(p.max)} job ids per request (they are sent in calls of ${f.number(p.perCall)})`,
  'alibaba-ehpc.input.clusterId': (p, f) =>
    `${f.code(p.value)} is not an E-HPC cluster id: a cluster id looks like ${f.code('ehpc-hz-FYUr32abcd')} (see ListClusters or the E-HPC console)`,
  'alibaba-ehpc.input.async': (p, f) => `async is true or false (yes/no also work), not ${f.code(p.value)}`,

  'alibaba-ehpc.refused.notFound': (p, f) =>
    `no job ${f.code(p.id)} in cluster ${f.code(p.cluster)} (searched its running, queued and finished jobs); check the id with ListJobs`,
  'alibaba-ehpc.refused.notFoundWithinLimit': (p, f) =>
    `no job ${f.code(p.id)} in cluster ${f.code(p.cluster)} (searched the ${f.number(p.limit)} jobs read per state); check the id with ListJobs`,
  'alibaba-ehpc.refused.finished': () =>
    'it has FINISHED: RerunJobs only requeues RUNNING or QUEUED jobs; submit it again instead',
  'alibaba-ehpc.refused.notRunning': (p, f) =>
    `only RUNNING or QUEUED jobs can be requeued; this one is ${f.code(p.state)}`,
  'alibaba-ehpc.refused.goneSincePreview': () =>
    'no longer RUNNING or QUEUED (it finished or was removed since the preview); not sent',
  'alibaba-ehpc.refused.earlierCallRefused': (p, f) => `not sent: an earlier call was refused (${f.code(p.code)})`,

  'alibaba-ehpc.detail.nodes': (p, f) => `nodes: ${p.nodes.map((n) => f.code(n)).join(', ')}`,
  'alibaba-ehpc.detail.owner': (p) => `owner: ${p.owner}`,
  'alibaba-ehpc.detail.submitted': (p) => `submitted ${schedulerTime(p.at)}`,
  'alibaba-ehpc.detail.runningSince': (p) => `running since ${schedulerTime(p.at)}`,
  'alibaba-ehpc.detail.lastChanged': (p) => `last changed ${schedulerTime(p.at)}`,

  'alibaba-ehpc.note.whatItDoes': () =>
    'RerunJobs requeues jobs that are RUNNING or QUEUED (for example a job stuck on a bad node): a running job is stopped and put back in its queue, and the scheduler starts it again from the beginning. A job that has FINISHED cannot be rerun this way; submit it again instead.',
  'alibaba-ehpc.note.plan': (p, f) =>
    `${jobs(p.count, f)} will be sent in ${f.number(p.calls)} RerunJobs ${f.plural(p.calls, { one: 'call', other: 'calls' })} of at most ${f.number(p.perCall)}, at most ${f.number(p.perSecond)} ${f.plural(p.perSecond, { one: 'call', other: 'calls' })} per second. Just before sending, their states are read again and any job that has finished meanwhile is left out.`,
  'alibaba-ehpc.note.async': () =>
    'Async=true: E-HPC takes the request through its asynchronous message channel, so an accepted answer means "taken", not "requeued"; follow the jobs\' state.',
  'alibaba-ehpc.note.listLimit': (p, f) =>
    `The cluster lists more jobs than the ${f.number(p.limit)} read per state; jobs not found may exist beyond that.`,

  'alibaba-ehpc.outcome.accepted': (p, f) =>
    `E-HPC accepted the requeue of ${jobs(p.count, f)} on cluster ${f.code(p.cluster)}${p.async ? ' (async: follow the jobs to see them requeued)' : ''}.`,
  'alibaba-ehpc.outcome.reconciled': (p, f) =>
    `${f.msg(p.reason)}. Read back from the cluster: ${f.number(p.requeued)} requeued, ${f.number(p.notRequeued)} not requeued, ${f.number(p.unclear)} unclear. Nothing is sent again automatically; check the jobs with ${f.command('status')} and ask again for those not requeued.`,
  'alibaba-ehpc.outcome.goneSincePreview': (p, f) =>
    `${jobs(p.jobs.length, f)} ${p.jobs.length === 1 ? 'was' : 'were'} no longer running or queued and ${p.jobs.length === 1 ? 'was' : 'were'} not sent: ${listed(p.jobs, f)}.`,
  'alibaba-ehpc.outcome.notSentAfterRefusal': (p, f) =>
    `${f.number(p.count)} more ${f.plural(p.count, { one: 'job was', other: 'jobs were' })} not sent, as the same answer would come back.`,

  'alibaba-ehpc.reconcile.notReadAfter': () => 'its state could not be read again after the call',
  'alibaba-ehpc.reconcile.gone': () =>
    'it is no longer running or queued (finished or removed); whether it was requeued first cannot be told',
  'alibaba-ehpc.reconcile.runningToQueued': (_p, f) => `requeued: ${f.code('RUNNING')} → ${f.code('QUEUED')}`,
  'alibaba-ehpc.reconcile.startedAgain': (p) => `requeued: it started again at ${schedulerTime(p.at)}`,
  'alibaba-ehpc.reconcile.queuedChanged': (p, f) => `requeued: ${f.code('QUEUED')}, changed at ${schedulerTime(p.at)}`,
  'alibaba-ehpc.reconcile.stillRunning': (p, f) =>
    `not requeued: still ${f.code('RUNNING')}${p.since ? ` since ${schedulerTime(p.since)}` : ''}`,
  'alibaba-ehpc.reconcile.noSignUnchanged': (p, f) =>
    `not requeued as far as can be seen (${f.code(p.before)} before the call and ${f.code(p.after)} after, unchanged)`,
  'alibaba-ehpc.reconcile.noSignNotReadBefore': (p, f) =>
    `not requeued as far as can be seen (${f.code(p.state)} now, and its state before the call was not read)`,
  'alibaba-ehpc.reconcile.unclearUnchanged': (p, f) =>
    `${f.code(p.before)} before the call and ${f.code(p.after)} after, unchanged: whether it was requeued cannot be told`,
  'alibaba-ehpc.reconcile.unclearNotReadBefore': (p, f) =>
    `${f.code(p.state)} now, and its state before the call was not read: whether it was requeued cannot be told`,

  'alibaba-ehpc.status.job': (p, f) => p.details.map((d) => f.msg(d)).join(', '),
  'alibaba-ehpc.status.beyondLimit': (p, f) => `not among the first ${f.number(p.limit)} running or queued jobs read`,
  'alibaba-ehpc.status.gone': () => 'no longer listed as running or queued (finished, or removed from the scheduler)',

  'alibaba-ehpc.error.signatureMismatch': (p) =>
    said(
      "Alibaba Cloud refused the request signature; check the target's accessKeySecret (and that no proxy rewrites the request)",
      p,
    ),
  'alibaba-ehpc.error.incompleteSignature': (p) =>
    said(`Alibaba Cloud found the request signature incomplete; ${BUG}`, p),
  'alibaba-ehpc.error.accessKeyNotFound': (p) =>
    said("Alibaba Cloud does not know the target's accessKeyId; check that the AccessKey exists", p),
  'alibaba-ehpc.error.accessKeyInactive': (p) =>
    said("The target's AccessKey is disabled; enable it in the RAM console or configure another", p),
  'alibaba-ehpc.error.timestampExpired': (p) =>
    said("Alibaba Cloud says the request time is more than 15 minutes off; check this host's clock (NTP)", p),
  'alibaba-ehpc.error.timestampFormat': (p) => said(`Alibaba Cloud could not read the request timestamp; ${BUG}`, p),
  'alibaba-ehpc.error.nonceUsed': (p) =>
    said('Alibaba Cloud saw this request nonce before (a replayed request); it was not executed', p),
  'alibaba-ehpc.error.nonceUsedOnRerun': (p) =>
    said(
      'Alibaba Cloud received this very RerunJobs request twice (its nonce was used before), for example through a retrying proxy: the first copy may have run',
      p,
    ),
  'alibaba-ehpc.error.tokenExpired': (p) =>
    said("The target's STS securityToken has expired; refresh the temporary credentials", p),
  'alibaba-ehpc.error.tokenInvalid': (p) =>
    said(
      "The target's STS securityToken is invalid or does not belong to its accessKeyId; refresh the temporary credentials",
      p,
    ),
  'alibaba-ehpc.error.missingParameter': (p) => said(`Alibaba Cloud says a required parameter is missing; ${BUG}`, p),
  'alibaba-ehpc.error.ramForbidden': (p) => said(`RAM does not allow the target's credential to do this; ${GRANT}`, p),
  'alibaba-ehpc.error.internal': (p) => said('Alibaba Cloud had an internal error', p),
  'alibaba-ehpc.error.unavailable': (p) => said('E-HPC is temporarily unavailable', p),
  'alibaba-ehpc.error.invalidParams': (p, f) =>
    said(
      `E-HPC rejected a parameter of the request for cluster ${f.code(p.cluster)}; check the job ids (they look like ${f.code('1.scheduler')}, as ListJobs shows them)`,
      p,
    ),
  'alibaba-ehpc.error.notEnabled': (p) =>
    said('E-HPC is not activated for this Alibaba Cloud account; activate the service first', p),
  'alibaba-ehpc.error.inDebt': (p) =>
    said('The Alibaba Cloud account has overdue payments; E-HPC refuses operations until they are settled', p),
  'alibaba-ehpc.error.clusterStatus': (p, f) =>
    said(
      `Cluster ${f.code(p.cluster)} is not in a state that allows this (stopped, starting, or being changed); wait until it is Running and ask again`,
      p,
    ),
  'alibaba-ehpc.error.conflict': (p, f) =>
    said(
      `Another operation is running on cluster ${f.code(p.cluster)}; nothing was requeued. Wait for it to finish and ask again`,
      p,
    ),
  'alibaba-ehpc.error.clusterNotFound': (p, f) =>
    said(`No cluster ${f.code(p.cluster)} in ${f.code(p.region)}; check the cluster id and the target's region`, p),
  'alibaba-ehpc.error.managerNotFound': (p, f) =>
    said(
      `The manager node of cluster ${f.code(p.cluster)} is missing or unhealthy, so its scheduler cannot take requests; check the cluster's nodes`,
      p,
    ),
  'alibaba-ehpc.error.rerunFailure': (p, f) =>
    said(`The scheduler of cluster ${f.code(p.cluster)} refused to requeue ${listed(p.jobs, f)}`, p),
  'alibaba-ehpc.error.agentTimeout': (p, f) =>
    said(
      `The agent on cluster ${f.code(p.cluster)} did not answer in time; the scheduler may or may not have acted`,
      p,
    ),
  'alibaba-ehpc.error.agentError': (p, f) =>
    said(`The agent request on cluster ${f.code(p.cluster)} failed; the scheduler may or may not have acted`, p),
  'alibaba-ehpc.error.aliyunError': (p) =>
    said('Another Alibaba Cloud product failed while E-HPC handled the request', p),
  'alibaba-ehpc.error.notAuthorized': (p) =>
    said(`RAM does not authorize the target's credential for this request; ${GRANT}`, p),
  'alibaba-ehpc.error.partFailure': (p, f) =>
    said(`Part of the batch failed on cluster ${f.code(p.cluster)}: some jobs were requeued, some not`, p),
  'alibaba-ehpc.error.unknown': (p) => said('E-HPC had an unknown error', p),
  'alibaba-ehpc.error.throttled': (p) => said('Alibaba Cloud throttled the request; nothing was executed', p),
  'alibaba-ehpc.error.credential': (p) => said("Alibaba Cloud refused the target's credential", p),
  'alibaba-ehpc.error.forbidden': (p) =>
    said("The target's credential is not allowed to do this; check its RAM policy", p),
  'alibaba-ehpc.error.invalid': (p) => said('Alibaba Cloud rejected a parameter of the request', p),
  'alibaba-ehpc.error.httpAuth': (p) => said("Alibaba Cloud refused the target's credential or permissions", p),
  'alibaba-ehpc.error.httpNotFound': (p) => said('Alibaba Cloud found no such resource', p),
  'alibaba-ehpc.error.httpServer': (p) => said(`E-HPC answered HTTP ${p.status}`, p),
  'alibaba-ehpc.error.httpRefused': (p) => said(`E-HPC refused the request (HTTP ${p.status})`, p),
  'alibaba-ehpc.error.notObject': (p) => `E-HPC answered HTTP ${p.status} with an answer that is not a JSON object`,
};
