/**
 * How a front end tells a person that their answer waits its turn: once, with how many calls are
 * ahead (what the core reports through `queued`, a number), when the answer has not come within
 * the front end's patience and it still waits behind others; and before the answer, never after
 * it. A wait shorter than the patience, or one behind nobody, is not worth a message.
 */
export const QUEUE_NOTICE_AFTER_MS = 1_000;

/** Waits `ms` on a timer that keeps no process alive. */
const unrefWait = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export class QueueNotice {
  private ahead = 0;
  /** The patience has passed: the next wait behind others is told at once. */
  private patient = false;
  private waiting = false;
  /** The notice being said (or said): the answer waits for it. */
  private said: Promise<void> | undefined;
  private over = false;

  /**
   * `say` tells the person (and deals with its own failures); `afterMs`: the patience (0: tell as
   * soon as the answer waits behind another call); `wait`: the timer (tests inject theirs).
   */
  constructor(
    private readonly say: (ahead: number) => Promise<void>,
    private readonly afterMs: number = QUEUE_NOTICE_AFTER_MS,
    private readonly wait: (ms: number) => Promise<void> = unrefWait,
  ) {}

  /** What the core reports: how many calls wait ahead of the answer's (0: none now). */
  readonly queued = (ahead: number): void => {
    if (this.over || this.said) return;
    this.ahead = ahead;
    if (ahead <= 0) return;
    if (this.patient || this.afterMs <= 0) this.tell();
    else if (!this.waiting) {
      this.waiting = true;
      void this.wait(this.afterMs).then(() => {
        this.patient = true;
        this.tell();
      });
    }
  };

  private tell(): void {
    if (this.over || this.said || this.ahead <= 0) return;
    this.said = this.say(this.ahead);
  }

  /** The answer is here: nothing more is told; resolves once a notice already on its way is said. */
  async done(): Promise<void> {
    this.over = true;
    await this.said;
  }
}
