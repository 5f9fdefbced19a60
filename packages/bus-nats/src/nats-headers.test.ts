import { type MsgHdrs, MsgHdrsImpl } from '@nats-io/nats-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeHeaders, encodeHeaders, headerBytes, MSG_ID_HEADER } from './nats-headers.js';

const bytes = (headers: MsgHdrs) => (headers as MsgHdrsImpl).encode();
// Names core's prepareMessage accepts: it refuses `__proto__`, which decoding would turn into a prototype.
const name = fc
  .stringMatching(/^[A-Za-z0-9_\-.]{1,12}$/)
  .filter((candidate) => candidate !== '__proto__');

describe('NATS headers', () => {
  it('carry the message id in Nats-Msg-Id and plain headers as they are', () => {
    const encoded = encodeHeaders('m-1', { traceparent: '00-abc-01', 'x-tenant': 'acme' });
    expect(encoded.get(MSG_ID_HEADER)).toBe('m-1');
    expect(encoded.get('traceparent')).toBe('00-abc-01');
    expect(decodeHeaders(encoded)).toEqual({
      id: 'm-1',
      headers: { traceparent: '00-abc-01', 'x-tenant': 'acme' },
    });
  });

  it('escape names NATS reserves and values it would trim or reject', () => {
    const encoded = encodeHeaders('m', { 'Nats-Expected-Stream': 'S', pad: ' x ', nl: 'a\nb' });
    expect(encoded.has('Nats-Expected-Stream')).toBe(false);
    expect(encoded.get('Af-E-Nats-Expected-Stream')).toBe('S');
    expect(encoded.get('Af-E-pad')).toBe('%20x%20');
  });

  it('round-trip any names and string values through the wire encoding', () => {
    fc.assert(
      fc.property(
        fc.dictionary(name, fc.string({ unit: 'grapheme' })),
        fc.string({ minLength: 1, unit: 'grapheme' }),
        (headers, id) => {
          const wire = encodeHeaders(id, headers);
          const decoded = decodeHeaders(MsgHdrsImpl.decode(bytes(wire)));
          expect(decoded).toEqual({ id, headers });
          expect(headerBytes(wire)).toBe(bytes(wire).length);
        },
      ),
    );
  });

  it('leave out headers the server or other tools add', () => {
    const wire = encodeHeaders('m', { a: '1' });
    wire.set('Nats-Stream', 'S');
    expect(decodeHeaders(wire).headers).toEqual({ a: '1' });
    expect(decodeHeaders(undefined)).toEqual({ id: undefined, headers: {} });
  });
});

describe('NATS headers with unusual text', () => {
  it('send emoji as they are and only lone surrogates replaced', () => {
    const wire = encodeHeaders('m', { emoji: '🚀', lone: 'a\uD800b' });
    expect(wire.get('emoji')).toBe('🚀');
    expect(decodeHeaders(MsgHdrsImpl.decode(bytes(wire))).headers).toEqual({
      emoji: '🚀',
      lone: 'a\uFFFDb',
    });
  });
});
