/**
 * Why a replica is not ready to take work, for /readyz: a small set of named conditions, each
 * owned by the part that knows it. A condition is either held (the Slack link holds `slack` until
 * the bot token was verified once) or probed when asked (the store answers a ping). Ready means no
 * condition says otherwise; not ready says every reason at once, so an operator reads all of them.
 */
type ReadinessProbe = () => Promise<string | undefined>;

export class Readiness {
  private readonly held = new Map<string, string>();
  private readonly probes = new Map<string, ReadinessProbe>();

  /** `name` is not ready because of `why` until released (holding it again replaces the reason). */
  hold(name: string, why: string): void {
    this.held.set(name, why);
  }

  release(name: string): void {
    this.held.delete(name);
  }

  /** `check` is asked at each /readyz: undefined when fine, else why not. A probe that throws says so. */
  probe(name: string, check: ReadinessProbe): void {
    this.probes.set(name, check);
  }

  /** The reasons by name, in the order the conditions were first declared; empty when ready. */
  async reasons(): Promise<{ name: string; why: string }[]> {
    const probed = await Promise.all(
      [...this.probes].map(async ([name, check]) => {
        try {
          return { name, why: await check() };
        } catch (err) {
          return { name, why: (err as Error).message ?? String(err) };
        }
      }),
    );
    return [
      ...[...this.held].map(([name, why]) => ({ name, why })),
      ...probed.filter((r): r is { name: string; why: string } => r.why !== undefined),
    ];
  }

  /** undefined when ready, else one line: `name: why; name: why`. */
  async why(): Promise<string | undefined> {
    const all = await this.reasons();
    return all.length ? all.map((r) => `${r.name}: ${r.why}`).join('; ') : undefined;
  }
}
