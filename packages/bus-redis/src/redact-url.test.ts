import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('replaces the password and keeps the user, host, port and database', () => {
    expect(redactUrl('redis://app:s3cret@cache.internal:6380/2')).toBe(
      'redis://app:***@cache.internal:6380/2',
    );
    expect(redactUrl('rediss://:only-password@host:6379')).toBe('rediss://:***@host:6379');
  });

  it('leaves a URL without a password as it is', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('never echoes a string that does not parse, since it may hold a password', () => {
    expect(redactUrl('not a url :secret@')).toBe('(an unparseable Redis URL)');
  });
});
