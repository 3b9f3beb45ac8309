/** The core's messages in English. */
import type { Catalog, Format } from '../lib/message.ts';
import type { CallEnd, JobEnd, JobPhase } from '../core/model/lifecycle.ts';
import { JOB_EN, REQUEST_EN } from './states.ts';
import type { CoreMessages } from '../core/messages.ts';

const ORIGIN: Record<string, string> = { string: 'characters', array: 'items', number: '', set: 'items' };

/** How a call ended, in one phrase (announce lines and the requester's message). */
const CALL_EN: Record<CallEnd, string> = {
  accepted: 'accepted by the provider',
  partial: 'partly accepted by the provider',
  refused: 'refused by the provider',
  'not-sent': 'not sent to the provider',
  unknown: 'outcome unknown — check status',
};

/** How a followed job ended, in one phrase. */
const FINAL_EN: Record<JobEnd, string> = {
  succeeded: 'the job succeeded',
  'failed-again': 'the job failed again',
  ended: 'the job ended (the provider does not say whether it succeeded)',
  unwatched: 'the job was still not finished when the bot stopped watching',
};

/** The job's half of the story: "running 4 minutes", "failed again after 3 minutes". */
function jobPart(job: JobPhase, elapsedMs: number | undefined, f: Format): string {
  const how = job === 'ended' ? ' (the provider does not say how)' : '';
  if (elapsedMs === undefined) return JOB_EN[job] + how;
  return job === 'running' ? `running ${f.duration(elapsedMs)}` : `${JOB_EN[job]} after ${f.duration(elapsedMs)}${how}`;
}

