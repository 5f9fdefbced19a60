import { CompiledGrant, type ParsedGrant, parseGrant } from './grant.js';

const compiled = new Map<string, CompiledGrant>();
const MAX_CACHED = 10_000;

function compile(text: string): CompiledGrant {
  let grant = compiled.get(text);
  if (!grant) {
    grant = new CompiledGrant(parseGrant(text));
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(text, grant);
  }
  return grant;
}

/**
 * A caller's grants. Deny by default: a required permission is allowed only when some grant covers
 * it. Grants are globs over the resource (`fs:read:/workspace/**`, `net:fetch:*.example.com`);
 * required permissions are concrete and matched literally, so a `*` in a path asked for by a model
 * is just a character.
 *
 * @example
 * ```ts
 * const grants = new PermissionSet(['fs:read:/workspace/**', 'sql:read']);
 * grants.allows('fs:read:/workspace/notes/a.md'); // true
 * grants.missing(['fs:write:/workspace/a.md', 'sql:read']); // ['fs:write:/workspace/a.md']
 * ```
 */
export class PermissionSet {
  private readonly grants: readonly CompiledGrant[];

  /** Throws `VALIDATION_FAILED` when a grant is malformed. */
  constructor(grants: readonly string[]) {
    this.grants = grants.map(compile);
  }

  /** True when a grant covers `required`. Throws `VALIDATION_FAILED` when `required` is malformed. */
  allows(required: string | ParsedGrant): boolean {
    const parsed =
      typeof required === 'string' ? parseGrant(required, 'required permission') : required;
    return this.grants.some((grant) => grant.covers(parsed));
  }

  /** The permissions of `required` that no grant covers, in order, without duplicates. */
  missing(required: readonly string[]): string[] {
    const missing: string[] = [];
    for (const permission of required) {
      if (!this.allows(permission) && !missing.includes(permission)) missing.push(permission);
    }
    return missing;
  }
}
