/** A request as a list showed it (the App Home): what a click from that list is checked against. */
import type { RerunRequest } from './request.ts';

/**
 * The state of a request as a list shows it: a click from that list counts only while the request
 * is still so (a decision, one more approval, an expiry all change its `updatedAt` or state).
 */
export function shownOf(r: Pick<RerunRequest, 'state' | 'updatedAt'>): string {
  return `${r.state}@${r.updatedAt}`;
}
