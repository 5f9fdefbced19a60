import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent } from './traceparent.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('traceparent', () => {
  it('formats a sampled span context as a version 00 W3C traceparent', () => {
    expect(formatTraceparent({ traceId: TRACE, spanId: SPAN, traceFlags: 1 })).toBe(
      `00-${TRACE}-${SPAN}-01`,
    );
  });

  it('formats nothing for the invalid all-zero ids', () => {
    expect(formatTraceparent({ traceId: '0'.repeat(32), spanId: SPAN, traceFlags: 1 })).toBe(
      undefined,
    );
    expect(formatTraceparent({ traceId: TRACE, spanId: '0'.repeat(16), traceFlags: 0 })).toBe(
      undefined,
    );
  });

  it('parses a traceparent into a remote span context', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-00`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: 0,
      isRemote: true,
    });
  });

  it('rejects malformed, upper-case, unknown-version and zero-id traceparents', () => {
    for (const bad of [
      undefined,
      '',
      'garbage',
      `01-${TRACE}-${SPAN}-01`,
      `00-${TRACE.toUpperCase()}-${SPAN}-01`,
      `00-${'0'.repeat(32)}-${SPAN}-01`,
      `00-${TRACE}-${'0'.repeat(16)}-01`,
      `00-${TRACE}-${SPAN}-1`,
    ])
      expect(parseTraceparent(bad), String(bad)).toBe(undefined);
  });
});
