import type { z as Zod } from 'zod';
import type { JsonSchema } from '../tool-types.js';
import { lazyZod } from '../util/lazy-zod.js';

/**
 * A zod schema that validates what `schema` (an MCP tool's JSON Schema) describes, through zod 4's
 * `z.fromJSONSchema`. A schema it cannot convert falls back to "any JSON object": the MCP server
 * validates its input too.
 */
export function jsonSchemaToZod(schema: JsonSchema): Zod.ZodType<Record<string, unknown>> {
  const z = lazyZod();
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]) as Zod.ZodType<
      Record<string, unknown>
    >;
  } catch {
    return z.record(z.string(), z.unknown());
  }
}
