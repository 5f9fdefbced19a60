import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import {
  parseAward,
  parseBidReply,
  parseCallForProposals,
} from '../../src/interaction/auction-messages.js';
import { parseMove, parseOfferBody } from '../../src/interaction/negotiation-messages.js';
import { parseInboxPayload, parseOutcomePayload } from '../../src/interaction/wire-payloads.js';

const message = {
  id: 'm-1',
  type: 'task.translate',
  from: 'a',
  to: 'b',
  body: { text: 'hi' },
  sentAt: '2025-01-01T00:00:00.000Z',
};
const error = { name: 'E', code: 'BOOM', message: 'boom', retryable: false };

describe('messages from other processes', () => {
  it('reads well-formed payloads, keeping only the known keys', () => {
    expect(parseInboxPayload({ kind: 'message', message, extra: 1 }, 't')).toEqual({
      kind: 'message',
      message,
    });
    expect(
      parseInboxPayload(
        { kind: 'request', message: { ...message, correlationId: 'c' }, replyTo: 'r' },
        't',
      ),
    ).toEqual({ kind: 'request', message: { ...message, correlationId: 'c' }, replyTo: 'r' });
    expect(parseOutcomePayload({ requestId: 'q', message }, 't')).toEqual({
      requestId: 'q',
      message,
    });
    const nested = { ...error, details: { at: 1 }, cause: error };
    expect(parseOutcomePayload({ requestId: 'q', responder: 'b', error: nested }, 't')).toEqual({
      requestId: 'q',
      responder: 'b',
      error: nested,
    });
    const cfp = { auctionId: 'x', auctioneer: 'd', task: [1], deadline: 'soon' };
    expect(parseCallForProposals({ ...cfp, more: true }, 'd')).toEqual(cfp);
    expect(
      parseAward({ auctionId: 'x', auctioneer: 'd', task: null, price: 3 }, 'd'),
    ).toMatchObject({
      price: 3,
    });
    expect(parseBidReply(null, 'b')).toBeNull();
    expect(parseBidReply({ price: 2, score: 1, details: { eta: 'now' } }, 'b')).toEqual({
      price: 2,
      score: 1,
      details: { eta: 'now' },
    });
    const offer = {
      negotiationId: 'n',
      round: 1,
      maxRounds: 3,
      startedAt: 0,
      deadline: 9,
      offer: 5,
    };
    expect(parseOfferBody(offer, 'a')).toEqual(offer);
    expect(parseMove({ decision: 'counter', offer: 4, utility: 0.5 }, 'b')).toEqual({
      decision: 'counter',
      offer: 4,
      utility: 0.5,
    });
    expect(parseMove({ decision: 'accept', offer: 4 }, 'b')).toEqual({ decision: 'accept' });
  });

  it('refuses malformed payloads with PROTOCOL_VIOLATION, saying what is wrong where', () => {
    const inbox = expectThrownCode(
      () => parseInboxPayload({ kind: 'request', message: { ...message, id: '' } }, 'p.inbox.b'),
      'PROTOCOL_VIOLATION',
    );
    expect(inbox.message).toContain('message on p.inbox.b is not an AgenticFlow agent message');
    expect(inbox.message).toContain('message.id: must be a non-empty string, got ""');
    expect(inbox.message).toContain('replyTo: is missing');
    const outcome = expectThrownCode(
      () =>
        parseOutcomePayload(
          { requestId: 'q', responder: 'b', error: { ...error, retryable: 'no' } },
          'r',
        ),
      'PROTOCOL_VIOLATION',
    );
    expect(outcome.message).toContain('error.retryable: must be true or false, got "no"');
    const bid = expectThrownCode(
      () => parseBidReply({ price: 'cheap' }, 'b'),
      'PROTOCOL_VIOLATION',
    );
    expect(bid.details).toEqual({ issues: ['price: must be a finite number, got "cheap"'] });
    expectThrownCode(
      () => parseCallForProposals({ auctionId: '', auctioneer: 'd', task: 1, deadline: 'x' }, 'd'),
      'PROTOCOL_VIOLATION',
    );
    const round = expectThrownCode(
      () =>
        parseOfferBody(
          { negotiationId: 'n', round: 1.5, maxRounds: 0, startedAt: 0, deadline: 9, offer: 5 },
          'a',
        ),
      'PROTOCOL_VIOLATION',
    );
    expect(round.details).toEqual({
      issues: [
        'round: must be a whole number of at least 1, got 1.5',
        'maxRounds: must be a whole number of at least 1, got 0',
      ],
    });
    expectThrownCode(() => parseMove({ decision: 'counter', offer: 4 }, 'b'), 'PROTOCOL_VIOLATION');
    expectThrownCode(() => parseMove({ decision: 'maybe' }, 'b'), 'PROTOCOL_VIOLATION');
  });
});
