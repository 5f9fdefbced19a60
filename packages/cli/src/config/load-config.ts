import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import type { z } from 'zod';
import { UsageError } from '../usage-error.js';
import {
  configFileSchema,
  PROFILES,
  type ProfileName,
  type Settings,
  settingsSchema,
} from './config-schema.js';
import { describeIssues } from './describe-issues.js';
import { importModule } from './import-module.js';
import type { BusSetting, ResolvedConfig, SettingSource, StoreSetting } from './resolved-config.js';

/** The file names searched for, in this order, from the working directory upwards. */
export const CONFIG_FILE_NAMES = [
  'agenticflow.config.ts',
  'agenticflow.config.mts',
  'agenticflow.config.js',
  'agenticflow.config.mjs',
  'agenticflow.config.json',
] as const;

/** What a command line says about configuration (global flags). */
export interface ConfigOverrides {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly config?: string;
  readonly profile?: string;
  readonly store?: string;
  readonly bus?: string;
}

/** Finds the nearest config file from `dir` upwards. */
export function findConfigFile(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(current) === current) return undefined;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  if (extname(file) === '.json') {
    const text = readFileSync(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UsageError(
        `${file} is not valid JSON (${(error as Error).message}): fix the file`,
        {
          code: 'INVALID_CONFIGURATION',
        },
      );
    }
  }
  const module = await importModule(file).catch((error: unknown) => {
    throw new UsageError(`${file} could not be loaded: ${(error as Error).message}`, {
      code: 'INVALID_CONFIGURATION',
      cause: error,
    });
  });
  return module.default;
}

function check<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const lines = describeIssues(parsed.error.issues);
  throw new UsageError(`invalid configuration in ${where}:\n  ${lines.join('\n  ')}`, {
    code: 'INVALID_CONFIGURATION',
    details: { issues: lines },
  });
}

function parseProfile(value: string, where: string): ProfileName {
  if ((PROFILES as readonly string[]).includes(value)) return value as ProfileName;
  throw new UsageError(
    `${where}: got ${JSON.stringify(value)}, expected one of ${PROFILES.join(', ')}`,
    {
      code: 'INVALID_CONFIGURATION',
    },
  );
}

function toStore(url: string, projectDir: string, schema: string | undefined): StoreSetting {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(projectDir, path) };
  }
  return { kind: 'postgres', url, ...(schema ? { schema } : {}) };
}

function toBus(url: string, prefix: string | undefined): BusSetting {
  if (url === 'inprocess') return { kind: 'inprocess' };
  return { kind: url.startsWith('nats://') ? 'nats' : 'redis', url, ...(prefix ? { prefix } : {}) };
}

/** Environment variables always kept out of the event log: the model providers' API keys. */
export const DEFAULT_SECRET_ENV = [
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'GOOGLE_GENERATIVE_AI_API_KEY',
  'OPENAI_COMPATIBLE_API_KEY',
] as const;

/** Shorter values would mask ordinary text; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;

function secretSettings(
  configured: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { secretEnv: string[]; secrets: string[] } {
  const secretEnv = [...new Set([...DEFAULT_SECRET_ENV, ...configured])];
  const secrets = secretEnv
    .map((name) => env[name])
    .filter((value): value is string => value !== undefined && value.length >= MIN_SECRET_LENGTH);
  return { secretEnv, secrets: [...new Set(secrets)] };
}

/**
 * Resolves the effective configuration: defaults, then the config file's base settings, then the
 * selected profile's section, then `AGENTICFLOW_*` variables, then flags. Every layer is checked;
 * a bad value throws a {@link UsageError} naming the key, the value and what is expected.
 */
export async function loadConfig(overrides: ConfigOverrides): Promise<ResolvedConfig> {
  const { env } = overrides;
  const configFile = overrides.config
    ? resolve(overrides.cwd, overrides.config)
    : findConfigFile(overrides.cwd);
  if (overrides.config && configFile && !existsSync(configFile))
    throw new UsageError(
      `--config ${overrides.config}: no such file (${configFile}): check the path`,
    );
  const file = configFile
    ? check(configFileSchema, await readConfigFile(configFile), configFile)
    : undefined;
  const projectDir = configFile ? dirname(configFile) : resolve(overrides.cwd);

  const sources: Record<string, SettingSource> = {};
  let profile: ProfileName = 'development';
  sources.profile = 'default';
  if (file?.profile) [profile, sources.profile] = [file.profile, 'config file'];
  if (env.AGENTICFLOW_PROFILE)
    [profile, sources.profile] = [
      parseProfile(env.AGENTICFLOW_PROFILE, 'AGENTICFLOW_PROFILE'),
      'env AGENTICFLOW_PROFILE',
    ];
  if (overrides.profile)
    [profile, sources.profile] = [parseProfile(overrides.profile, '--profile'), 'flag --profile'];

  const merged: Record<string, unknown> = {};
  const layer = (settings: Settings | undefined, source: SettingSource) => {
    for (const [key, value] of Object.entries(settings ?? {})) {
      if (value === undefined) continue;
      merged[key] =
        key === 'worker' ? { ...(merged.worker as object), ...(value as object) } : value;
      sources[key] = source;
    }
  };
  if (file) {
    const { profiles, profile: _profile, name: _name, $schema: _schema, ...base } = file;
    layer(base, 'config file');
    layer(profiles?.[profile], `profile ${profile}`);
  }
  const fromEnv: Array<[keyof Settings, string]> = [
    ['store', 'AGENTICFLOW_STORE'],
    ['bus', 'AGENTICFLOW_BUS'],
    ['busPrefix', 'AGENTICFLOW_BUS_PREFIX'],
    ['dataDir', 'AGENTICFLOW_DATA_DIR'],
    ['model', 'AGENTICFLOW_MODEL'],
  ];
  for (const [key, variable] of fromEnv) {
    const value = env[variable];
    if (value)
      layer(
        check(settingsSchema, { [key]: value }, `environment variable ${variable}`),
        `env ${variable}`,
      );
  }
  if (overrides.store)
    layer(check(settingsSchema, { store: overrides.store }, 'flag --store'), 'flag --store');
  if (overrides.bus)
    layer(check(settingsSchema, { bus: overrides.bus }, 'flag --bus'), 'flag --bus');

  const settings = merged as Settings;
  const dataDir = resolve(projectDir, settings.dataDir ?? '.agenticflow');
  sources.dataDir ??= 'default';
  sources.store ??= 'default';
  sources.bus ??= 'default';
  return {
    projectDir,
    ...(configFile ? { configFile } : {}),
    ...(file?.name ? { name: file.name } : {}),
    profile,
    store: settings.store
      ? toStore(settings.store, projectDir, settings.postgresSchema)
      : { kind: 'sqlite', path: join(dataDir, 'events.db') },
    bus: toBus(settings.bus ?? 'inprocess', settings.busPrefix),
    dataDir,
    ...(settings.model ? { model: settings.model } : {}),
    worker: settings.worker ?? {},
    ...secretSettings(settings.secretEnv ?? [], env),
    sources,
  };
}
