/**
 * The use cases: ask for a rerun, decide on it (approve / reject / cancel), execute it exactly
 * once, read its status and history, and recover after a restart. Front ends (Slack, console)
 * call these; they reach the world only through the ports.
 */
import { randomBytes } from 'node:crypto';
import { addMilliseconds, isAfter } from 'date-fns';
import type { Config } from '../config/load.ts';
import type { Policy } from '../config/schema.ts';
import type { JobStatus, RawParams, RerunOutcome } from '../providers/types.ts';
import { describeError, recheckBeforeSend, withCurrentState, withRefused } from './execution.ts';
import { cooldownBlock, openRequestFor } from './guards.ts';
import { validateParams, type FieldErrors } from './input.ts';
import { channelAllowed, isAmong, mayDecide, policyFor, snapshot, type Directory } from './policy.ts';
import type { Clock, Logger } from './ports.ts';
import { approvalsOf, stateAfter, type AuditEntry, type DecisionKind, type RerunRequest } from './request.ts';
import type { RequestFilter, Store } from './store.ts';
import type { Target, Targets } from './targets.ts';

/** Renders requests where people see them: the approval message and its updates. */
export interface Notifier {
  /** Posts the approval request; returns the message ts. */
  posted(request: RerunRequest): Promise<string>;
  /** Re-renders the same message from the request's current state. */
  changed(request: RerunRequest): Promise<void>;
}

export interface ServiceDeps {
  config: Config;
  targets: Targets;
  store: Store;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  directory: Directory;
  newId?: () => string;
}

export interface Asker {
  userId: string;
  channel: string;
  channelName?: string;
  threadTs?: string;
}

export type PrepareResult =
  | { kind: 'invalid'; errors: FieldErrors; missing: string[] }
  | { kind: 'refused'; message: string }
  | { kind: 'posted'; request: RerunRequest };

export type DecideResult = { ok: true; request: RerunRequest } | { ok: false; message: string };

export interface StatusResult {
  request: RerunRequest;
  live?: JobStatus;
  liveError?: string;
  audit: AuditEntry[];
}

const defaultId = () => 'rr-' + randomBytes(5).toString('hex').slice(0, 8);

