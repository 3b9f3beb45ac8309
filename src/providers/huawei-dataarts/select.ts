/**
 * The raw parameters that name exactly some preview items of a request (Provider.selectItems):
 * what "Rerun the N remaining…" prefills the form with.
 *
 * - mode=chain: an item is a job (chain-mode.ts `jobItemId`: its name, `@workspace` when not the
 *   target's), which `jobs` accepts as it is; the window and options stay as asked. A window typed
 *   as relative times (`begin=-6h`) is read again from the new request's "now".
 * - mode=instance: every item is named by the job (instance-mode.ts), so a subset of several
 *   instances cannot be told apart by id. Only all of them together can be named: the request as
 *   asked. Fewer is undefined.
 */
import type { RawParams } from '../types.ts';
import { MODES } from './params.ts';

const text = (v: RawParams[string]) => (typeof v === 'string' ? v.trim() : undefined);

/** The distinct instances `raw` names: its `instance` list, or one from job_id/plan_time/submit_time. */
function instanceCount(raw: RawParams): number {
  const listed = typeof raw.instance === 'string' ? raw.instance.split(',') : (raw.instance ?? []);
  if (Array.isArray(listed)) {
    const values = new Set(listed.map((v) => v.trim()).filter(Boolean));
    if (values.size > 0) return values.size;
  }
  return raw.job_id !== undefined || raw.plan_time !== undefined || raw.submit_time !== undefined ? 1 : 0;
}

export function selectItems(raw: RawParams, items: readonly string[]): RawParams | undefined {
  if (items.length === 0) return undefined;
  const mode = (text(raw.mode) || 'instance').toLowerCase();
  if (!(MODES as readonly string[]).includes(mode)) return undefined;
  if (mode === 'chain') return { ...raw, jobs: [...new Set(items)] };
  const job = text(raw.job);
  if (!job || items.some((id) => id !== job)) return undefined;
  return items.length === instanceCount(raw) ? { ...raw } : undefined;
}
