import { ConfigurationError } from '@agenticflow/core';
import { UrlDeniedError } from '../../errors/builtin-errors.js';
import { globToRegExp } from '../../permissions/glob.js';

/** The URL rules of the fetch tool. */
export interface UrlPolicyOptions {
  /** Host globs: `api.example.com`, `*.example.com` (one label), `**.example.com` (any depth). */
  readonly allowedHosts: readonly string[];
  /** Ports that may be used, or `'any'`. @defaultValue [80, 443] */
  readonly allowedPorts?: readonly number[] | 'any';
}

/** A URL that passed the rules. */
export interface CheckedUrl {
  readonly url: URL;
  /** Host name without IPv6 brackets, lower case. */
  readonly hostname: string;
  readonly port: number;
  readonly tls: boolean;
}

const MAX_URL_LENGTH = 4_096;

/** Checks URLs against the scheme, credential, host and port rules. */
export class UrlPolicy {
  private readonly hosts: readonly RegExp[];
  private readonly ports: ReadonlySet<number> | 'any';

  constructor(options: UrlPolicyOptions) {
    if (!Array.isArray(options.allowedHosts) || options.allowedHosts.length === 0) {
      throw new ConfigurationError(
        'the fetch tool needs allowedHosts, such as ["api.example.com", "*.example.org"]: there is no default, so nothing is reachable by accident',
      );
    }
    this.hosts = options.allowedHosts.map((host) => globToRegExp(host.toLowerCase(), '.', true));
    this.ports =
      options.allowedPorts === 'any' ? 'any' : new Set(options.allowedPorts ?? [80, 443]);
  }

  /** Parses and checks `text`, relative to `base` for redirects. Throws `URL_DENIED`. */
  check(text: string, base?: URL): CheckedUrl {
    const deny = (reason: string) => new UrlDeniedError(text, reason);
    if (typeof text !== 'string' || text.length > MAX_URL_LENGTH)
      throw deny(`a URL must be a string of at most ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(text, base);
    } catch {
      throw deny('it is not a valid URL: give an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw deny(`the scheme ${url.protocol} is not allowed: only http and https are`);
    }
    if (url.username !== '' || url.password !== '')
      throw deny('URLs with credentials are not allowed: pass credentials in headers');
    const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (!this.hosts.some((pattern) => pattern.test(hostname))) {
      throw deny(
        `the host ${hostname} is not in the allowlist: ask for it to be added to allowedHosts`,
      );
    }
    const tls = url.protocol === 'https:';
    const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
    if (this.ports !== 'any' && !this.ports.has(port))
      throw deny(`the port ${port} is not allowed`);
    return { url, hostname, port, tls };
  }
}
