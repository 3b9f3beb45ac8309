/**
 * The targets/policies/alerts file (docs/SPEC.md §3). Each target is checked by its provider's own
 * schema, chosen by its `provider` key; policies and alerts are checked here.
 */
import { z } from 'zod';
import type { AlertRule } from '../core/model/alert.ts';
import { APPROVAL_MODES, TIMEOUT_ACTIONS, type Policy } from '../core/model/policy.ts';
import { parseDurationMs } from '../lib/duration.ts';

const duration = (fallback: string) =>
  z
    .string()
    .refine((s) => (parseDurationMs(s) ?? 0) > 0, 'must be a duration such as 30m or 1h')
    .default(fallback)
    .transform((s) => parseDurationMs(s) as number);

/** A positive duration (`15m`, `1h`), in milliseconds. */
const someDuration = z
  .string()
  .refine((s) => (parseDurationMs(s) ?? 0) > 0, 'must be a duration such as 30m or 1h')
  .transform((s) => parseDurationMs(s) as number);

/** A request waits this long for a decision unless its policy says otherwise. */
const DEFAULT_EXPIRY_MS = 30 * 60_000;
/** At most this many reminders unless `remindTimes` says otherwise. */
const DEFAULT_REMIND_TIMES = 3;

/** A Slack user id (U…/W…) or a user group handle (@data-oncall). */
const principal = z
  .string()
  .regex(/^(?:[UW][A-Z0-9]{2,}|@[a-z0-9][a-z0-9._-]*)$/i, 'must be a user id like U012ABC or a group handle like @sre');
/**
 * A channel id (C…/G…) or a `#name` that may end in `*`; `#*` alone is any named channel (never a
 * DM, which has no name: src/slack/channels.ts).
 */
const channelRef = z
  .string()
  .regex(/^(?:[CG][A-Z0-9]{2,}|#[a-z0-9_-]+\*?|#\*)$/i, 'must be a channel id like C0123 or a name like #inc-*');

function isRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

export const policySchema = z
  .object({
    approval: z.enum(APPROVAL_MODES).default('peer'),
    approvers: z.array(principal).optional(),
    minApprovals: z.number().int().min(1).max(10).default(1),
    requesters: z.array(principal).optional(),
    channels: z.array(channelRef).optional(),
    maxJobsPerRequest: z.number().int().min(1).optional(),
    cooldown: z
      .object({ reruns: z.number().int().min(1), per: duration('1h') })
      .strict()
      .optional(),
    // Kept optional here, and defaulted below: `onTimeout: approve` needs it written in the policy itself.
    expiresAfter: someDuration.optional(),
    // How long after acceptance the bot follows a rerun to its final state before it stops watching
    // (absent: the bot's default, 24 h).
    followFor: someDuration.optional(),
    remind: someDuration.optional(),
    remindTimes: z.number().int().min(1).max(20).optional(),
    escalate: z
      .object({ after: someDuration, to: z.array(principal).min(1, 'name at least one user id or group handle') })
      .strict()
      .optional(),
    // Issue 19 item 3: the requester may approve their own request under peer or group, through the
    // break-glass form (a reason and a second confirmation), announced and marked for review.
    breakGlass: z.boolean().optional(),
    // Issue 19 item 4: a reason is required (`reason=`, the form's Reason field); with a pattern, it
    // must match it (an incident reference such as `^INC-\d+`).
    requireReason: z.boolean().optional(),
    reasonPattern: z.string().min(1).refine(isRegex, 'must be a valid regular expression').optional(),
    onTimeout: z.enum(TIMEOUT_ACTIONS).default('expire'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.breakGlass && p.approval === 'confirm') {
      ctx.addIssue({
        code: 'custom',
        path: ['breakGlass'],
        message: 'only applies when approval is peer or group (under confirm the requester approves anyway)',
      });
    }
    const expiresAfter = p.expiresAfter ?? DEFAULT_EXPIRY_MS;
    if (p.onTimeout === 'approve' && p.expiresAfter === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['onTimeout'],
        message:
          'approve needs expiresAfter written in this same policy, so nobody gets approval at timeout by accident',
      });
    }
    if (p.remindTimes !== undefined && p.remind === undefined) {
      ctx.addIssue({ code: 'custom', path: ['remindTimes'], message: 'only applies with remind' });
    }
    if (p.remind !== undefined && p.remind >= expiresAfter) {
      ctx.addIssue({
        code: 'custom',
        path: ['remind'],
        message: 'must be shorter than expiresAfter, or no reminder comes',
      });
    }
    if (p.escalate && p.escalate.after >= expiresAfter) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalate', 'after'],
        message: 'must be shorter than expiresAfter, or the escalation never comes',
      });
    }
    if (p.approval === 'group' && !p.approvers?.length) {
      ctx.addIssue({ code: 'custom', path: ['approvers'], message: 'required when approval is group' });
    }
    if (p.approval !== 'group' && p.minApprovals > 1) {
      ctx.addIssue({ code: 'custom', path: ['minApprovals'], message: 'only applies when approval is group' });
    }
  })
  .transform(({ expiresAfter, remindTimes, ...p }) => ({
    ...p,
    expiresAfter: expiresAfter ?? DEFAULT_EXPIRY_MS,
    remindTimes: remindTimes ?? DEFAULT_REMIND_TIMES,
  }));

// The file's policy is the core's Policy: a change to either that breaks the other fails the typecheck.
type ParsedPolicy = z.infer<typeof policySchema>;
const _sameShape: (p: ParsedPolicy) => Policy = (p) => p;
void _sameShape;

export const alertSchema = z
  .object({
    channel: channelRef,
    match: z.string().min(1).refine(isRegex, 'must be a valid regular expression'),
    target: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict();

// The file's alert rule is the core's AlertRule: a change to either that breaks the other fails the typecheck.
type ParsedAlertRule = z.infer<typeof alertSchema>;
const _sameAlert: (a: ParsedAlertRule) => AlertRule = (a) => a;
void _sameAlert;

export const TARGET_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const fileSchema = z
  .object({
    targets: z.record(z.string(), z.record(z.string(), z.unknown())),
    policies: z.record(z.string(), z.unknown()).default({}),
    alerts: z.array(z.unknown()).default([]),
  })
  .strict();
