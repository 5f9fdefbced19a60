/**
 * `url` without its secrets: the password of `user:pass@`, or the whole user part when it stands
 * alone, since `nats://TOKEN@host` carries a token there.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    else if (parsed.username) parsed.username = '***';
    const text = parsed.toString();
    return url.endsWith('/') ? text : text.replace(/\/$/, '');
  } catch {
    return url.replace(/^([^/]*\/\/)[^@/]*@/, '$1***@');
  }
}

/** The server list of a connection, redacted and joined for messages. */
export function describeServers(servers: string | readonly string[]): string {
  const list = typeof servers === 'string' ? [servers] : servers;
  return list.map(redactUrl).join(', ');
}
