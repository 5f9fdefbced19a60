/** `url` without its password (in the user-info part or a `password` query parameter). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL: hide anything between "://user:" and "@" rather than risk printing a password.
    return url
      .replace(/(\/\/[^:/@]*):[^@]*@/, '$1:***@')
      .replace(/password=[^&\s]*/gi, 'password=***');
  }
}