export const coreEn: Catalog<CoreMessages> = {
  'input.required': () => 'required',
  'input.type': (p) => `must be a ${p.expected}`,
  'input.oneOf': (p, f) =>
    `must be one of ${f.list(
      p.values.map((v) => f.code(v)),
      'disjunction',
    )}`,
  'input.tooSmall': (p, f) =>
    ORIGIN[p.origin]
      ? `must have at least ${f.number(p.minimum)} ${ORIGIN[p.origin]}`
      : `must be at least ${f.number(p.minimum)}`,
  'input.tooBig': (p, f) =>
    ORIGIN[p.origin]
      ? `must have at most ${f.number(p.maximum)} ${ORIGIN[p.origin]}`
      : `must be at most ${f.number(p.maximum)}`,
  'input.format': () => 'is not in the expected format',
  'input.unknownKeys': (p, f) =>
    `unknown ${f.plural(p.keys.length, { one: 'key', other: 'keys' })} ${f.list(p.keys.map((k) => f.code(k)))}`,
  'input.invalid': (p) => `is not valid: ${p.detail}`,
  'input.atItem': (p, f) => `${f.msg(p.issue)} (item ${f.number(p.item)})`,
  'click.onlyRequesterCancels': () => 'Only the person who asked can cancel this request.',
  'click.ownRequest': (p, f) =>
    `You asked for this rerun, and the ${p.policy} policy needs someone else to ${p.kind === 'reject' ? 'reject' : 'approve'} it. ${f.typed ? `Type ${f.code(`cancel ${p.id}`)}` : 'Use Cancel'} to withdraw it.`,
  'click.notApprover': (p, f) => `Only ${f.list(p.approvers)} may ${p.kind} reruns of ${f.code(p.target)}.`,
  'click.alreadyApproved': () => 'You have already approved this request; it needs another approver.',
  'click.expired': (p, f) => `This request expired ${f.date(p.at)}; nothing was sent. The requester can ask again.`,
  'click.alreadyExpired': () => 'This request has expired; nothing was sent. Ask again.',
  'click.alreadyDone': (p, f) =>
    `This request is already decided: ${f.msg(p.story)}. ${p.sent ? 'Its rerun is sent once, never again.' : 'Nothing was sent.'}`,
  story: (p, f) => {
    const by = p.byPolicy
      ? ` by policy ${f.code(p.byPolicy)} at timeout`
      : p.by.length
        ? ` by ${f.list(p.by.map((u) => f.user(u)))}`
        : '';
    const settled =
      p.byPolicy && p.state !== 'sending' && p.state !== 'rejected'
        ? ` (approved by policy ${f.code(p.byPolicy)} at timeout)`
        : '';
    const call =
      p.state === 'pending'
        ? `${REQUEST_EN.pending}${p.min > 1 ? ` (${f.number(p.approvals)}/${f.number(p.min)} approvals)` : ''}`
        : p.state === 'sending'
          ? `approved${by} — sending`
          : p.state === 'rejected' || p.state === 'cancelled'
            ? `${REQUEST_EN[p.state]}${by}`
            : REQUEST_EN[p.state] + settled;
    return p.job ? `${call} — ${jobPart(p.job, p.elapsedMs, f)}` : call;
  },
  'ask.alreadyOpen': (p, f) =>
    `${f.list(p.items.map((i) => f.code(i)))} ${p.items.length === 1 ? 'is' : 'are'} already in request ${f.code(p.requestId)} by ${f.user(p.requester)} (${f.msg(p.story)}); approve or cancel that one instead of asking twice.`,
  'ask.cooldown': (p, f) =>
    `${f.code(p.item)} was already rerun ${f.plural(p.count, { one: 'once', other: `${f.number(p.count)} times` })} recently; ${f.code(p.target)} allows ${f.number(p.reruns)} per ${f.duration(p.perMs)}. Look at why it keeps failing first.`,
  'ask.wrongPlace': (p, f) =>
    `Reruns of ${f.code(p.target)} are not accepted in this channel; ask in ${f.list(p.places, 'disjunction')}.`,
  'ask.notRequester': (p, f) => `Only ${f.list(p.requesters)} may ask for reruns of ${f.code(p.target)}.`,
  'ask.noTarget': (p, f) =>
    `No target named ${f.code(p.target)}. Targets: ${f.list(p.targets.map((t) => f.code(t)))}. Type ${f.command('help')} for examples.`,
  'ask.previewFailed': (p, f) =>
    `Could not read the current state from ${f.msg(p.provider)}: ${f.msg(p.error)}. Nothing was sent.`,
  'ask.tooMany': (p, f) =>
    `This names ${f.number(p.count)} items; ${f.code(p.target)} allows at most ${f.number(p.max)} per request. Split it.`,
  'ask.nothingEligible': (p, f) =>
    `Nothing to rerun on ${f.code(p.target)}: ${p.items.map((i) => f.msg(i)).join('; ')}. Nothing was sent.`,
  'ask.publishFailed': (p, f) =>
    `The approval request could not be posted in this channel, or the chat did not confirm it (${f.msg(p.error)}); it is withdrawn and nothing will be sent. Invite the bot to the channel and ask again.`,
  'ask.publishUnsure': (p, f) =>
    `Slack did not confirm that the approval request ${f.code(p.id)} was posted. The bot looks for it in the channel shortly and posts it only if it is not there; the request waits for approval meanwhile.`,
  'ask.publishLater': (p, f) =>
    `Slack asked the bot to wait before posting, so the approval request ${f.code(p.id)} is not in the channel yet. The bot posts it shortly, once; the request waits for approval meanwhile.`,
  'askAgain.notRequester': (_p, f) =>
    `Only the person who asked can ask again; use ${f.command('')} to make your own request.`,
  'askAgain.notAgain': (p, f) =>
    `Request ${f.code(p.id)} is ${f.msg(p.story)}: it can be asked again once it expired or its job failed again.`,
  'request.notFound': (p, f) => `No request ${f.code(p.id)}.`,
  'request.newer': (p, f) =>
    `Request ${f.code(p.id)} was written by a newer version of rerun-bot; this replica leaves it alone. Nothing was changed: try again once every replica runs the new version.`,
  'item.state': (p, f) => `${f.code(p.id)}: ${p.state}${p.reason ? ` (${f.msg(p.reason)})` : ''}`,
  'item.notEligible': () => 'not eligible',
  'item.changed': (p, f) => `changed since the request: ${p.reason ? f.msg(p.reason) : p.state}`,
  'input.unknownParam': (p, f) =>
    `${f.code(p.key)} is not a parameter of ${f.msg(p.provider)}. Use: ${f.list(
      p.keys.map((k) => f.code(k)),
      'unit',
    )}.`,
  'input.givenTwice': (p, f) => `${f.code(p.key)} is given twice; give it once (lists are comma-separated).`,
  'command.openQuote': (p, f) =>
    `A ${p.quote} quote is not closed. Close it, e.g. ${f.code('plan_time="2024-11-26 14:13"')}.`,
  'command.needsId': (p, f) =>
    `Type ${f.command(`${p.word} <request-id>`)}, e.g. ${f.command(`${p.word} rr-7k2m9q`)} (the id is on the approval message).`,
  'command.history': (_p, f) => `Type ${f.command('history [target] [n]')}, e.g. ${f.command('history my-target 20')}.`,
  'command.historyMin': (_p, f) =>
    `n is how many requests to show, so it must be at least 1: type ${f.command('history [target] [n]')}, e.g. ${f.command('history my-target 20')}.`,
  'command.targetFirst': (p, f) =>
    `Name the target first: ${f.command(`<target> ${p.pair} …`)}. Type ${f.command('help')} for the commands and examples.`,
  'command.notPair': (p, f) =>
    `${f.code(p.token)} is not a key=value pair. Write each parameter as key=value, e.g. ${f.code('job_ids=job-rybewp57')}. Type ${f.command('help')} for the commands and examples.`,
  'error.provider': (p, f) => {
    const ids = [p.code && `code ${f.code(p.code)}`, p.requestId && `request id ${f.code(p.requestId)}`].filter(
      Boolean,
    );
    return ids.length ? `${f.msg(p.detail)} (${ids.join(', ')})` : f.msg(p.detail);
  },
  'error.internal': (p) => p.text,
  'error.slack': (p, f) => `Slack answered ${f.code(p.code)}`,
  'execute.recheckFailed': (p, f) =>
    `Could not read the current state just before sending (${f.msg(p.error)}); nothing was sent. Ask again when ${f.msg(p.provider)} answers.`,
  'execute.stateChanged': () => 'The state changed since the request was made, so nothing was sent.',
  'execute.targetGone': (p, f) => `Target ${f.code(p.target)} is no longer configured; nothing was sent.`,
  'execute.notSent': (p, f) => `Nothing was sent: ${f.msg(p.error)}. Ask again when this is fixed.`,
  'execute.unexpected': (p, f) => `Outcome unknown: ${f.msg(p.error)}. It will not be sent again automatically.`,
  'core.stopping': () => 'This rerun-bot replica is restarting and takes no new work. Try again in a few seconds.',
  'recover.inFlight': () =>
    'Outcome unknown — the bot restarted while the call was in flight. It will not be sent again.',
  'recover.notSent': () =>
    'The bot restarted after the approval but before the call was sent; nothing was sent. Ask again.',
  'stored.text': (p) => p.text,
  'status.targetGone': (p, f) => `the target ${f.code(p.target)} is no longer configured`,
  'follow.watching': (p, f) =>
    `Following the job to its final state (checked ${f.plural(p.polls, { one: 'once', other: `${f.number(p.polls)} times` })} so far)${p.items.length ? `; last seen: ${p.items.map((i) => f.msg(i)).join(', ')}` : ''}.`,
  'follow.item': (p, f) =>
    `${f.code(p.id)}: ${p.state}${p.result === 'succeeded' ? ' (succeeded)' : p.result === 'failed' ? ' (failed again)' : ''}${p.detail ? ` — ${f.msg(p.detail)}` : ''}`,
  'follow.final': (p, f) => {
    const head =
      p.end === 'succeeded'
        ? `Rerun ${f.code(p.id)}: the job succeeded, ${f.duration(p.elapsedMs)} after the rerun was accepted.`
        : p.end === 'failed-again'
          ? `Rerun ${f.code(p.id)}: the job failed again, ${f.duration(p.elapsedMs)} after the rerun was accepted.`
          : p.end === 'ended'
            ? `Rerun ${f.code(p.id)}: the job ended ${f.duration(p.elapsedMs)} after the rerun was accepted; ${f.msg(p.provider)} does not say whether it succeeded.`
            : `Rerun ${f.code(p.id)}: the job had not finished ${f.duration(p.elapsedMs)} after the rerun was accepted; the bot stopped watching it. Last known state:`;
    const items = p.items.length ? `\n${p.items.map((i) => `• ${f.msg(i)}`).join('\n')}` : '';
    const id = p.requestId ? `\nRequest ID of the rerun: ${f.code(p.requestId)}` : '';
    const again = p.rerunAgain ? '\nLook at why it failed before rerunning it again.' : '';
    return head + items + id + again;
  },
  'announce.outcome': (p, f) =>
    `${f.code(p.target)}: rerun ${f.code(p.id)} asked by ${f.user(p.requester)} — ${CALL_EN[p.state]}. Details: ${f.command(`status ${p.id}`)}`,
  'announce.final': (p, f) =>
    `${f.code(p.target)}: rerun ${f.code(p.id)} asked by ${f.user(p.requester)} — ${FINAL_EN[p.end]}, ${f.duration(p.elapsedMs)} after the rerun was accepted. Details: ${f.command(`status ${p.id}`)}`,
  'dm.approved': (p, f) =>
    `Your rerun request ${f.code(p.id)} on ${f.code(p.target)} was approved by ${f.list(p.by.map((u) => f.user(u)))}: ${CALL_EN[p.state]}. Details: ${f.command(`status ${p.id}`)}`,
  'dm.rejected': (p, f) =>
    `Your rerun request ${f.code(p.id)} on ${f.code(p.target)} was rejected by ${f.user(p.by)}; nothing was sent.`,
  'dm.expired': (p, f) =>
    `Your rerun request ${f.code(p.id)} on ${f.code(p.target)} expired before it was approved; nothing was sent. You can ask again from its message.`,
  'reason.required': (p, f) =>
    p.pattern
      ? `This target's policy needs a reason: an incident reference matching ${f.code(p.pattern)}. ${f.typed ? `Add ${f.code('reason=…')}` : 'Fill in Reason, or add reason=…'}.`
      : `This target's policy needs a reason for the rerun. ${f.typed ? `Add ${f.code('reason=…')}` : 'Fill in Reason, or add reason=…'}.`,
  'reason.pattern': (p, f) => `The reason must be an incident reference matching ${f.code(p.pattern)}.`,
  'reason.tooLong': (p, f) => `The reason is longer than ${f.number(p.max)} characters; say it in a line or two.`,
  withReason: (p, f) => `${f.msg(p.message)}\nReason: ${p.reason}`,
  'click.ownRequestGlass': (p, f) =>
    `You asked for this rerun, so someone else must approve it. This policy allows break-glass: ${f.typed ? `type ${f.code(`approve ${p.id} reason=…`)}` : 'use Break glass…'} to approve it yourself with a reason; it is announced and reviewed.`,
  'glass.notAllowed': (p, f) =>
    `The policy of ${f.code(p.target)} does not allow break-glass: someone else must approve ${f.code(p.id)}.`,
  'glass.onlyRequester': () => 'Only the person who asked for this rerun can break glass on it.',
  'glass.confirmRequired': () => 'Confirm that you approve your own request without a second person.',
  'glass.nothingToReview': (p, f) =>
    `${f.code(p.id)} was not approved through break-glass: there is nothing to review.`,
  'glass.reviewOwn': () => 'You approved this request through break-glass; another approver must review it.',
  'glass.alreadyReviewed': (p, f) =>
    `This break-glass approval was already reviewed by ${f.user(p.by)} ${f.date(p.at)}.`,
  'glass.announce': (p, f) =>
    `Break-glass: ${f.user(p.requester)} approved their own rerun request ${f.code(p.id)} on ${f.code(p.target)} without a second person. Reason: ${p.reason}. An approver should review it (Review on the request's message).`,
  'dm.timedOut': (p, f) =>
    `Nobody decided on your rerun request ${f.code(p.id)} on ${f.code(p.target)} in time, so policy ${f.code(p.policy)} ${
      p.kind === 'approve'
        ? `approved it at timeout: ${p.state ? CALL_EN[p.state] : 'sending'}. Details: ${f.command(`status ${p.id}`)}`
        : 'rejected it at timeout; nothing was sent.'
    }`,
  'remind.thread': (p, f) =>
    `Reminder ${f.number(p.n)} of ${f.number(p.of)}: rerun request ${f.code(p.id)} on ${f.code(p.target)} has waited ${f.duration(p.waitedMs)} for approval.`,
  'remind.dm': (p, f) =>
    `Your rerun request ${f.code(p.id)} on ${f.code(p.target)} is still waiting for approval (${f.duration(p.waitedMs)} so far).`,
  'remind.escalation': (p, f) =>
    `Escalated: rerun request ${f.code(p.id)} on ${f.code(p.target)} has waited ${f.duration(p.waitedMs)} for approval; you may approve it now.`,
  'dm.final': (p, f) =>
    `The job of your rerun ${f.code(p.id)} on ${f.code(p.target)} reached its final state.\n${f.msg(p.final)}`,
  'watch.own': (p, f) => `You asked for ${f.code(p.id)}: you are told of its decision and its final state anyway.`,
  'watch.ended': (p, f) => `Request ${f.code(p.id)} is over (${f.msg(p.story)}): there is nothing left to watch.`,
  'watch.decided': (p, f) =>
    `Rerun request ${f.code(p.id)} on ${f.code(p.target)} by ${f.user(p.requester)}, which you watch: ${p.by.length ? `approved by ${f.list(p.by.map((u) => f.user(u)))} — ` : ''}${f.msg(p.story)}. Details: ${f.command(`status ${p.id}`)}`,
  'watch.final': (p, f) =>
    `The job of rerun ${f.code(p.id)} on ${f.code(p.target)} by ${f.user(p.requester)}, which you watch, reached its final state.\n${f.msg(p.final)}`,
};
