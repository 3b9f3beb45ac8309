/**
 * The E-HPC actions the emulator serves, as an authenticated request calls them: ListJobs and
 * RerunJobs with the documented bodies (RerunJobs moves a job to QUEUED and counts it), and
 * the documented refusals of a bad cluster, bad parameters or jobs the scheduler will not requeue.
 */
import { MESSAGES, need, Refusal } from './emulator-codes.ts';
import type { Authenticated } from './emulator-signature.ts';
import { schedulerTime, type EhpcCluster, type EhpcJob, type EhpcWorld } from './emulator-state.ts';

/** The body the action answers with, or the Refusal the gateway answers instead. */
export function answer(world: EhpcWorld, auth: Authenticated): Record<string, unknown> {
  switch (auth.action) {
    case 'ListJobs':
      return listJobs(world, auth.params);
    case 'RerunJobs':
      return rerunJobs(world, auth.params, auth.signature);
    default:
      throw new Refusal('InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
  }
}

function clusterOf({ clusters }: EhpcWorld, params: Map<string, string>): EhpcCluster {
  const id = need(params.get('ClusterId'), 'ClusterId');
  const cluster = clusters.get(id);
  if (!cluster) throw new Refusal('ClusterNotFound', MESSAGES['ClusterNotFound'] as string);
  if (cluster.status === 'manager-lost') throw new Refusal('ManagerNotFound', MESSAGES['ManagerNotFound'] as string);
  if (cluster.status !== 'running')
    throw new Refusal('InvalidClusterStatus', MESSAGES['InvalidClusterStatus'] as string);
  return cluster;
}

const invalid = (name: string) =>
  new Refusal('InvalidParams', (MESSAGES['InvalidParams'] as string).replace('%s', name));

function listJobs(world: EhpcWorld, params: Map<string, string>): Record<string, unknown> {
  const cluster = clusterOf(world, params);
  const state = params.get('State') ?? 'all';
  if (!['all', 'finished', 'notfinish'].includes(state)) throw invalid('State');
  const pageSize = Number(params.get('PageSize') ?? '10');
  const pageNumber = Number(params.get('PageNumber') ?? '1');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) throw invalid('PageSize');
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw invalid('PageNumber');
  const all = [...cluster.jobs.values()].filter(
    (j) => state === 'all' || (state === 'finished') === (j.State === 'FINISHED'),
  );
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Jobs: {
      JobInfo: page.map((j) => ({
        Id: j.Id,
        Name: j.Name,
        Owner: j.Owner,
        State: j.State,
        NodeList: JSON.stringify(j.NodeList),
        Priority: 0,
        SubmitTime: j.SubmitTime,
        StartTime: j.StartTime,
        LastModifyTime: j.LastModifyTime,
        Stdout: `/home/${j.Owner}/${j.Name}.o${j.Id.split('.')[0]}`,
        Stderr: `/home/${j.Owner}/${j.Name}.e${j.Id.split('.')[0]}`,
        ShellPath: `/home/${j.Owner}/${j.Name}.pbs`,
        Comment: '',
        ArrayRequest: '',
        Resources: { Nodes: j.NodeList.length, Cores: 2 * j.NodeList.length },
      })),
    },
  };
}

function rerunJobs(world: EhpcWorld, params: Map<string, string>, signature: 'v1' | 'v3'): Record<string, unknown> {
  const { rerunCalls, refused } = world;
  const cluster = clusterOf(world, params);
  const raw = need(params.get('Jobs'), 'Jobs');
  let ids: string[];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed) || parsed.length < 1 || parsed.length > 100) throw new Error('size');
    ids = parsed.map((j: unknown) => {
      const id = (j as { Id?: unknown } | null)?.Id;
      if (typeof id !== 'string' || !id) throw new Error('Id');
      return id;
    });
  } catch {
    throw invalid('Jobs');
  }
  const asyncRaw = params.get('Async');
  if (asyncRaw !== undefined && asyncRaw !== 'true' && asyncRaw !== 'false') throw invalid('Async');
  const why = (id: string): string | undefined => {
    const job = cluster.jobs.get(id);
    if (!job) return `job ${id} does not exist`;
    if (job.State !== 'RUNNING' && job.State !== 'QUEUED') return `job ${id} is ${job.State}`;
    if (refused.has(id)) return `job ${id} is not rerunnable`;
    return undefined;
  };
  const failures = ids.map((id) => [id, why(id)] as const).filter(([, w]) => w);
  const ok = ids.filter((id) => !why(id));
  const now = Date.now();
  for (const id of ok) {
    const job = cluster.jobs.get(id) as EhpcJob;
    job.State = 'QUEUED';
    job.NodeList = [];
    job.StartTime = '';
    job.LastModifyTime = schedulerTime(now);
    job.reruns += 1;
  }
  rerunCalls.push({ cluster: cluster.id, jobs: ids, async: asyncRaw === 'true', signature, requeued: ok });
  if (failures.length && ok.length) throw new Refusal('PartFailure', MESSAGES['PartFailure'] as string);
  if (failures.length) {
    throw new Refusal(
      'AgentError.Job.RerunFailure',
      (MESSAGES['AgentError.Job.RerunFailure'] as string).replace('%s', failures.map(([, w]) => w).join('; ')),
    );
  }
  return {};
}
