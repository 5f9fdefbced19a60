import type { ProfileName } from './config-schema.js';

/** Where the events live. */
export type StoreSetting =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/** How steps reach workers. */
export type BusSetting =
  | { readonly kind: 'inprocess' }
  | { readonly kind: 'nats'; readonly url: string; readonly prefix?: string }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix?: string };

/** Where a setting's value came from. */
export type SettingSource =
  | 'default'
  | 'config file'
  | `profile ${ProfileName}`
  | `env ${string}`
  | `flag ${string}`;

/** The effective configuration of a command: defaults, file, profile, environment and flags applied. */
export interface ResolvedConfig {
  /** The directory relative paths are resolved against: the config file's, or the working directory. */
  readonly projectDir: string;
  /** The config file used, if one was found. */
  readonly configFile?: string;
  readonly name?: string;
  readonly profile: ProfileName;
  readonly store: StoreSetting;
  readonly bus: BusSetting;
  readonly dataDir: string;
  readonly model?: string;
  readonly worker: { readonly concurrency?: number; readonly leaseMs?: number };
  /** The variables whose values are redacted from the event log: the defaults and `secretEnv`. */
  readonly secretEnv: readonly string[];
  /** Their values that are set (4 characters or more): what the store redacts. */
  readonly secrets: readonly string[];
  /** Where each of `store`, `bus`, `dataDir`, `model`, `profile` came from. */
  readonly sources: Readonly<Record<string, SettingSource>>;
}

/** Hides the password of a URL: `postgres://ada:secret@db/x` becomes `postgres://ada:***@db/x`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/** The config as shown by `config show`: secrets redacted. */
export function redactedConfig(config: ResolvedConfig): Record<string, unknown> {
  const store =
    config.store.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.store.path }
      : { ...config.store, url: redactUrl(config.store.url) };
  const bus =
    config.bus.kind === 'inprocess'
      ? config.bus
      : { ...config.bus, url: redactUrl(config.bus.url) };
  return {
    projectDir: config.projectDir,
    configFile: config.configFile ?? null,
    name: config.name ?? null,
    profile: config.profile,
    store,
    bus,
    dataDir: config.dataDir,
    model: config.model ?? null,
    worker: config.worker,
    secretEnv: config.secretEnv,
    sources: config.sources,
  };
}
