// The public API of @agenticflow/agents, one barrel per area.
export * from './interaction/index.js';
export * from './llm/index.js';
export * from './memory/index.js';
export * from './models/index.js';
export * from './registry/index.js';
export * from './runtime/index.js';
export * from './supervisor/index.js';
