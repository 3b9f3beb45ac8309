/**
 * Reading the config file again while the bot runs (SIGHUP, or the watcher in watch.ts). A valid
 * file is returned for the caller to put in force; an invalid one is refused with every problem
 * logged, one line each with its path, as at start-up, and the config in force stays so: a typo
 * in a live edit must not stop a bot that on-call engineers are relying on.
 */
import type { Logger } from '../lib/ports.ts';
import type { AnyProvider } from '../providers/types.ts';
import { ConfigError, loadConfig, type Config, type ParseOptions } from './load.ts';

interface ReloadSource {
  file: string;
  /** The variables `${NAME}` reads: the process's own, as at start-up. */
  env: Record<string, string | undefined>;
  providers: readonly AnyProvider[];
  options?: ParseOptions;
}

/**
 * The file read and checked again; undefined when it is refused (each problem logged). Secret
 * values under `auth` are registered for redaction as it is read (load.ts), and the ones of the
 * config before stay registered: calls under way may still carry them.
 */
export function reloadConfig(source: ReloadSource, logger: Logger, reason: string): Config | undefined {
  const log = logger.child({ file: source.file, reason });
  try {
    return loadConfig(source.file, source.env, source.providers, source.options);
  } catch (err) {
    const problems =
      err instanceof ConfigError ? err.problems : [{ path: '', message: (err as Error).message ?? String(err) }];
    for (const p of problems)
      log.error({ path: p.path, problem: p.message }, `config reload refused: ${p.path || '(file)'}: ${p.message}`);
    log.warn(
      { problems: problems.length },
      `config reload refused (${problems.length} problem${problems.length === 1 ? '' : 's'}); the config in force is kept`,
    );
    return undefined;
  }
}
