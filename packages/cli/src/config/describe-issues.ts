import type { z } from 'zod';

function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function keyPath(prefix: string, path: readonly PropertyKey[]): string {
  const parts = path.map((part) => String(part));
  return [prefix, ...parts].filter((part) => part !== '').join('.') || '(top level)';
}

/**
 * Turns zod issues into lines that name the key, the value found and what was expected, such as
 * `store: got "mysql://x", expected a store URL: sqlite:<path> or postgres://user@host:port/db`.
 * Parse with `reportInput: true` so the values are known.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const where = keyPath(prefix, issue.path);
    const got = showValue((issue as { input?: unknown }).input);
    switch (issue.code) {
      case 'unrecognized_keys':
        return `${where}: unknown key(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}: remove them or check their spelling`;
      case 'invalid_type':
        return `${where}: got ${got}, expected ${issue.expected}`;
      case 'invalid_value':
        return `${where}: got ${got}, expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
      default:
        return `${where}: got ${got}, expected ${issue.message}`;
    }
  });
}