export class RerunService {
  private readonly newId: () => string;
  /** Work under way (asking, deciding, calling a provider), so a shutdown can let it finish. */
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly deps: ServiceDeps) {
    this.newId = deps.newId ?? defaultId;
  }

  target(id: string): Target | undefined {
    return this.deps.targets.get(id);
  }

  policy(targetId: string): Policy {
    return policyFor(this.deps.config.policies, targetId);
  }

  /** Targets this person may ask for from this channel, for help and the form. */
  async targetsFor(asker: Asker): Promise<Target[]> {
    const out: Target[] = [];
    for (const t of this.deps.targets.values()) if (!(await this.whyNotAllowed(t.id, asker))) out.push(t);
    return out;
  }

  private async whyNotAllowed(targetId: string, asker: Asker): Promise<string | undefined> {
    const policy = this.policy(targetId);
    if (!channelAllowed(policy, asker.channel, asker.channelName)) {
      return `Reruns of ${targetId} are not accepted in this channel; ask in ${policy.channels?.join(', ')}.`;
    }
    if (policy.requesters?.length && !(await isAmong(this.deps.directory, asker.userId, policy.requesters))) {
      return `Only ${policy.requesters.join(', ')} may ask for reruns of ${targetId}.`;
    }
    return undefined;
  }

  /** Checks the input only (no I/O): for the form's inline errors and the text command. */
  validate(targetId: string, raw: RawParams): ReturnType<typeof validateParams> | undefined {
    const target = this.target(targetId);
    return target && validateParams(target.provider, target.config, raw, this.deps.clock.now());
  }

  /** Validates, previews, applies the policy's limits, stores the request and posts it. */
  prepare(targetId: string, raw: RawParams, asker: Asker): Promise<PrepareResult> {
    return this.track(this.doPrepare(targetId, raw, asker));
  }

  private async doPrepare(targetId: string, raw: RawParams, asker: Asker): Promise<PrepareResult> {
    const target = this.target(targetId);
    if (!target) {
      const names = [...this.deps.targets.keys()].join(', ');
      return {
        kind: 'refused',
        message: `No target named \`${targetId}\`. Targets: ${names}. Type \`/rerun help\` for examples.`,
      };
    }
    const why = await this.whyNotAllowed(targetId, asker);
    if (why) return { kind: 'refused', message: why };
    const v = validateParams(target.provider, target.config, raw, this.deps.clock.now());
    if (!v.ok) return { kind: 'invalid', errors: v.errors, missing: v.missing };

    const log = this.deps.logger.child({ target: targetId, requester: asker.userId });
    let preview;
    try {
      preview = await target.session.preview(v.params);
    } catch (err) {
      log.warn({ err }, 'preview failed');
      return {
        kind: 'refused',
        message: `Could not read the current state from ${target.provider.displayName}: ${describeError(err)}. Nothing was sent.`,
      };
    }
    const policy = this.policy(targetId);
    if (policy.maxJobsPerRequest && preview.items.length > policy.maxJobsPerRequest) {
      return {
        kind: 'refused',
        message: `This names ${preview.items.length} items; ${targetId} allows at most ${policy.maxJobsPerRequest} per request. Split it.`,
      };
    }
    const cooled = await cooldownBlock(
      this.deps.store,
      this.deps.clock.now(),
      targetId,
      policy,
      preview.items.map((i) => i.id),
    );
    if (cooled) return { kind: 'refused', message: cooled };
    const open = await openRequestFor(
      this.deps.store,
      targetId,
      preview.items.filter((i) => i.eligible).map((i) => i.id),
    );
    if (open) return { kind: 'refused', message: open };
    if (preview.send === null) {
      const reasons = preview.items.map((i) => `${i.id}: ${i.state}${i.reason ? ` (${i.reason})` : ''}`).join('; ');
      return { kind: 'refused', message: `Nothing to rerun on ${targetId}: ${reasons}. Nothing was sent.` };
    }

    const now = this.deps.clock.now();
    const snap = snapshot(policy);
    const request: RerunRequest = {
      id: this.newId(),
      targetId,
      providerId: target.provider.id,
      providerName: target.provider.displayName,
      requester: asker.userId,
      channel: asker.channel,
      channelName: asker.channelName,
      threadTs: asker.threadTs,
      raw,
      params: v.params,
      send: preview.send,
      summary: target.provider.summarize(preview.send),
      preview: { items: preview.items, notes: preview.notes },
      calls: target.session.describeCall(preview.send),
      policy: snap,
      state: 'pending',
      decisions: [],
      createdAt: now.toISOString(),
      expiresAt: addMilliseconds(now, snap.expiresAfterMs).toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.deps.store.insert(request);
    await this.audit(request, 'requested', asker.userId, { params: v.params, channel: asker.channel });
    try {
      const ts = await this.deps.notifier.posted(request);
      const stored = await this.deps.store.transition(request.id, ['pending'], (r) => ({ ...r, messageTs: ts }));
      return { kind: 'posted', request: stored ?? { ...request, messageTs: ts } };
    } catch (err) {
      log.error({ err, requestId: request.id }, 'posting the approval request failed');
      await this.deps.store.transition(request.id, ['pending'], (r) => ({
        ...r,
        state: 'cancelled',
        updatedAt: this.nowIso(),
      }));
      return {
        kind: 'refused',
        message: `The approval request could not be posted in this channel, or Slack did not confirm it (${describeError(err)}); it is withdrawn and nothing will be sent. Invite the bot to the channel and ask again.`,
      };
    }
  }

  /** A click on Approve, Reject or Cancel. Only an allowed click changes anything. */
  decide(requestId: string, userId: string, kind: DecisionKind): Promise<DecideResult> {
    return this.track(this.doDecide(requestId, userId, kind));
  }

  private async doDecide(requestId: string, userId: string, kind: DecisionKind): Promise<DecideResult> {
    const request = await this.deps.store.get(requestId);
    if (!request) return { ok: false, message: `No request ${requestId}.` };
    if (request.state !== 'pending') return { ok: false, message: alreadyMessage(request) };
    if (isAfter(this.deps.clock.now(), new Date(request.expiresAt)) && kind !== 'cancel') {
      const expired = await this.deps.store.transition(requestId, ['pending'], (r) => ({
        ...r,
        state: 'expired',
        updatedAt: this.nowIso(),
      }));
      if (expired) {
        await this.audit(expired, 'expired', 'system');
        await this.show(expired);
      }
      return {
        ok: false,
        message: `This request expired at ${request.expiresAt}; nothing was sent. The requester can ask again.`,
      };
    }
    const verdict = await mayDecide(request, userId, kind, this.deps.directory);
    if (!verdict.allowed) {
      await this.audit(request, 'refused-click', userId, { kind, reason: verdict.reason });
      return { ok: false, message: verdict.reason };
    }

    const at = this.nowIso();
    const decided = await this.deps.store.transition(requestId, ['pending'], (r) => {
      if (kind === 'approve' && approvalsOf(r).some((d) => d.userId === userId)) return undefined;
      const decisions = [...r.decisions, { userId, kind, at }];
      if (kind === 'reject') return { ...r, decisions, state: 'rejected', updatedAt: at };
      if (kind === 'cancel') return { ...r, decisions, state: 'cancelled', updatedAt: at };
      const approvals = decisions.filter((d) => d.kind === 'approve').length;
      if (approvals < r.policy.minApprovals) return { ...r, decisions, updatedAt: at };
      return { ...r, decisions, state: 'running', execution: { startedAt: at }, updatedAt: at };
    });
    if (!decided) {
      const now = await this.deps.store.get(requestId);
      return { ok: false, message: now ? alreadyMessage(now) : `No request ${requestId}.` };
    }
    await this.audit(decided, kind === 'approve' ? 'approved' : kind === 'reject' ? 'rejected' : 'cancelled', userId);
    const shown = this.show(decided);
    if (decided.state === 'running') {
      // The call starts now, not after Slack has shown "Running…"; the outcome is shown after
      // that update lands, so the message never goes back to "Running…". Tracked for shutdown.
      void this.track(this.execute(decided, shown)).catch((err: unknown) =>
        this.deps.logger.error({ err, requestId }, 'execution failed'),
      );
    } else {
      await shown;
    }
    return { ok: true, request: decided };
  }

  /** The requester's one-click re-request of an expired request: the same input, previewed afresh. */
  async askAgain(requestId: string, userId: string): Promise<PrepareResult> {
    const old = await this.deps.store.get(requestId);
    if (!old) return { kind: 'refused', message: `No request ${requestId}.` };
    if (old.requester !== userId)
      return {
        kind: 'refused',
        message: 'Only the person who asked can ask again; use /rerun to make your own request.',
      };
    if (old.state !== 'expired')
      return { kind: 'refused', message: `Request ${requestId} is ${old.state}, not expired.` };
    return this.prepare(old.targetId, old.raw, {
      userId,
      channel: old.channel,
      channelName: old.channelName,
      threadTs: old.threadTs,
    });
  }

  /** Waits for work under way to finish (graceful shutdown), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const timedOut = new Promise<void>((resolve) => deadline.signal.addEventListener('abort', () => resolve()));
    try {
      // Work may start more work (an approval starts a call), so wait until none is left.
      while (this.inflight.size && !deadline.signal.aborted)
        await Promise.race([Promise.allSettled([...this.inflight]), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    const done = () => this.inflight.delete(work);
    work.then(done, done);
    return work;
  }

  /** Sends the claimed request. Runs once per request: only the winner of the claim calls it. */
  private async execute(request: RerunRequest, shown: Promise<void>): Promise<void> {
    const target = this.target(request.targetId);
    const log = this.deps.logger.child({ requestId: request.id, target: request.targetId });
    let outcome: RerunOutcome;
    const recheck = target ? await recheckBeforeSend(target, request) : undefined;
    if (!target) {
      outcome = {
        status: 'rejected',
        items: [],
        message: `Target ${request.targetId} is no longer configured; nothing was sent.`,
        calls: 0,
      };
    } else if (recheck && 'outcome' in recheck) {
      outcome = recheck.outcome;
    } else {
      await this.audit(request, 'call-started', 'system', { calls: request.calls });
      try {
        outcome = await target.session.rerun(recheck?.send ?? request.send);
        if (recheck?.refused.length) outcome = withRefused(outcome, recheck.refused);
      } catch (err) {
        log.error({ err }, 'rerun failed unexpectedly');
        outcome = {
          status: 'unknown',
          items: [],
          message: `Outcome unknown: ${describeError(err)}. It will not be sent again automatically; check /rerun status ${request.id}.`,
          calls: 1,
        };
      }
      if (outcome.status === 'unknown') outcome = await withCurrentState(target, request, outcome);
    }
    const done = await this.deps.store.transition(request.id, ['running'], (r) => ({
      ...r,
      state: stateAfter(outcome),
      execution: { startedAt: r.execution?.startedAt ?? this.nowIso(), finishedAt: this.nowIso(), outcome },
      updatedAt: this.nowIso(),
    }));
    log.info(
      { status: outcome.status, code: outcome.code, providerRequestId: outcome.requestId, calls: outcome.calls },
      'rerun finished',
    );
    await this.audit(request, 'call-finished', 'system', { outcome });
    await shown;
    if (done) await this.show(done);
  }

  async status(requestId: string): Promise<StatusResult | undefined> {
    const request = await this.deps.store.get(requestId);
    if (!request) return undefined;
    const audit = await this.deps.store.auditOf(requestId);
    const target = this.target(request.targetId);
    if (!target) return { request, audit, liveError: 'the target is no longer configured' };
    try {
      return { request, audit, live: await target.session.status(request.send ?? request.params) };
    } catch (err) {
      return { request, audit, liveError: describeError(err) };
    }
  }

  history(filter: RequestFilter): Promise<RerunRequest[]> {
    return this.deps.store.list(filter);
  }

  /**
   * At start-up: a call that was in flight when the process died is never sent again; it is
   * marked "outcome unknown — check status".
   */
  async recover(): Promise<number> {
    const running = (await this.deps.store.list({ limit: 10_000 })).filter((r) => r.state === 'running');
    for (const r of running) {
      const started = (await this.deps.store.auditOf(r.id)).some((a) => a.event === 'call-started');
      const outcome: RerunOutcome = started
        ? {
            status: 'unknown',
            items: [],
            message: `Outcome unknown — the bot restarted while the call was in flight. It will not be sent again; check /rerun status ${r.id}.`,
            calls: 1,
          }
        : {
            status: 'rejected',
            items: [],
            message: 'The bot restarted after the approval but before the call was sent; nothing was sent. Ask again.',
            calls: 0,
          };
      const done = await this.deps.store.transition(r.id, ['running'], (cur) => ({
        ...cur,
        state: stateAfter(outcome),
        execution: { startedAt: cur.execution?.startedAt ?? this.nowIso(), finishedAt: this.nowIso(), outcome },
        updatedAt: this.nowIso(),
      }));
      if (done) {
        await this.audit(done, 'recovered', 'system', { outcome });
        await this.show(done);
      }
    }
    return running.length;
  }

  private async show(request: RerunRequest): Promise<void> {
    if (!request.messageTs) return;
    try {
      await this.deps.notifier.changed(request);
    } catch (err) {
      this.deps.logger.error({ err, requestId: request.id }, 'updating the approval message failed');
    }
  }

  private async audit(
    request: RerunRequest,
    event: string,
    actor: string,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.store.appendAudit({
      at: this.nowIso(),
      requestId: request.id,
      event,
      actor,
      targetId: request.targetId,
      detail,
    });
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }
}

function alreadyMessage(r: RerunRequest): string {
  const last = r.decisions[r.decisions.length - 1];
  const by = last ? ` by <@${last.userId}>` : '';
  switch (r.state) {
    case 'running':
      return `This request is already running (approved${by}); it is sent only once.`;
    case 'expired':
      return 'This request has expired; nothing was sent. Ask again.';
    default:
      return `This request is already ${r.state}${by}; nothing more will be sent.`;
  }
}
