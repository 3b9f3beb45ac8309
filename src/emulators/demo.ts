/**
 * What a provider folder contributes to the demo (docs/SPEC.md §3, the console paragraph): the
 * id of its example target, and a way to start its emulator on 127.0.0.1, seeded with the
 * vendor documents' examples. The local console points targets without credentials at it;
 * the tests run the same seeds. Nothing here names a provider.
 */

export interface ProviderDemo {
  /** The target id the demo configuration uses, e.g. batch-gz. */
  targetId: string;
  /** Starts this provider's emulator on 127.0.0.1 (port 0), seeded with the documented examples. */
  start(): Promise<RunningDemo>;
}

export interface RunningDemo {
  /** Base URL of the emulator, e.g. http://127.0.0.1:41234. */
  url: string;
  /**
   * The target's entry under `targets:` (a YAML-shaped plain object, as a user would write it),
   * pointing at `url`, with the emulator's obviously fake credentials.
   */
  target: Record<string, unknown>;
  /** The auth block only, so a configured target with no credentials can be pointed at the emulator. */
  auth: Record<string, unknown>;
  /**
   * How many rerun calls the emulator has accepted so far, each with a verified signature. The
   * state is live: an accepted rerun changes the seeded jobs the way the provider would.
   */
  rerunCalls(): number;
  close(): Promise<void>;
}
