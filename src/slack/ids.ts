/** Every action_id, block_id prefix and callback_id the bot uses, in one place. */
export const COMMAND = '/rerun';

export const ACTION = {
  approve: 'rerun_approve',
  reject: 'rerun_reject',
  cancel: 'rerun_cancel',
  askAgain: 'rerun_ask_again',
  targetSelect: 'rerun_target_select',
  fieldValue: 'v',
  pick: 'rerun_pick',
  /** The Rerun… button of an alert's thread reply. */
  alertRerun: 'rerun_alert',
  /** A digest's multi-select of jobs, and its Rerun selected… button. */
  digestPick: 'rerun_digest_pick',
  digestRerun: 'rerun_digest',
  /** "Rerun the N remaining…" on an approval message whose rerun was partly refused. */
  remainder: 'rerun_remainder',
  /** Break glass… on a pending request whose policy allows it, and Review after a break-glass approval. */
  breakGlass: 'rerun_break_glass',
  review: 'rerun_review',
  /** Approve and Reject on the App Home's "Waiting for you" (a sealed value, listeners/actions/home-decision.ts). */
  homeApprove: 'rerun_home_approve',
  homeReject: 'rerun_home_reject',
  /** The break-glass form's confirmation checkbox. */
  glassConfirm: 'rerun_glass_confirm',
  /** Watch and Approve on the answer to an ask that collided with an open request (sealed values). */
  collisionWatch: 'rerun_collision_watch',
  collisionApprove: 'rerun_collision_approve',
} as const;

export const VIEW = {
  form: 'rerun_form',
  /** A form replaced by a sentence (blocks/form.ts noticeView): it has no submit. */
  notice: 'rerun_notice',
  /** The break-glass form: a reason and a confirmation (listeners/views/glass-form.ts). */
  glass: 'rerun_glass',
} as const;

export const BLOCK = {
  target: 'target',
  /** Each provider field is an input block `f:<key>`. */
  field: (key: string) => `f:${key}`,
  fieldKey: (blockId: string) => (blockId.startsWith('f:') ? blockId.slice(2) : undefined),
  /**
   * The first block of every post of a request (core/model/post.ts): how a look after a lost
   * answer, or a click, recognises the message as that post.
   */
  post: (p: { request: string; kind: string; key: string }) => `post:${p.request}:${p.kind}:${p.key}`,
  /** The approval message's Approve / Reject / Cancel: names its request. */
  decide: (id: string) => `decide:${id}`,
  /** The first block of a queued reply: how a replica that took over finds it already posted. */
  reply: (id: string) => `reply:${id}`,
  /** The request's reason, in the rerun form and the break-glass form. */
  reason: 'reason',
  glassConfirm: 'glass_confirm',
  /** The App Home's Approve / Reject of one waiting request. */
  home: (id: string) => `home:${id}`,
  /** A digest's per-target actions block. */
  digest: (n: number) => `digest:${n}`,
} as const;
