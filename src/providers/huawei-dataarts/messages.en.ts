/** DataArts Studio's messages in English. */
import type { Catalog, Format } from '../../lib/message.ts';
import type { HuaweiMessages } from './messages.ids.ts';
import { seenOf } from './stored-params.ts';

const LOCATION: Record<string, string> = { firstNode: 'the first node', errorNode: 'the node that failed' };
const VERSION: Record<string, string> = {
  original: "the original run's parameters",
  current: 'the current job parameters',
};
/** instance_type (list API); 0, an ordinary scheduled run, is never shown. */
const INSTANCE_TYPE: Record<number, string> = {
  2: 'manual run',
  5: 'patch-data run',
  6: 'sub-job run',
  7: 'one-off run',
};

const from = (p: { location: string; node: string | undefined }, f: Format) =>
  p.location === 'specifiedNode' ? `node ${f.code(p.node ?? '')}` : (LOCATION[p.location] ?? f.code(p.location));
const version = (v: string) => VERSION[v] ?? v;
/** The vendor's own words, after our sentence. */
const says = (p: { said: string | undefined }) => (p.said ? ` DataArts says: "${p.said}"` : '');
const uncoded = (p: { httpStatus: number | undefined }) =>
  p.httpStatus !== undefined ? ` (HTTP ${p.httpStatus} without an error code)` : '';
const ended = (at: string | undefined) => (at ? `ended ${at}` : 'not ended');

