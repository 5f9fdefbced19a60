import { ConfigurationError } from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { checkSecrets, isSensitiveKey, REDACTED, redactSecrets } from './redact-secrets.js';

const SECRET = 'sk-live-5f3a9c2e71';

describe('redactSecrets', () => {
  it('redacts sensitive keys at any depth and in any case', () => {
    const input = {
      Authorization: 'Bearer abc',
      nested: {
        API_KEY: 'k',
        apiKey: 'k',
        'x-api-key': 'k',
        list: [{ Password: 'p', token: 't' }],
      },
      cookie: 'c',
      clientSecret: 's',
      accessToken: 'a',
      maxTokens: 1000,
      workflow: 'report',
    };
    expect(redactSecrets(input)).toEqual({
      Authorization: REDACTED,
      nested: {
        API_KEY: REDACTED,
        apiKey: REDACTED,
        'x-api-key': REDACTED,
        list: [{ Password: REDACTED, token: REDACTED }],
      },
      cookie: REDACTED,
      clientSecret: REDACTED,
      accessToken: REDACTED,
      maxTokens: 1000,
      workflow: 'report',
    });
    expect(input.nested.apiKey).toBe('k');
  });

  it('replaces secret values inside strings, including JSON-escaped forms', () => {
    const quoted = 'pa"ss\\word';
    expect(redactSecrets(`url=https://u:${SECRET}@host`, [SECRET])).toBe(
      `url=https://u:${REDACTED}@host`,
    );
    expect(redactSecrets({ a: [`x${SECRET}y${SECRET}`] }, [SECRET])).toEqual({
      a: [`x${REDACTED}y${REDACTED}`],
    });
    expect(redactSecrets(JSON.stringify({ v: quoted }), [quoted])).toBe(`{"v":"${REDACTED}"}`);
  });

  it('keeps errors as errors with message, stack and cause redacted', () => {
    const cause = new Error(`inner ${SECRET}`);
    const error = Object.assign(new TypeError(`failed with ${SECRET}`, { cause }), {
      token: 't',
      code: 'E',
    });
    const copy = redactSecrets(error, [SECRET]);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe(`failed with ${REDACTED}`);
    expect(copy.stack).toContain(`TypeError: failed with ${REDACTED}`);
    expect(copy.stack).not.toContain(SECRET);
    expect((copy.cause as Error).message).toBe(`inner ${REDACTED}`);
    expect(copy).toMatchObject({ token: REDACTED, code: 'E' });
    expect(error.message).toContain(SECRET);
  });

  it('survives cycles', () => {
    const value: Record<string, unknown> = { name: SECRET };
    value.self = value;
    expect(redactSecrets(value, [SECRET])).toEqual({ name: REDACTED, self: '[Circular]' });
  });

  it('tells sensitive keys apart', () => {
    expect(
      ['AUTHORIZATION', 'set-cookie', 'db_password', 'githubToken', 'private_key'].every(
        isSensitiveKey,
      ),
    ).toBe(true);
    expect(['tokens', 'inputTokens', 'workflow', 'author'].some(isSensitiveKey)).toBe(false);
  });

  it('checks configured secrets', () => {
    expect(checkSecrets([undefined, '', SECRET])).toEqual([SECRET]);
    expect(() => checkSecrets(['abc'])).toThrow(
      /secrets\[0\] is 3 character\(s\), under the minimum of 4/,
    );
    expect(() => checkSecrets([42])).toThrow(ConfigurationError);
    expect(() => checkSecrets('abcd')).toThrow(/secrets must be an array of strings, got "abcd"/);
  });
});
