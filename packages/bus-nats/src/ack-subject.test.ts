import { describe, expect, it } from 'vitest';
import { nakBody, parseAckSubject } from './ack-subject.js';

describe('parseAckSubject', () => {
  it('reads the classic form', () => {
    expect(parseAckSubject('$JS.ACK.S.c1.3.42.7.1795524545203083508.0')).toEqual({
      stream: 'S',
      consumer: 'c1',
      deliveryCount: 3,
      streamSequence: 42,
      storedAtMs: 1795524545203,
    });
  });

  it('reads the form with a domain and an account hash', () => {
    expect(
      parseAckSubject('$JS.ACK._.ACCHASH.S.c1.1.9.9.1795524545203083508.4.token'),
    ).toMatchObject({ stream: 'S', consumer: 'c1', deliveryCount: 1, streamSequence: 9 });
  });

  it.each([undefined, '', '_INBOX.x', '$JS.ACK.S.c1.x.1.1.1.0', '$JS.ACK.a.b'])(
    'returns undefined for %s',
    (reply) => {
      expect(parseAckSubject(reply)).toBeUndefined();
    },
  );
});

describe('nakBody', () => {
  it('asks for a delay in nanoseconds, or none', () => {
    expect(nakBody(250)).toBe('-NAK {"delay":250000000}');
    expect(nakBody(0)).toBe('-NAK');
  });
});
