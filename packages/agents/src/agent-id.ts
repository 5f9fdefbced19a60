import { describeValue, ValidationError, type ValidationIssue } from '@agenticflow/core';

// One rule for agent ids everywhere: an id must fit a stream id (`agent-<id>`), a bus topic token
// and, hashed when needed, a bus group name.
const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9_:-]{0,127}$/;

/** Pushes an issue at `path` unless `value` can name an agent. */
export function checkAgentId(
  value: unknown,
  path: ReadonlyArray<string | number>,
  issues: ValidationIssue[],
): void {
  if (typeof value === 'string' && AGENT_ID.test(value)) return;
  issues.push({
    path,
    message: `${describeValue(value)} is not an agent id: use 1 to 128 letters, digits, "_", "-" or ":", starting with a letter or digit, such as "translator-1"`,
  });
}

/**
 * Throws `VALIDATION_FAILED` unless `agentId` can name an agent: 1 to 128 letters, digits, `_`,
 * `-` and `:`, starting with a letter or digit.
 */
export function assertAgentId(
  agentId: unknown,
  what: string,
  path: ReadonlyArray<string | number> = ['agentId'],
): asserts agentId is string {
  const issues: ValidationIssue[] = [];
  checkAgentId(agentId, path, issues);
  if (issues.length > 0) throw new ValidationError(`invalid agent id for ${what}`, issues);
}
