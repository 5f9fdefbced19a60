import { AgenticFlowError, type AgenticFlowErrorOptions, hasErrorCode } from '@agenticflow/core';

/** A path escapes the filesystem tool's root or is malformed. Nothing was read or written. */
export class PathDeniedError extends AgenticFlowError {
  constructor(
    readonly path: string,
    reason: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('PATH_DENIED', `path ${JSON.stringify(path)} is denied: ${reason}`, {
      ...options,
      details: { ...options.details, path, reason },
    });
    this.name = 'PathDeniedError';
  }

  static is(value: unknown): value is PathDeniedError {
    return hasErrorCode(value, 'PATH_DENIED');
  }
}

/** A size quota of a built-in tool would be exceeded. Nothing was written. */
export class QuotaExceededError extends AgenticFlowError {
  constructor(message: string, details: Record<string, unknown>) {
    super('QUOTA_EXCEEDED', message, { details });
    this.name = 'QuotaExceededError';
  }

  static is(value: unknown): value is QuotaExceededError {
    return hasErrorCode(value, 'QUOTA_EXCEEDED');
  }
}

/** A URL is not allowed (scheme, credentials, port, or a host outside the allowlist). */
export class UrlDeniedError extends AgenticFlowError {
  constructor(
    readonly url: string,
    reason: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super('URL_DENIED', `URL ${JSON.stringify(url)} is denied: ${reason}`, {
      ...options,
      details: { ...options.details, url, reason },
    });
    this.name = 'UrlDeniedError';
  }

  static is(value: unknown): value is UrlDeniedError {
    return hasErrorCode(value, 'URL_DENIED');
  }
}

/**
 * A host is, or resolves to, an address in a blocked range (private, loopback, link-local,
 * metadata, reserved). No connection was opened.
 */
export class AddressBlockedError extends AgenticFlowError {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
    options: AgenticFlowErrorOptions = {},
  ) {
    super(
      'ADDRESS_BLOCKED',
      `host ${JSON.stringify(host)} is address ${address}, in the blocked range ${range}: only public addresses may be fetched`,
      { ...options, details: { ...options.details, host, address, range } },
    );
    this.name = 'AddressBlockedError';
  }

  static is(value: unknown): value is AddressBlockedError {
    return hasErrorCode(value, 'ADDRESS_BLOCKED');
  }
}
