/**
 * The E-HPC emulator's clusters and jobs: what ListJobs shows, what RerunJobs changes, and the
 * record of each RerunJobs call it accepted.
 */

export interface EhpcJob {
  Id: string;
  Name: string;
  Owner: string;
  State: 'RUNNING' | 'QUEUED' | 'FINISHED';
  NodeList: string[];
  SubmitTime: string;
  StartTime: string;
  LastModifyTime: string;
  /** How many times RerunJobs requeued it (not visible through the API, as in the cloud). */
  reruns: number;
}

export interface EhpcCluster {
  id: string;
  /** `running` serves requests; `manager-lost` answers ManagerNotFound; anything else InvalidClusterStatus. */
  status: string;
  jobs: Map<string, EhpcJob>;
}

export interface RerunCallRecord {
  cluster: string;
  jobs: string[];
  async: boolean;
  signature: 'v1' | 'v3';
  requeued: string[];
}

/** Everything the actions read and change; the emulator hands tests the same objects. */
export interface EhpcWorld {
  clusters: Map<string, EhpcCluster>;
  /** RerunJobs calls that passed the signature and parameter checks. */
  rerunCalls: RerunCallRecord[];
  /** Jobs the scheduler refuses to requeue. */
  refused: Set<string>;
}

/** Scheduler-style local time without zone, as ListJobs shows it: 2018-07-18T17:46:48. */
export const schedulerTime = (ms: number) => new Date(ms).toISOString().slice(0, 19);

/** A seeded job: submitted an hour ago, on compute2 when RUNNING, not started when QUEUED; `extra` overrides. */
export function newJob(id: string, state: EhpcJob['State'], extra: Partial<Omit<EhpcJob, 'Id' | 'State'>>): EhpcJob {
  const hourAgo = schedulerTime(Date.now() - 3_600_000);
  return {
    Id: id,
    Name: `job${id.split('.')[0]}`,
    Owner: 'user1',
    State: state,
    NodeList: state === 'RUNNING' ? ['compute2'] : [],
    SubmitTime: hourAgo,
    StartTime: state === 'QUEUED' ? '' : hourAgo,
    LastModifyTime: hourAgo,
    reruns: 0,
    ...extra,
  };
}
