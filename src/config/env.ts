/** The environment variables of docs/SPEC.md §3, read once by main.ts and checked with zod. */
import { z } from 'zod';
import { plainErrors, toProblems } from '../lib/zod-issues.ts';
import { ConfigError } from './load.ts';

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xox[bp]-/, 'must be a bot token (xoxb-…)')
      .optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must be an app-level token (xapp-…)')
      .optional(),
    SLACK_API_URL: z.url().optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    RERUN_CONFIG: z.string().min(1).default('./rerun.yml'),
    /**
     * Reload the config when its file changes (config/watch.ts), for deployments that cannot send
     * SIGHUP: a mounted Kubernetes ConfigMap is updated in place without any signal.
     */
    RERUN_CONFIG_WATCH: z
      .enum(['0', '1', 'true', 'false'], 'must be 1 or 0')
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    RERUN_DATA_DIR: z.string().min(1).default('./data'),
    /** How long a replica's hold on work lasts unrenewed: the longest a dead replica's work waits. */
    RERUN_LEASE_MS: z.coerce.number().int().min(300).max(600_000).default(30_000),
    /** How often a replica looks for due work (expiry, message repair, recovery). */
    RERUN_SWEEP_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** The console's demo configuration, even where a config file is present. */
    RERUN_DEMO: z
      .enum(['0', '1', 'true', 'false'], 'must be 1 or 0')
      .default('0')
      .transform((v) => v === '1' || v === 'true'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    if (env.SLACK_BOT_TOKEN && env.RERUN_DEMO) {
      ctx.addIssue({
        code: 'custom',
        path: ['RERUN_DEMO'],
        message: 'the demo runs on the console: unset it, or unset SLACK_BOT_TOKEN',
      });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'required with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export function readEnv(env: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const r = envSchema.safeParse(cleaned, { error: plainErrors });
  if (!r.success) throw new ConfigError('environment', toProblems(r.error));
  return r.data;
}
