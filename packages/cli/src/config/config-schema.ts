import { z } from 'zod';

/** The profiles a config can hold sections for. */
export const PROFILES = ['development', 'testing', 'production'] as const;

/** A profile name. */
export type ProfileName = (typeof PROFILES)[number];

const storeUrl = z.string().regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
  message: 'a store URL: sqlite:<path> or postgres://user@host:port/db',
});

const busUrl = z.string().regex(/^(inprocess|nats:\/\/.+|redis(s)?:\/\/.+)$/, {
  message: 'a bus: inprocess, nats://host:port or redis://host:port',
});

const settingsShape = {
  /** Where events live: `sqlite:<path>` (relative to the project) or `postgres://…`. */
  store: storeUrl.optional(),
  /** Schema of the PostgreSQL store's tables. */
  postgresSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'a schema name: a-z, 0-9, _ (1-63 chars)' })
    .optional(),
  /** How steps reach workers: `inprocess`, `nats://…` or `redis://…`. */
  bus: busUrl.optional(),
  /**
   * Names the bus's NATS stream (`streamPrefix`) or Redis keys (`keyPrefix`): every process of one
   * application uses the same prefix; separate applications (or tests) on one server use their own.
   */
  busPrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,48}$/, { message: 'a bus prefix: A-Z, a-z, 0-9, _, - (1-48 chars)' })
    .optional(),
  /** Directory of the embedded store and job data, relative to the project. */
  dataDir: z.string().min(1, { message: 'a directory path' }).optional(),
  /** A model id for jobs that use one, such as `openai:gpt-4o-mini`. */
  model: z.string().min(1, { message: 'a model id such as openai:gpt-4o-mini' }).optional(),
  /**
   * Names of environment variables whose values never reach the event log, in addition to the
   * model providers' API keys (see `DEFAULT_SECRET_ENV`).
   */
  secretEnv: z
    .array(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
        message: 'an environment variable name such as GITHUB_TOKEN',
      }),
    )
    .optional(),
  /** Worker settings. */
  worker: z
    .strictObject({
      concurrency: z.int().min(1, { message: 'an integer >= 1' }).optional(),
      leaseMs: z.int().min(100, { message: 'an integer >= 100 (ms)' }).optional(),
    })
    .optional(),
};

/** One layer of settings: the base of the file, or a profile section. */
export const settingsSchema = z.strictObject(settingsShape);

/** The schema of `agenticflow.config.{ts,json}`. */
export const configFileSchema = z.strictObject({
  ...settingsShape,
  $schema: z.string().optional(),
  /** The project name (set by `init`). */
  name: z.string().min(1, { message: 'a non-empty name' }).optional(),
  /** The profile used when neither `--profile` nor `AGENTICFLOW_PROFILE` is given. */
  profile: z.enum(PROFILES).optional(),
  /** Sections that override the base settings when their profile is selected. */
  profiles: z
    .strictObject({
      development: settingsSchema.optional(),
      testing: settingsSchema.optional(),
      production: settingsSchema.optional(),
    })
    .optional(),
});

/** The settings of one layer, as written in a config file. */
export type Settings = z.infer<typeof settingsSchema>;

/** What an `agenticflow.config.{ts,json}` holds. */
export type AgenticFlowConfig = z.input<typeof configFileSchema>;

/**
 * Types a config file written in TypeScript (`agenticflow.config.ts`).
 *
 * @example
 * ```ts
 * import { defineConfig } from '@agenticflow/cli';
 * export default defineConfig({ store: 'sqlite:.agenticflow/events.db', profiles: { production: { store: process.env.DATABASE_URL } } });
 * ```
 */
export function defineConfig(config: AgenticFlowConfig): AgenticFlowConfig {
  return config;
}
