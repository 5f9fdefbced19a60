export {
  type AgenticFlowConfig,
  defineConfig,
  PROFILES,
  type ProfileName,
  type Settings,
} from './config/config-schema.js';
export { type ConfigOverrides, findConfigFile, loadConfig } from './config/load-config.js';
export type {
  BusSetting,
  ResolvedConfig,
  SettingSource,
  StoreSetting,
} from './config/resolved-config.js';
export {
  type CustomJobSpec,
  defineJob,
  type GateDecision,
  type JobContext,
  type JobDefinition,
  type JobRuntime,
  type WorkflowsJobSpec,
  type WorkflowsJobStartContext,
} from './jobs/define-job.js';
export { ExitCodes, UsageError } from './usage-error.js';
