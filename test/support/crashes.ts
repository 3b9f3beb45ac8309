/**
 * Records every unhandled rejection and uncaught exception of this test process while a test
 * runs, so a test can assert there were none (vitest would report them, but after the test).
 */
export interface CrashWatch {
  readonly seen: string[];
  stop(): void;
}

export function watchCrashes(): CrashWatch {
  const seen: string[] = [];
  const onRejection = (err: unknown) => seen.push(`unhandled rejection: ${String(err)}`);
  const onException = (err: unknown) => seen.push(`uncaught exception: ${String(err)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    seen,
    stop() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