export const en: Catalog<HuaweiMessages> = {
  'huawei-dataarts.name': () => 'Huawei Cloud DataArts Studio',

  'huawei-dataarts.field.job.label': () => 'Job',
  'huawei-dataarts.field.job.hint': () =>
    'The DataArts Factory job name, exactly as shown (Chinese characters and spaces are fine).',
  'huawei-dataarts.field.mode.label': () => 'What to rerun',
  'huawei-dataarts.field.mode.hint': (_p, f) =>
    `${f.code('instance')}: the instances named. ${f.code('chain')}: the jobs' instances in a time window, with their upstream and downstream instances. Default ${f.code('instance')}.`,
  'huawei-dataarts.field.mode.instance': () => 'This instance',
  'huawei-dataarts.field.mode.chain': () => 'With upstream and downstream',
  'huawei-dataarts.field.location.label': () => 'Restart from',
  'huawei-dataarts.field.location.hint': (_p, f) =>
    `${f.code('errorNode')} restarts at the node that failed; ${f.code('specifiedNode')} needs a node name.`,
  'huawei-dataarts.field.location.firstNode': () => 'First node',
  'huawei-dataarts.field.location.errorNode': () => 'Failed node',
  'huawei-dataarts.field.location.specifiedNode': () => 'A node I name',
  'huawei-dataarts.field.node.label': () => 'Node',
  'huawei-dataarts.field.node.hint': (_p, f) =>
    `Only with ${f.code('location=specifiedNode')}: the node to restart from.`,
  'huawei-dataarts.field.version.label': () => 'Job parameters',
  'huawei-dataarts.field.version.hint': (_p, f) =>
    `${f.code('original')}: the parameters of the failed run; ${f.code('current')}: the job's parameters now.`,
  'huawei-dataarts.field.version.original': () => "Original run's",
  'huawei-dataarts.field.version.current': () => 'Current',
  'huawei-dataarts.field.ignore_obs_monitor.label': () => 'Ignore OBS listening',
  'huawei-dataarts.field.ignore_obs_monitor.hint': (_p, f) =>
    `Whether the rerun skips OBS listening. Default ${f.code('true')}.`,
  'huawei-dataarts.field.instance.label': () => 'Failed instances',
  'huawei-dataarts.field.instance.hint': (p, f) =>
    `${f.code('mode=instance')}: pick one or more failed instances of the job (last ${f.number(p.days)} days), at most ${f.number(p.max)}, each shown and checked on its own; or give job_id, plan_time and submit_time for one. Typed: ${f.code('job_id:plan_time:submit_time')}, comma-separated.`,
  'huawei-dataarts.field.job_id.label': () => 'Job id',
  'huawei-dataarts.field.job_id.hint': (_p, f) =>
    `${f.code('mode=instance')}: the job's numeric id, from the instance list.`,
  'huawei-dataarts.field.plan_time.label': () => 'Planned time',
  'huawei-dataarts.field.plan_time.hint': (_p, f) =>
    `${f.code('mode=instance')}: when the instance was planned (epoch ms, ISO 8601, YYYY-MM-DD HH:mm in the target's zone, or -2h).`,
  'huawei-dataarts.field.submit_time.label': () => 'Submitted time',
  'huawei-dataarts.field.submit_time.hint': (_p, f) =>
    `${f.code('mode=instance')}: when the instance was submitted, usually as 13-digit epoch ms from the instance list.`,
  'huawei-dataarts.field.jobs.label': () => 'Jobs',
  'huawei-dataarts.field.jobs.hint': (_p, f) =>
    `${f.code('mode=chain')}: job names, comma-separated, each ${f.code('name')} or ${f.code('name@workspace')}. Default: the job itself.`,
  'huawei-dataarts.field.begin.label': () => 'Window start',
  'huawei-dataarts.field.begin.hint': (_p, f) => `${f.code('mode=chain')}: the first planned time to rerun.`,
  'huawei-dataarts.field.end.label': () => 'Window end',
  'huawei-dataarts.field.end.hint': (p, f) =>
    `${f.code('mode=chain')}: the last planned time to rerun (after the start). The window is at most ${f.number(p.days)} days; split longer reruns.`,
  'huawei-dataarts.field.concurrent.label': () => 'Concurrency',
  'huawei-dataarts.field.concurrent.hint': (p, f) =>
    `${f.code('mode=chain')}: how many instances run at once, 1 to ${f.number(p.max)}. Default 1.`,

  'huawei-dataarts.help': (p, f) =>
    `DataArts Factory "rerun job instances": rerun failed instances of a job (up to ${f.number(p.maxInstances)}, in one call), or the jobs' instances in a time window of at most ${f.number(p.windowDays)} days with their upstream and downstream (${f.number(p.perSecond)} calls per second).`,
  'huawei-dataarts.summary.instance': (p, f) =>
    `Rerun the instance of DataArts job ${f.code(p.job)} planned ${f.date(p.planned)} (job id ${p.jobIds.join(', ')}) from ${from(p, f)}, with ${version(p.version)}`,
  'huawei-dataarts.summary.instances': (p, f) =>
    `Rerun ${f.number(p.count)} instances of DataArts job ${f.code(p.job)} (job id ${p.jobIds.join(', ')}) planned ${p.planned.map((t) => f.date(t)).join(', ')}${p.more > 0 ? ` and ${f.number(p.more)} more` : ''}, from ${from(p, f)}, with ${version(p.version)}`,
  'huawei-dataarts.summary.chain': (p, f) =>
    `Rerun DataArts ${f.plural(p.jobs.length, { one: 'job', other: 'jobs' })} ${f.list(p.jobs.map((j) => f.code(j)))} with upstream and downstream, planned ${f.date(p.begin)} to ${f.date(p.end)}, from ${from(p, f)}, with ${version(p.version)}, ${f.number(p.concurrent)} at a time`,
  'huawei-dataarts.choice.instance': (p) =>
    `${p.planned} · ${p.state}${p.instanceId !== undefined ? ` · #${p.instanceId}` : ''}`,

  'huawei-dataarts.input.required': () => 'required',
  'huawei-dataarts.input.name.empty': (p, f) => `${f.code(p.key)} must not be empty`,
  'huawei-dataarts.input.name.tooLong': (p, f) => `${f.code(p.key)} is at most ${f.number(p.max)} characters`,
  'huawei-dataarts.input.name.forbidden': (p, f) =>
    `${f.code(p.key)}: type it as DataArts shows it (spaces are fine; / \\ % ? # are not)`,
  'huawei-dataarts.input.jobsEntry': (p, f) => `${f.msg(p.problem)} (${f.code(p.ref)})`,
  'huawei-dataarts.input.mode': (_p, f) =>
    `${f.code('mode')} is ${f.code('instance')} (this instance) or ${f.code('chain')} (with upstream and downstream)`,
  'huawei-dataarts.input.location': (_p, f) =>
    `${f.code('location')} is ${f.list(
      ['firstNode', 'errorNode', 'specifiedNode'].map((v) => f.code(v)),
      'disjunction',
    )}`,
  'huawei-dataarts.input.version': (_p, f) => `${f.code('version')} is ${f.code('original')} or ${f.code('current')}`,
  'huawei-dataarts.input.boolean': (p, f) => `${f.code(p.key)} is true or false (yes/no)`,
  'huawei-dataarts.input.jobId': (_p, f) => `${f.code('job_id')} is the job's numeric id, such as 917567`,
  'huawei-dataarts.input.concurrent': (p, f) =>
    `${f.code('concurrent')} is a whole number from 1 to ${f.number(p.max)}`,
  'huawei-dataarts.input.time': (p, f) =>
    `${f.code(p.key)} must be a 13-digit epoch-ms time (1732601580000), ISO 8601 with an offset, 'YYYY-MM-DD HH:mm', or relative like -2h (read in ${p.timeZone})`,
  'huawei-dataarts.input.instanceValue': (_p, f) =>
    `each instance looks like ${f.code('job_id:plan_time:submit_time')} (${f.code('917567:1732601580000:1732239754684')}); pick them from the list`,
  'huawei-dataarts.input.tooManyJobs': (p, f) => `at most ${f.number(p.max)} jobs per request`,
  'huawei-dataarts.input.nodeRequired': (_p, f) =>
    `${f.code('node')} is needed with ${f.code('location=specifiedNode')}: name the node to restart from`,
  'huawei-dataarts.input.nodeUnused': (p, f) =>
    `${f.code('node')} is only used with ${f.code('location=specifiedNode')}; remove it or set ${f.code('location=specifiedNode')} (location is ${f.code(p.location)})`,
  'huawei-dataarts.input.chainOnly': (p, f) => `${f.code(p.key)} is only used with ${f.code('mode=chain')}`,
  'huawei-dataarts.input.instanceOnly': (p, f) => `${f.code(p.key)} is only used with ${f.code('mode=instance')}`,
  'huawei-dataarts.input.instanceBoth': (_p, f) =>
    `give either ${f.code('instance')} or ${f.code('job_id')}, ${f.code('plan_time')} and ${f.code('submit_time')}, not both`,
  'huawei-dataarts.input.instanceRequired': (_p, f) =>
    `${f.code('mode=instance')} needs the instances to rerun: pick them in ${f.code('instance')}, or give ${f.code('job_id')}, ${f.code('plan_time')} and ${f.code('submit_time')}`,
  'huawei-dataarts.input.instancePartRequired': (p, f) =>
    `${f.code(p.key)} is needed too: give ${f.code('job_id')}, ${f.code('plan_time')} and ${f.code('submit_time')} together (or pick the instance)`,
  'huawei-dataarts.input.tooManyInstances': (p, f) =>
    `at most ${f.number(p.max)} instances per request: split the list, or use ${f.code('mode=chain')} for a time window`,
  'huawei-dataarts.input.windowRequired': (p, f) =>
    `${f.code(p.key)} is needed with ${f.code('mode=chain')}: the window of planned times to rerun`,
  'huawei-dataarts.input.endBeforeBegin': (_p, f) => `${f.code('end')} must be after ${f.code('begin')}`,
  'huawei-dataarts.input.windowTooLong': (p, f) =>
    `the window is at most ${f.number(p.days)} days (end − begin); split longer reruns into several requests`,
  'huawei-dataarts.input.noJobs': (_p, f) =>
    `name at least one job, or leave ${f.code('jobs')} out to rerun the job itself`,

  'huawei-dataarts.note.options': (p, f) =>
    `Restarts from ${from(p, f)}, with ${version(p.version)}; OBS listening is ${p.ignoreObs ? 'ignored' : 'honoured'}.`,
  'huawei-dataarts.note.instance': (p, f) =>
    `Reruns one instance of ${f.code(p.job)} (planned ${p.planned}, submitted ${p.submitted}).`,
  'huawei-dataarts.note.instances': (p, f) =>
    `Reruns ${f.number(p.count)} instances of ${f.code(p.job)} in one call; each is listed with its own verdict and only the eligible ones are sent.`,
  'huawei-dataarts.note.instanceTimes': (p) =>
    `Times are in ${p.timeZone}. DataArts answers an accepted rerun with an empty body; the instance then shows as waiting or running again. Each instance is read again just before sending, and left out if it changed.`,
  'huawei-dataarts.note.noDetail': (p) =>
    `Node details could not be read (the v1 instance-detail API on ${p.host} did not answer), so the failed node is not shown.`,
  'huawei-dataarts.note.cutShort.instances': (p, f) =>
    `The preview was cut short after ${f.number(p.maxCalls)} list calls: some instances were not read in full and refused. Name fewer per request.`,
  'huawei-dataarts.note.cutShort.jobs': (p, f) =>
    `The preview was cut short after ${f.number(p.maxCalls)} list calls: some jobs were not read in full and refused. Name fewer, or a shorter window, per request.`,
  'huawei-dataarts.note.chain': (p, f) =>
    `Reruns every instance of ${p.jobs === 1 ? 'this job' : `these ${f.number(p.jobs)} jobs`} planned between ${p.from} and ${p.to}, successful ones included, together with their upstream and downstream instances, ${f.number(p.concurrent)} at a time.`,
  'huawei-dataarts.note.chainRefusal': (p) =>
    `A job is refused when any of its instances in the window is still waiting, running, paused or frozen: a rerun would start a second run beside it. Times are in ${p.timeZone}.`,

  'huawei-dataarts.refused.atInstance': (p, f) => `instance planned ${p.planned}: ${f.msg(p.reason)}`,
  'huawei-dataarts.refused.notRead': (p, f) =>
    `not checked: this check stops after ${f.number(p.maxCalls)} list calls; name fewer instances`,
  'huawei-dataarts.refused.otherSubmit': (p) =>
    `the instance planned ${p.planned} was submitted at ${p.submitTime ?? 'an unknown time'} (${p.submitted ?? '?'}), not ${p.given}: pick it from the instance list`,
  'huawei-dataarts.refused.noInstance': (p, f) =>
    `no instance of ${f.code(p.job)} is planned at ${p.planned} in workspace ${f.code(p.workspace)}: check plan_time or pick the instance from the list`,
  'huawei-dataarts.refused.wrongJobId': (p, f) =>
    `job_id ${f.code(p.given)} is not the id of ${f.code(p.job)} (DataArts says ${f.code(p.actual)})`,
  'huawei-dataarts.refused.live': (p, f) =>
    `the instance is ${f.code(p.state)}; rerunning it now would start a second run beside it. Wait for it to finish, or stop it in DataArts first`,
  'huawei-dataarts.refused.frozen': () => 'the instance is frozen; unfreeze it in DataArts Factory first',
  'huawei-dataarts.refused.otherState': (p, f) =>
    `the instance is in state ${f.code(p.state)}, which this bot does not rerun`,
  'huawei-dataarts.refused.noFailedNode': (_p, f) =>
    `the instance succeeded, so it has no failed node to restart from: use ${f.code('location=firstNode')} or ${f.code('location=specifiedNode')}`,
  'huawei-dataarts.refused.noSuchNode': (p, f) =>
    `the job has no node ${f.code(p.node)} (its nodes: ${f.list(p.nodes.map((n) => f.code(n)))})`,
  'huawei-dataarts.refused.stateChanged': (p, f) =>
    `its state changed since the preview (it was ${f.code(p.was)}, it is ${f.code(p.now)} now): ask again to see it as it is`,
  'huawei-dataarts.refused.ranAgain': (p) =>
    `it ran again since the preview (${ended(p.endedThen)} then, ${ended(p.endedNow)} now): ask again to see it as it is`,
  'huawei-dataarts.refused.noLongerListed': (p) =>
    `it is no longer listed with submit time ${p.submitted} (it may have been rerun since the preview): ask again`,
  'huawei-dataarts.refused.notReadAgain': (p, f) =>
    `it could not be read again (this check stops after ${f.number(p.maxCalls)} list calls)`,
  'huawei-dataarts.refused.chain.notRead': (p, f) =>
    `not checked: this check stops after ${f.number(p.maxCalls)} list calls; name fewer jobs or a shorter window`,
  'huawei-dataarts.refused.chain.noInstances': (p, f) =>
    `no instance of ${f.code(p.job)} in workspace ${f.code(p.workspace)} is planned between ${p.from} and ${p.to}`,
  'huawei-dataarts.refused.chain.incomplete': (p, f) =>
    `not all of its instances planned between ${p.from} and ${p.to} could be read (more than ${f.number(p.maxListed)}, or this check stops after ${f.number(p.maxCalls)} list calls), so a live one may be among them: narrow the window or name fewer jobs`,
  'huawei-dataarts.refused.chain.live': (p, f) =>
    `${f.plural(p.count, { one: '1 instance in the window is', other: `${f.number(p.count)} instances in the window are` })} not finished (${f.code(p.state)}, planned ${p.planned}); rerunning now would start a second run beside ${f.plural(p.count, { one: 'it', other: 'them' })}. Wait for ${f.plural(p.count, { one: 'it', other: 'them' })} to finish or stop ${f.plural(p.count, { one: 'it', other: 'them' })} first`,
  'huawei-dataarts.refused.chain.changed': (p) =>
    `its instances changed since the preview (${seenOf(p)} then, ${p.now || 'none'} now): ask again to see them as they are`,
  'huawei-dataarts.refused.chain.nothingPlanned': (p) =>
    `no instance is planned between ${p.from} and ${p.to} any more`,

  'huawei-dataarts.detail.failedNode': (p, f) =>
    `failed node: ${f.code(p.node)} (${p.state}${p.type ? `, ${p.type}` : ''}${p.retries ? `, retried automatically ${f.plural(p.retries, { one: 'once', other: `${f.number(p.retries)} times` })}` : ''})`,
  'huawei-dataarts.detail.failedNodeNone': () => 'failed node: none reported',
  'huawei-dataarts.detail.failedNodeUnavailable': () => 'failed node: not available',
  'huawei-dataarts.detail.planned': (p) => `planned ${p.at}`,
  'huawei-dataarts.detail.started': (p) => `started ${p.at}`,
  'huawei-dataarts.detail.ended': (p) => `ended ${p.at}`,
  'huawei-dataarts.detail.submitted': (p) => `submitted ${p.at}`,
  'huawei-dataarts.detail.instanceId': (p) => `instance ${p.id}`,
  'huawei-dataarts.detail.instanceType': (p) => INSTANCE_TYPE[p.type] ?? `type ${p.type}`,
  'huawei-dataarts.detail.chain.count': (p, f) =>
    `${f.number(p.count)}${p.more ? '+' : ''} ${p.more ? 'instances' : f.plural(p.count, { one: 'instance', other: 'instances' })} in the window`,
  'huawei-dataarts.detail.chain.instance': (p) => `${p.planned} ${p.state}`,
  'huawei-dataarts.detail.chain.earlier': (p, f) =>
    `… ${f.plural(p.count, { one: '1 earlier instance', other: `${f.number(p.count)} earlier instances` })} not shown`,

  'huawei-dataarts.status.instance': (p) =>
    [
      p.planned && `planned ${p.planned}`,
      p.pending && 'rerun accepted; DataArts still shows the previous run',
      p.started && `started ${p.started}`,
      p.ended && `ended ${p.ended}`,
    ]
      .filter(Boolean)
      .join(', '),
  'huawei-dataarts.status.notRead': (p, f) =>
    `${p.planned ? `planned ${p.planned}, ` : ''}not read: this check stops after ${f.number(p.maxCalls)} list calls`,
  'huawei-dataarts.status.noInstance': (p) => `no instance planned ${p.planned}`,
  'huawei-dataarts.status.chain.pending': () => 'rerun accepted; DataArts still shows the previous runs',
  'huawei-dataarts.status.chain.live': (p, f) =>
    `${f.plural(p.count, { one: '1 instance is', other: `${f.number(p.count)} instances are` })} still waiting or running`,
  'huawei-dataarts.status.chain.incomplete': (p, f) =>
    `not all instances in the window were read (more than ${f.number(p.maxListed)}, or this check stops after ${f.number(p.maxCalls)} list calls)`,

  'huawei-dataarts.outcome.accepted.one': (p, f) =>
    `DataArts accepted the rerun of the instance of ${f.code(p.job)} planned ${p.planned}.`,
  'huawei-dataarts.outcome.accepted.many': (p, f) =>
    `DataArts accepted the rerun of ${f.number(p.count)} instances of ${f.code(p.job)} (planned ${p.planned.join(', ')}, ${p.timeZone}).`,
  'huawei-dataarts.outcome.accepted.chain': (p, f) =>
    `DataArts accepted the rerun of ${f.plural(p.jobs, { one: '1 job', other: `${f.number(p.jobs)} jobs` })} with their upstream and downstream instances.`,
  'huawei-dataarts.outcome.nothingSent': (p, f) => `Nothing was sent to DataArts: ${f.msg(p.reason)}`,
  'huawei-dataarts.outcome.notReadBeforeSending': (p, f) =>
    `Nothing was sent to DataArts: the state could not be read again just before sending. ${f.msg(p.reason)}`,
  'huawei-dataarts.outcome.noneAsPreviewed': (p, f) =>
    `Nothing was sent to DataArts: read again just before sending, ${f.plural(p.count, { one: 'the item was no longer as previewed; it says why', other: `none of the ${f.number(p.count)} items was still as previewed; each says why` })}. Ask again to see the current state.`,
  'huawei-dataarts.outcome.leftOut': (p, f) =>
    `Left out, as read again just before sending: ${f.plural(p.count, { one: '1 item was', other: `${f.number(p.count)} items were` })} no longer as previewed; each says why.`,

  'huawei-dataarts.error.throttled': (p) =>
    `DataArts throttled the request (DataArts Factory allows ${p.perSecond} requests per second per user); it was not executed and may be sent again.${says(p)}`,
  'huawei-dataarts.error.credentials': (p) =>
    `Huawei Cloud refused the request's credentials: check the target's accessKey/secretKey (or token), and that this host's clock is within 15 minutes of the real time.${says(p)}`,
  'huawei-dataarts.error.tokenExpired': (p) =>
    `The IAM token has expired or was revoked (a password, key or permission change invalidates it): put a fresh token in the target, or use AK/SK or password auth.${says(p)}`,
  'huawei-dataarts.error.apiNotFound': (p, f) =>
    `The API was not found on ${f.code(p.host)}: check the target's endpoint and region (${f.code(p.region)}).${says(p)}`,
  'huawei-dataarts.error.missingParameter': (p) =>
    `The API gateway says a required parameter or header is missing.${says(p)}`,
  'huawei-dataarts.error.backendTimeout': (p) =>
    `The API gateway timed out waiting for DataArts (backend timeout).${says(p)}`,
  'huawei-dataarts.error.noJob': (p, f) =>
    `${p.job ? `No job ${f.code(p.job)}` : 'No such job'} in workspace ${f.code(p.workspace)}: check the job name (as shown in DataArts Factory) and the target's workspace.${says(p)}`,
  'huawei-dataarts.error.noInstance': (p, f) =>
    `${p.job ? `No such instance of job ${f.code(p.job)}` : 'No such job instance'}: check job_id, plan_time and submit_time, or pick the instance from the list.${says(p)}`,
  'huawei-dataarts.error.noTask': (p, f) =>
    `DataArts found no such task${p.job ? ` for job ${f.code(p.job)}` : ''}; list the job's instances again and pick a current one.${says(p)}`,
  'huawei-dataarts.error.notBatch': (p, f) =>
    `Only batch jobs can be rerun this way; ${p.job ? f.code(p.job) : 'this job'} is not a batch job.${says(p)}`,
  'huawei-dataarts.error.badJobName': (p, f) =>
    `DataArts says the job name${p.job ? ` ${f.code(p.job)}` : ''} is invalid; type it exactly as DataArts Factory shows it.${says(p)}`,
  'huawei-dataarts.error.noPermission': (p, f) =>
    `The target's IAM user lacks permission in workspace ${f.code(p.workspace)}: give it a DataArts Studio role (developer or admin) in that workspace.${says(p)}`,
  'huawei-dataarts.error.internal': (p) => `DataArts had an internal error${uncoded(p)}.${says(p)}`,
  'huawei-dataarts.error.refusedCredentials': (p) =>
    `Huawei Cloud refused the target's credentials${uncoded(p)}.${says(p)}`,
  'huawei-dataarts.error.throttledHttp': (p) =>
    `DataArts throttled the request${uncoded(p)}; it was not executed and may be sent again.${says(p)}`,
  'huawei-dataarts.error.forbidden': (p) =>
    `Huawei Cloud refused the target's credentials or permissions${uncoded(p)}.${says(p)}`,
  'huawei-dataarts.error.notFound': (p) => `DataArts found no such resource${uncoded(p)}.${says(p)}`,
  'huawei-dataarts.error.refused': (p) => `DataArts refused the request${uncoded(p)}.${says(p)}`,
  'huawei-dataarts.error.unexpectedBody': (p) => `DataArts answered HTTP ${p.status} with an unexpected body.`,
  'huawei-dataarts.iam.unreachable': (p, f) => `Could not obtain an IAM token from ${p.origin} (${f.msg(p.reason)}).`,
  'huawei-dataarts.iam.noToken': (p) => `IAM at ${p.origin} answered without an X-Subject-Token header.`,
  'huawei-dataarts.iam.refused': (p, f) =>
    `IAM refused the target's username/password for domain ${f.code(p.domain)} (HTTP ${p.status}): check username, password and domain, and that the IAM user has programmatic access.${p.said ? ` IAM says: "${p.said}"` : ''}`,
  'huawei-dataarts.iam.throttled': (p) => `IAM throttled the token request.${p.said ? ` IAM says: "${p.said}"` : ''}`,
  'huawei-dataarts.iam.failed': (p) =>
    `IAM answered HTTP ${p.status} to the token request.${p.said ? ` IAM says: "${p.said}"` : ''}`,
};
