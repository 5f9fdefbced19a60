import { describe, expect, it } from 'vitest';
import { describeServers, redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['nats://app:s3cret@host:4222', 'nats://app:***@host:4222'],
    ['nats://T0KEN@host:4222', 'nats://***@host:4222'],
    ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4222'],
    ['tls://u:p%40ss@h', 'tls://u:***@h'],
    ['not a url with x:y@z', 'not a url with x:y@z'],
    ['//user:pw@host', '//***@host'],
  ])('turns %s into %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('joins a server list, each redacted', () => {
    expect(describeServers(['nats://a:b@h1', 'nats://h2:4222'])).toBe(
      'nats://a:***@h1, nats://h2:4222',
    );
    expect(describeServers('nats://h')).toBe('nats://h');
  });
});
