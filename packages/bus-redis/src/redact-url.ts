/**
 * `url` with its password replaced by `***`, safe for error messages and logs. A URL that does not
 * parse is not echoed at all, since it may still hold a password.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable Redis URL)';
  }
}
