/**
 * Round robin by party among the calls of one queue (one priority of one allowance): each person
 * gets a turn per round, so one person's twenty previews do not hold up ninety-nine others' one.
 *
 * A call joins the round being served, or the round after its party's latest call, whichever is
 * later; calls are served by round, then in call order. So a person's first call waits behind
 * the calls of the current round only, their second behind one call of each other person, and so
 * on. A call without a party (a follow-up poll, a read shared by several previews) is a party of
 * its own: calls without one keep their call order among themselves.
 */
export class FairRounds {
  /** The round being served: the latest round a call was served from. */
  private round = 0;
  /** Each party's latest round given, while it is not behind the round being served. */
  private readonly last = new Map<string, number>();

  /** The round a new call of `party` joins. */
  join(party: string | undefined): number {
    if (party === undefined) return this.round;
    const r = Math.max(this.round, (this.last.get(party) ?? -Infinity) + 1);
    this.last.set(party, r);
    return r;
  }

  /** How many rounds after the one being served `round` comes (0: this one). */
  lag(round: number): number {
    return round - this.round;
  }

  /** A call of `round` was served: the rounds before it are over. */
  served(round: number): void {
    if (round <= this.round) return;
    this.round = round;
    for (const [party, r] of this.last) if (r < round) this.last.delete(party);
  }
}
