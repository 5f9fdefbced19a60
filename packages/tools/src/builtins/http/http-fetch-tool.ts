import {
  AbortedError,
  ConfigurationError,
  isAgenticFlowError,
  TimeoutError,
} from '@agenticflow/core';
import { defineTool } from '../../define-tool.js';
import { PermissionDeniedError } from '../../errors/tool-errors.js';
import { PermissionSet } from '../../permissions/permission-set.js';
import type { ApprovalPolicy, Tool, ToolContext } from '../../tool-types.js';
import { lazyZod } from '../../util/lazy-zod.js';
import { fetchOnce } from './fetch-once.js';
import {
  type Connector,
  directConnector,
  type HostResolver,
  resolvePinnedAddress,
  systemResolver,
} from './pinned-connection.js';
import { UrlPolicy, type UrlPolicyOptions } from './url-policy.js';

/** Options of {@link createHttpFetchTool}. */
export interface HttpFetchToolOptions extends UrlPolicyOptions {
  /** @defaultValue 'http.fetch' */
  readonly name?: string;
  /** Methods the model may use. @defaultValue ['GET', 'HEAD'] */
  readonly methods?: readonly ('GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE')[];
  /** Most body bytes returned; longer bodies are cut and flagged. @defaultValue 1_048_576 */
  readonly maxResponseBytes?: number;
  /** Time limit of the whole fetch, redirects included. @defaultValue 15_000 */
  readonly timeoutMs?: number;
  /** Redirects followed, each checked like the first URL. @defaultValue 5 */
  readonly maxRedirects?: number;
  /** Lets loopback addresses through (only them). For tests against a local server. @defaultValue false */
  readonly allowLoopback?: boolean;
  /** Resolves host names. @defaultValue the system resolver */
  readonly resolver?: HostResolver;
  /** Opens connections to checked addresses. @defaultValue TCP or TLS to the address */
  readonly connector?: Connector;
  /** @defaultValue 'never' */
  readonly approval?: ApprovalPolicy<{ url: string; method: string }>;
}

const FORBIDDEN_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'keep-alive',
  'expect',
  'proxy-authorization',
  'proxy-connection',
  'accept-encoding',
]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];

/**
 * An HTTP fetch tool that cannot be turned against the network it runs in (SSRF): http and https
 * only, no credentials in URLs, hosts from an allowlist, and every address checked before
 * connecting — private, loopback, link-local, cloud metadata and reserved ranges are refused in
 * every notation, IPv4-mapped IPv6 included. The checked address is pinned: the connection goes to
 * that address, not to a second DNS answer. Redirects are checked again (and need the caller's
 * grant for the new host). Bodies are capped; compression is refused so the cap holds. Each call
 * needs the grant `net:fetch:<host>`.
 *
 * @example
 * ```ts
 * registry.register(createHttpFetchTool({ allowedHosts: ['api.github.com', '*.wikipedia.org'] }));
 * // caller grants: ['net:fetch:api.github.com', 'net:fetch:*.wikipedia.org']
 * ```
 */
export function createHttpFetchTool(options: HttpFetchToolOptions): Tool {
  const z = lazyZod();
  const policy = new UrlPolicy(options);
  const methods = options.methods ?? ['GET', 'HEAD'];
  const maxBytes = positive(options.maxResponseBytes ?? 1_048_576, 'maxResponseBytes');
  const timeoutMs = positive(options.timeoutMs ?? 15_000, 'timeoutMs');
  const maxRedirects = options.maxRedirects ?? 5;
  const resolver = options.resolver ?? systemResolver;
  const connector = options.connector ?? directConnector;
  const guard = { allowLoopback: options.allowLoopback ?? false };

  return defineTool({
    name: options.name ?? 'http.fetch',
    description: `Fetches a URL over HTTP(S) from an allowlist of hosts and returns status, headers and the body as text (at most ${maxBytes} bytes).`,
    input: z.object({
      url: z.string().min(1).max(4_096).describe('Absolute http or https URL'),
      method: z.enum(methods as [string, ...string[]]).default('GET'),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.string().max(1_048_576).optional(),
    }),
    permissions: ({ url }) => [`net:fetch:${policy.check(url).hostname}`],
    timeoutMs: timeoutMs + 1_000,
    ...(options.approval ? { approval: options.approval } : {}),
    async execute(input, context) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = AbortSignal.any([context.signal, deadline]);
      try {
        return await fetchFollowingRedirects(input, context, signal);
      } catch (error) {
        if (deadline.aborted && !isAgenticFlowError(error)) {
          throw new TimeoutError(`fetching ${input.url} took longer than ${timeoutMs} ms`, {
            cause: error,
            details: { timeoutMs },
          });
        }
        if (context.signal.aborted && !isAgenticFlowError(error))
          throw new AbortedError('the fetch was aborted', { cause: error });
        throw error;
      }
    },
  });

  async function fetchFollowingRedirects(
    input: {
      url: string;
      method: string;
      headers?: Record<string, string> | undefined;
      body?: string | undefined;
    },
    context: ToolContext,
    signal: AbortSignal,
  ) {
    const grants =
      context.caller.grants instanceof PermissionSet
        ? context.caller.grants
        : new PermissionSet(context.caller.grants);
    let target = policy.check(input.url);
    let method = input.method;
    let body = input.body;
    let headers = requestHeaders(input.headers);
    for (let redirects = 0; ; redirects++) {
      const address = await resolvePinnedAddress(target.hostname, resolver, guard);
      const response = await fetchOnce({
        target,
        address,
        connector,
        method,
        headers,
        body,
        maxBytes,
        signal,
      });
      const location = response.headers.location;
      if (!REDIRECTS.has(response.status) || location === undefined || redirects >= maxRedirects) {
        return {
          url: target.url.toString(),
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          body: response.body.toString('utf8'),
          truncated: response.truncated,
        };
      }
      const next = policy.check(location, target.url);
      const permission = `net:fetch:${next.hostname}`;
      if (!grants.allows(permission))
        throw new PermissionDeniedError(context.toolName, context.caller.id, [permission]);
      if (next.url.origin !== target.url.origin) headers = withoutCredentials(headers);
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && method === 'POST')
      ) {
        method = 'GET';
        body = undefined;
      }
      target = next;
    }
  }
}

function requestHeaders(
  given: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': 'agenticflow-tools',
    'accept-encoding': 'identity',
  };
  for (const [key, value] of Object.entries(given ?? {})) {
    const name = key.toLowerCase();
    if (!FORBIDDEN_HEADERS.has(name) && !name.startsWith('proxy-')) headers[name] = value;
  }
  return headers;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const copy = { ...headers };
  for (const name of CREDENTIAL_HEADERS) delete copy[name];
  return copy;
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(
      `fetch option ${name} is ${String(value)}: it must be a positive integer`,
    );
  }
  return value;
}
