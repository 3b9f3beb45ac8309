/** The front ends' words in English. */
import type { Catalog } from '../lib/message.ts';
import type { SurfaceMessages } from './surface.ts';

const DECISION: Record<string, string> = { approve: 'Approved', reject: 'Rejected', cancel: 'Cancelled' };
const RESULT: Record<string, string> = { accepted: 'accepted', refused: 'refused', unknown: 'unknown' };

/** A sentence's first letter in upper case (the story line is written to stand inside sentences). */
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const surfaceEn: Catalog<SurfaceMessages> = {
  'ui.request.title': (p) => `Rerun request ${p.id}`,
  'ui.request.asks': (p, f) =>
    `${f.user(p.requester)} asks to rerun on ${f.code(p.target)} (${f.msg(p.provider)}):\n${f.msg(p.summary)}`,
  'ui.request.preview': (_p, f) => f.strong('Preview'),
  'ui.request.item': (p, f) => {
    const details = p.details.length ? ` — ${p.details.map((d) => f.msg(d)).join(', ')}` : '';
    const why = p.reason ? f.msg(p.reason) : 'not eligible';
    const verdict = p.eligible ? 'will be sent' : `refused: ${why}${p.ids ? ` (${f.msg(p.ids)})` : ''}`;
    return `• ${f.code(p.id)}${p.name ? ` ${p.name}` : ''} ${f.strong(p.state)}${details} → ${verdict}`;
  },
  'ui.request.more': (p, f) => `…and ${f.number(p.count)} more`,
  'ui.request.call': (_p, f) => f.strong('Request approval will send'),
  'ui.request.moreCalls': (p, f) => `…and ${f.number(p.count)} more calls of the same shape`,
  'ui.request.policy': (p, f) => {
    const who =
      p.approval === 'confirm'
        ? 'the requester or anyone may confirm'
        : p.approval === 'peer'
          ? 'anyone except the requester may approve'
          : `${f.number(p.minApprovals)} of ${f.list(p.approvers)} must approve (not the requester)`;
    const when = p.expired
      ? `expired ${f.date(p.expiresAt)}`
      : `expires ${f.date(p.expiresAt)} (${f.relative(p.expiresAt)})`;
    // Said before it happens: a request the policy approves at timeout is sent without anyone's click.
    const unless = p.expired
      ? ''
      : p.onTimeout === 'approve'
        ? ' · approved by the policy at timeout unless decided before'
        : p.onTimeout === 'reject'
          ? ' · rejected by the policy at timeout unless decided before'
          : '';
    return `Policy ${f.strong(p.approval)}: ${who} · ${when}${unless}`;
  },
  'ui.request.state': (p, f) => f.strong(capitalized(f.msg(p.story))),
  'ui.request.decision': (p, f) => `${DECISION[p.kind] ?? p.kind} by ${f.user(p.user)} ${f.date(p.at)}`,
  'ui.request.reason': (p) => `Reason: ${p.reason}`,
  'ui.request.glass': (p, f) =>
    `Break-glass: approved by the requester ${f.user(p.by)} ${f.date(p.at)} without a second person. Reason: ${p.reason}. ${p.reviewer && p.reviewedAt ? `Reviewed by ${f.user(p.reviewer)} ${f.date(p.reviewedAt)}.` : 'Not reviewed yet: an approver should review it.'}`,
  'ui.button.breakGlass': () => 'Break glass…',
  'ui.button.review': () => 'Review',
  'ui.glass.title': () => 'Break glass',
  'ui.glass.intro': (p, f) =>
    `You approve your own rerun request ${f.code(p.id)} on ${f.code(p.target)} without a second person. It is sent at once, announced in the thread and the announce channel with your reason, and left for an approver to review.`,
  'ui.glass.reason': () => 'Reason',
  'ui.glass.reasonHint': (p, f) =>
    p.pattern ? `An incident reference matching ${f.code(p.pattern)}.` : 'Why this cannot wait for a second person.',
  'ui.glass.confirm': () =>
    'I approve my own request without a second person, and accept that it is announced and reviewed.',
  'ui.glass.confirmBox': () => 'Yes, I confirm',
  'ui.glass.submit': () => 'Break glass',
  'ui.form.reason': () => 'Reason',
  'ui.form.reasonHint': (p, f) =>
    (p.missing ? "Missing: this target's policy needs a reason. " : '') +
    (p.pattern
      ? `Required: an incident reference matching ${f.code(p.pattern)}.`
      : p.required
        ? 'Required: why the rerun is needed.'
        : 'Optional: why the rerun is needed.'),
  'ui.console.glassConfirm': (p, f) =>
    `Break glass on ${f.code(p.id)} (${f.code(p.target)}): you approve your own request without a second person; it is announced and left for an approver to review. Type ${f.code('yes')} to confirm, anything else to stop.`,
  'ui.console.glassStopped': (p, f) => `Break-glass on ${f.code(p.id)} stopped; nothing changed.`,
  'ui.request.decisionByPolicy': (p, f) =>
    `${DECISION[p.kind] ?? p.kind} by policy ${f.code(p.policy)} at timeout ${f.date(p.at)} (nobody decided in time)`,
  'ui.request.emulated': () => 'This target runs against a built-in emulator: nothing reaches the cloud.',
  'ui.request.outcomeItem': (p, f) =>
    `• ${f.code(p.id)} ${RESULT[p.result] ?? p.result}${p.reason ? `: ${f.msg(p.reason)}` : ''}`,
  'ui.request.ids': (p, f) =>
    [p.code && `code ${f.code(p.code)}`, p.requestId && `request id ${f.code(p.requestId)}`]
      .filter(Boolean)
      .join(' · '),
  'ui.request.checkStatus': (p, f) => `Check the job's state with ${f.command(`status ${p.id}`)}.`,
  'ui.request.after': (p, f) => `State read just now: ${p.items.map((i) => f.msg(i)).join(', ')}.`,
  'ui.request.afterError': (p, f) => `The current state could not be read either (${f.msg(p.error)}).`,
  'ui.request.superseded': (p, f) =>
    `This is a second copy of request ${f.code(p.id)} on ${f.code(p.target)}; its buttons are gone. Approve, reject or follow it on the request's own message.`,
  'ui.request.supersededLink': () => "See the request's message",
  'ui.request.fallback': (p, f) =>
    `Rerun request ${p.id} on ${p.target} by ${f.user(p.requester)}: ${capitalized(f.msg(p.story))}`,
  'ui.status.item': (p, f) => `${f.code(p.id)}: ${p.state}${p.detail ? ` (${f.msg(p.detail)})` : ''}`,
  'ui.button.approve': () => 'Approve',
  'ui.button.reject': () => 'Reject',
  'ui.button.cancel': () => 'Cancel',
  'ui.button.askAgain': () => 'Ask again',
  'ui.button.rerunAlert': () => 'Rerun…',
  'ui.button.rerunAgain': () => 'Rerun again…',
  'ui.button.rerunRemainder': (p, f) => `Rerun the ${f.number(p.count)} remaining…`,
  'ui.alert.offer': (p, f) => {
    const what = p.items.length ? ` for ${f.list(p.items.map((i) => f.code(i)))}` : '';
    const missing = p.missing.length ? ` The form still needs ${f.list(p.missing.map((k) => f.code(k)))}.` : '';
    return `This alert matches a rerun on ${f.code(p.target)} (${f.msg(p.provider)})${what}. Click ${f.strong('Rerun…')} to open the form, filled in from the alert; the approval request will be posted in this thread.${missing}`;
  },
  'ui.alert.open': (p, f) => `This alert matches a rerun on ${f.code(p.target)}, but: ${f.msg(p.open)}`,
  'ui.alert.openLink': () => 'Open that request',
  'ui.alert.unknown': (p, f) =>
    p.rules.length
      ? `I offer reruns for alerts that match these rules, when mentioned in the alert's thread:\n${p.rules.map((r) => f.msg(r)).join('\n')}`
      : `No alert rules are configured, so I offer no reruns for alerts. Use ${f.command('')} instead.`,
  'ui.alert.rule': (p, f) => `• in ${f.code(p.channel)}: ${f.code(p.pattern)} → ${f.code(p.target)}`,
  'ui.alert.count': (p) => `Seen ${p.count} times: identical alerts are answered here.`,
  'ui.digest.header': (p, f) =>
    `${f.strong(`${p.alerts} alerts`)} arrived faster than I can answer each in its thread, so here they are together (${p.replies} distinct). Pick the jobs to rerun; the approval request will be posted in this message's thread (or the alert's, for one job).`,
  'ui.digest.target': (p, f) => `${f.code(p.target)} (${f.msg(p.provider)})`,
  'ui.digest.item': (p, f) => `• ${p.items.map((i) => f.code(i)).join(', ')}${p.count > 1 ? ` ×${p.count}` : ''}`,
  'ui.digest.pick': () => 'Jobs to rerun',
  'ui.button.rerunSelected': () => 'Rerun selected…',
  'ui.approvers.call': (p, f) =>
    `Rerun request ${f.code(p.id)} on ${f.code(p.target)} is waiting for your approval (${f.plural(p.min, { one: 'one approval', other: `${f.number(p.min)} approvals` })} needed): see the message above.`,
  'ui.help.intro': (_p, f) =>
    [
      `${f.strong(f.command(''))} reruns a failed cloud job after someone approves it.`,
      `• ${f.command('')} opens the form`,
      `• ${f.command('<target> key=value …')} asks directly (quote values with spaces; lists are comma-separated)`,
      `• ${f.command('status <request-id>')} · ${f.command('cancel <request-id>')} · ${f.command('history [target] [n]')} · ${f.command('pending')}`,
    ].join('\n'),
  'ui.help.noTargets': () => 'You may not ask for reruns of any target from this channel.',
  'ui.help.target': (p, f) =>
    [
      `${f.strong(p.id)} — ${f.msg(p.provider)}`,
      f.msg(p.summary),
      `Keys: ${p.keys.map((k) => f.msg(k)).join(', ')}`,
      ...p.cases.map((c) => f.msg(c)),
      ...p.examples.map((e) => f.command(e)),
    ].join('\n'),
  'ui.help.key': (p, f) => {
    const left = p.optional ? `optional${p.default !== undefined ? `, default ${f.code(p.default)}` : ''}` : '';
    const notes = [p.values.map((v) => f.code(v)).join(' | '), left].filter(Boolean).join('; ');
    const or = p.or.length ? ` or else ${p.or.map((k) => f.code(k)).join(' + ')}` : '';
    return `${f.code(p.key)}${notes ? ` (${notes})` : ''}${or}`;
  },
  'ui.help.case': (p, f) =>
    `With ${f.code(`${p.key}=${p.values.join('|')}`)}${p.isDefault ? ' (the default)' : ''}: ${p.keys.map((k) => f.msg(k)).join(', ')}`,
  'ui.help.footer': (_p, f) =>
    `Every rerun needs approval under the target's policy, and is sent exactly once. Add ${f.code('reason=…')} to say why (some policies require it, or an incident reference).`,
  'ui.help.fallback': (_p, f) => `How to use ${f.command('')}`,
  'ui.form.title': () => 'Rerun a job',
  'ui.form.loading': () => 'Loading the targets you may use…',
  'ui.form.target': () => 'Target',
  'ui.form.targetHint': () => 'The cloud account and region (or cluster) the job runs in.',
  'ui.form.submit': () => 'Ask for approval',
  'ui.form.close': () => 'Cancel',
  'ui.form.hint': (p, f) => `${p.missing ? 'Missing. ' : ''}${f.msg(p.hint)} e.g. ${p.example}`,
  'ui.form.pick': (p, f) => `Pick or type ${f.msg(p.label).toLowerCase()}`,
  'ui.form.yes': () => 'yes',
  'ui.form.no': () => 'no',
  'ui.form.pickTarget': () => 'Pick a target.',
  'ui.form.useTyped': (p) => `Use "${p.value}"`,
  'ui.form.couldNotList': (p, f) => `Could not list: ${f.msg(p.error)}`,
  'ui.form.targetOption': (p, f) => `${p.id} (${f.msg(p.provider)})`,
  'ui.form.stale': (_p, f) =>
    `This form can no longer be used: it has expired or was not opened for you here. Close it and open a new one with ${f.command('')}.`,
  'ui.answer.checking': (p, f) => `Checking the current state on ${f.code(p.target)}…`,
  'ui.answer.queued': (p, f) =>
    `Still checking… ${f.number(p.ahead)} ${f.plural(p.ahead, { one: 'request', other: 'requests' })} ahead of yours at the cloud's rate limit. The answer follows.`,
  'ui.answer.asked': (p, f) => `Asked for approval: request ${f.code(p.id)}.`,
  'ui.answer.cancelled': (p, f) => `Request ${f.code(p.id)} is cancelled.`,
  'ui.answer.noRequest': (p, f) =>
    `No request ${f.code(p.id)}. The id is on the approval message, e.g. ${f.code('rr-1a2b3c4d')}.`,
  'ui.answer.problems': (p, f) =>
    `That request has problems:\n${p.problems.map((m) => f.msg(m)).join('\n')}\nFor example: ${f.command(p.example)}`,
  'ui.answer.problemList': (p, f) => `That request has problems:\n${p.problems.map((m) => f.msg(m)).join('\n')}`,
  'ui.answer.problem': (p, f) => `• ${f.code(p.key)}: ${f.msg(p.issue)}`,
  'ui.answer.unreadable': (p, f) => `${f.msg(p.message)} For example: ${f.command(p.example)}`,
  'ui.answer.unknownTarget': (p, f) =>
    `No target named ${f.code(p.target)}. Targets you can use here: ${p.targets.length ? f.list(p.targets.map((t) => f.code(t))) : 'none'}. Type ${f.command('help')} for examples.`,
  'ui.answer.failed': (p, f) =>
    `Something went wrong (${p.error}); nothing was sent to the provider. Try again, or check ${f.command('status <request-id>')}.`,
  'ui.answer.digestNone': () => 'Pick at least one job in the list first, then click Rerun selected… again.',
  'ui.answer.digestApart': (p, f) =>
    `${f.code(p.target)} reruns these one request at a time: pick one job, then click Rerun selected… again.`,
  'ui.answer.staleButton': (_p, f) =>
    `This button is not one of mine any more; use ${f.command('status <request-id>')}.`,
  'ui.answer.elsewhere': (_p, f) =>
    `That button does not belong to this message; nothing was done. Use the buttons on the request's own message, or ${f.command('status <request-id>')}.`,
  'ui.answer.formUsed': (_p, f) =>
    `This form was already sent and its request asked; nothing more was done. To ask again, use ${f.command('')}.`,
  'ui.answer.channelUnread': () =>
    'Slack did not say in time which channel this is, so the channel rules of this target could not be checked; nothing was sent. Try again in a moment.',
  'ui.history.empty': () => 'No rerun requests yet.',
  'ui.history.title': (p, f) =>
    f.plural(p.count, { one: 'The last rerun request', other: `The last ${f.number(p.count)} rerun requests` }),
  'ui.history.line': (p, f) =>
    `• ${f.code(p.id)} ${f.date(p.at)} ${f.code(p.target)} by ${f.user(p.requester)}${p.approvers.length ? `, approved by ${f.list(p.approvers.map((u) => f.user(u)))}` : ''}${p.glass ? ' (break-glass)' : ''}: ${f.strong(f.msg(p.story))} — ${f.msg(p.summary)}${p.reason ? ` — reason: ${p.reason}` : ''}`,
  'ui.pending.waiting': () => 'Waiting for you',
  'ui.pending.mine': () => 'Your requests',
  'ui.pending.decided': () => 'Last decisions',
  'ui.pending.noneWaiting': () => 'Nothing waits for your decision.',
  'ui.pending.noneMine': () => 'You have not asked for a rerun yet.',
  'ui.pending.noneDecided': () => 'No decision yet on requests you could decide.',
  'ui.pending.item': (p, f) =>
    `${f.code(p.id)} on ${f.code(p.target)}, asked by ${f.user(p.requester)} ${f.date(p.at)}${p.approvers.length ? `, approved by ${f.list(p.approvers.map((u) => f.user(u)))}` : ''}: ${f.strong(f.msg(p.story))} — ${f.msg(p.summary)}`,
  'ui.home.stale': (p, f) =>
    `${f.code(p.id)} changed since this page showed it: it is now ${f.strong(f.msg(p.story))}. The lists below are as things stand now.`,
  'ui.home.notYours': () =>
    'That button does not work here: use Approve and Reject on your own App Home, or on the request’s message.',
  'ui.status.head': (p, f) => `${f.strong(p.id)} on ${f.code(p.target)}: ${f.strong(f.msg(p.story))}`,
  'ui.status.askedBy': (p, f) => `Asked by ${f.user(p.user)} ${f.date(p.at)}`,
  'ui.status.decisions': (_p, f) => f.strong('Decisions'),
  'ui.status.noDecisions': () => 'no decisions yet',
  'ui.status.answer': (_p, f) => f.strong('Provider answer'),
  'ui.status.current': (_p, f) => f.strong('Current state'),
  'ui.status.moving': () => '(still moving)',
  'ui.status.couldNotRead': (p, f) => `Could not be read: ${f.msg(p.error)}`,
  'ui.status.audit': (p, f) => `${f.number(p.count)} audit ${f.plural(p.count, { one: 'record', other: 'records' })}`,
  'ui.console.welcome': (p, f) =>
    `rerun-bot console. You are ${f.user(p.user)}. Targets: ${f.list(p.targets)}.${p.emulated ? ' Targets without credentials run against built-in emulators.' : ''}${p.logs ? ` Logs go to ${p.logs}.` : ''} Type "help" for commands, "pending" for what waits for you, "quit" to leave.`,
  'ui.console.story': (p, f) =>
    `${f.code(p.id)}: ${f.msg(p.story)}${p.items.length ? ` (${p.items.map((i) => f.msg(i)).join(', ')})` : ''}`,
  'ui.console.rerunAgain': (p) => `Type: again ${p.id} (ask to rerun what failed again)`,
  'ui.console.quitWaiting': (p, f) =>
    `Still following ${f.list(p.ids.map((id) => f.code(id)))}; waiting up to ${f.duration(p.waitMs)} for ${p.ids.length === 1 ? 'its' : 'their'} final ${p.ids.length === 1 ? 'state' : 'states'}.`,
  'ui.console.quitUnfinished': (p, f) =>
    `${f.list(p.ids.map((id) => f.code(id)))} ${p.ids.length === 1 ? 'has' : 'have'} not finished yet; ${p.later ? `the bot follows ${p.ids.length === 1 ? 'it' : 'them'} again at the next start.` : `the demo's store is thrown away, so nobody follows ${p.ids.length === 1 ? 'it' : 'them'} now.`}`,
  'ui.console.as': (p, f) => `You are now ${f.user(p.user)}.`,
  'ui.console.noLatest': () => 'There is no request yet; ask for one first, or give its id.',
  'ui.console.choices': (p) => `Type: approve ${p.id} · reject ${p.id}${p.cancel ? ` · cancel ${p.id}` : ''}`,
  'ui.console.askAgain': (p) => `Type: again ${p.id} (ask again as it was)`,
  'ui.console.remainder': (p, f) =>
    `To rerun the ${f.number(p.count)} remaining ${p.count === 1 ? 'item' : 'items'}, type: ${f.command(p.args)}`,
  'ui.console.help': () =>
    [
      'Console commands:',
      '  <target> key=value …      ask for a rerun (it may start with “/rerun”)',
      '  approve|reject|cancel [id] act on a request (the latest one without an id)',
      '  approve [id] reason=…      break glass: approve your own request, where its policy allows it',
      '  again [id]                 ask again for an expired request or one that failed again',
      '  pending                    what waits for your decision, your requests, and the last decisions',
      '  watch [id]                 be told of the decision and final state of a request you did not ask',
      '  status <id> · history [target] [n] · help',
      '  as <name>                  act as another person (default alice)',
      '  quit                       leave (calls under way finish first)',
    ].join('\n'),
  'ui.console.unknown': (p) => `"${p.line}" is not a console command; type "help".`,
  'ui.console.formNeeded': (p, f) =>
    `${f.list(p.missing.map((k) => f.code(k)))} ${p.missing.length === 1 ? 'is' : 'are'} missing; the console has no form. For example: ${f.command(p.example)}`,
  'ui.console.bye': () => 'Bye.',
  'ui.console.emulators': (p, f) => `Built-in emulators serve ${f.list(p.targets)} on 127.0.0.1.`,
  'ui.console.waiting': (p, f) =>
    `${f.code(p.target)} runs against its emulator until ${f.list(p.variables.map((v) => f.code(v)))} ${p.variables.length === 1 ? 'is' : 'are'} set.`,
  'ui.button.watch': () => 'Watch',
  'ui.collision.open': () => 'Open the request',
  'ui.collision.help': (p, f) => {
    const told = 'to be told of its decision and its final state';
    const watch = f.typed ? `Type ${f.code(`watch ${p.id}`)}` : `Click ${f.strong('Watch')}`;
    const approve = f.typed ? `type ${f.code(`approve ${p.id}`)}` : `click ${f.strong('Approve')}`;
    if (p.watch) return `${watch} ${told}${p.approve ? `, or ${approve} to approve it now` : ''}.`;
    return p.approve ? `You may approve it: ${approve}.` : '';
  },
  'ui.collision.changed': (p, f) =>
    `Request ${f.code(p.id)} changed since this answer, so nothing was done; it is now ${f.msg(p.story)}.`,
  'ui.collision.approved': (p, f) => `You approved request ${f.code(p.id)}: ${f.msg(p.story)}.`,
  'ui.watch.started': (p, f) =>
    `You watch request ${f.code(p.id)} (${f.msg(p.story)}): you will be told of its decision and its final state.`,
  'ui.watch.already': (p, f) => `You already watch request ${f.code(p.id)}.`,
};
