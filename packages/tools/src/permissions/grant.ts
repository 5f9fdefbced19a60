import { ValidationError } from '@agenticflow/core';
import { globToRegExp } from './glob.js';

/** A parsed permission: `domain:action[:resource]`, such as `fs:read:/workspace/**`. */
export interface ParsedGrant {
  readonly text: string;
  readonly domain: string;
  readonly action: string;
  /** The resource part, `''` when absent. */
  readonly resource: string;
}

const NAME = /^(?:\*|[a-z][a-z0-9_-]*)$/;
const MAX_GRANT_LENGTH = 1024;

/**
 * Parses `domain:action[:resource]`. Domain and action are lower-case words or `*`; the resource is
 * everything after the second colon (it may hold more colons). Throws `VALIDATION_FAILED` when
 * malformed.
 */
export function parseGrant(text: string, what = 'grant'): ParsedGrant {
  const problem = grantProblem(text);
  if (problem) throw new ValidationError(`invalid ${what}`, [{ path: [], message: problem }]);
  const first = text.indexOf(':');
  const second = text.indexOf(':', first + 1);
  return {
    text,
    domain: text.slice(0, first),
    action: second === -1 ? text.slice(first + 1) : text.slice(first + 1, second),
    resource: second === -1 ? '' : text.slice(second + 1),
  };
}

function grantProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `${String(text)} is not a string`;
  if (text.length === 0 || text.length > MAX_GRANT_LENGTH)
    return `${JSON.stringify(text.slice(0, 80))} must have 1 to ${MAX_GRANT_LENGTH} characters`;
  if (text.includes('\u0000')) return `${JSON.stringify(text)} contains a NUL character`;
  const parts = text.split(':');
  if (parts.length < 2 || !NAME.test(parts[0]!) || !NAME.test(parts[1]!)) {
    return `${JSON.stringify(text)} must look like "domain:action" or "domain:action:resource", such as "fs:read:/workspace/**" or "sql:read"`;
  }
  return undefined;
}

/** Resources whose segments are separated by dots (host names) rather than slashes. */
const DOT_SEPARATED_DOMAINS = new Set(['net']);

/** A compiled grant that tests required permissions. */
export class CompiledGrant {
  private readonly pattern: RegExp;

  constructor(readonly grant: ParsedGrant) {
    const dots = DOT_SEPARATED_DOMAINS.has(grant.domain);
    this.pattern = globToRegExp(grant.resource, dots ? '.' : '/', dots);
  }

  /** True when this grant covers `required` (a concrete permission, matched literally). */
  covers(required: ParsedGrant): boolean {
    const { domain, action } = this.grant;
    if (domain !== '*' && domain !== required.domain) return false;
    if (action !== '*' && action !== required.action) return false;
    return this.pattern.test(required.resource);
  }
}
