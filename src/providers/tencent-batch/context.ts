/** What every part of a session works with: the target, the injected outside world, and the client bound to both. */
import type { ProviderDeps } from '../types.ts';
import { TencentClient } from './client.ts';
import { JobReader } from './listing.ts';
import type { TencentTarget } from './schema.ts';

export interface SessionContext {
  target: TencentTarget;
  deps: ProviderDeps;
  client: TencentClient;
  /** DescribeJobs reads, shared by previews and status reads asked at the same time. */
  reader: JobReader;
}

export function sessionContext(target: TencentTarget, deps: ProviderDeps): SessionContext {
  const client = new TencentClient(target, deps);
  return { target, deps, client, reader: new JobReader(client, deps.timing) };
}
