import { assertToolName } from './define-tool.js';
import { DuplicateToolError, ToolNotFoundError } from './errors/tool-errors.js';
import type { JsonSchema, Tool } from './tool-types.js';

/** Options of {@link ToolRegistry.register}. */
export interface RegisterToolOptions {
  /** Prefix added to each tool's name with a dot (`mcp.github` → `mcp.github.create_issue`). */
  readonly namespace?: string;
}

/** A tool as a model sees it. */
export interface ModelToolDescription {
  /** The name to give the model: the tool name with `.` replaced by `__` (model APIs reject dots). */
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
}

/** The model-facing form of a tool name: model APIs accept `[A-Za-z0-9_-]` only. */
export function modelToolName(name: string): string {
  return name.replaceAll('.', '__');
}

/**
 * The tools an executor may run, by name. Names are unique, and so are their model-facing forms;
 * registering a duplicate throws `DUPLICATE_TOOL`.
 *
 * @example
 * ```ts
 * const registry = new ToolRegistry();
 * registry.register(createFileSystemTools({ root: '/workspace' }));
 * registry.register(mcpTools, { namespace: 'mcp.github' });
 * const forModel = registry.modelTools();
 * ```
 */
export class ToolRegistry {
  private readonly tools = new Map<string, Tool>();
  private readonly byModelName = new Map<string, string>();

  /** Registers tools (under `namespace` when given) and returns them as registered. */
  register(tools: Tool | readonly Tool[], options: RegisterToolOptions = {}): Tool[] {
    const list: readonly Tool[] = Array.isArray(tools) ? tools : [tools as Tool];
    if (options.namespace !== undefined) assertToolName(options.namespace);
    const renamed = list.map((tool) =>
      options.namespace === undefined
        ? tool
        : { ...tool, name: `${options.namespace}.${tool.name}` },
    );
    const seen = new Set<string>();
    for (const tool of renamed) {
      assertToolName(tool.name);
      const modelName = modelToolName(tool.name);
      const clash = this.tools.has(tool.name) || seen.has(tool.name) ? tool.name : undefined;
      const modelClash = this.byModelName.get(modelName);
      if (clash !== undefined || (modelClash !== undefined && modelClash !== tool.name)) {
        throw new DuplicateToolError(
          clash !== undefined
            ? `a tool named ${tool.name} is already registered: unregister it first or use another namespace`
            : `tool ${tool.name} has the same model-facing name ${modelName} as ${modelClash}: rename one of them`,
          { tool: tool.name, modelName },
        );
      }
      seen.add(tool.name);
    }
    for (const tool of renamed) {
      this.tools.set(tool.name, tool);
      this.byModelName.set(modelToolName(tool.name), tool.name);
    }
    return renamed;
  }

  /** Removes a tool; returns `false` when there was none of that name. */
  unregister(name: string): boolean {
    const tool = this.tools.get(name);
    if (!tool) return false;
    this.tools.delete(name);
    this.byModelName.delete(modelToolName(name));
    return true;
  }

  /** The tool with this name or model-facing name, or `undefined`. */
  get(name: string): Tool | undefined {
    return this.tools.get(name) ?? this.tools.get(this.byModelName.get(name) ?? '');
  }

  /** The tool with this name or model-facing name; throws `TOOL_NOT_FOUND` naming similar ones. */
  require(name: string): Tool {
    const tool = typeof name === 'string' ? this.get(name) : undefined;
    if (tool) return tool;
    throw new ToolNotFoundError(String(name), this.similarNames(String(name)));
  }

  /** Every registered tool, in registration order. */
  list(): Tool[] {
    return [...this.tools.values()];
  }

  /** The tools as a model sees them. */
  modelTools(): ModelToolDescription[] {
    return this.list().map((tool) => ({
      name: modelToolName(tool.name),
      description: tool.description,
      inputSchema: tool.inputJsonSchema,
    }));
  }

  private similarNames(name: string): string[] {
    const wanted = name.toLowerCase().slice(0, 200);
    return [...this.tools.keys()]
      .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate.toLowerCase()) }))
      .filter(({ candidate, distance }) => distance <= Math.max(2, candidate.length / 4))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3)
      .map(({ candidate }) => candidate);
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
