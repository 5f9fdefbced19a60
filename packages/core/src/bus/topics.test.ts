import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThrownCode } from '../testing/expect-error-code.js';
import {
  assertTopic,
  assertTopicPattern,
  DEAD_LETTER_PREFIX,
  deadLetterTopic,
  isDeadLetterTopic,
  MAX_TOPIC_LENGTH,
  topicMatches,
} from './topics.js';

/** An independent matcher, written from the documented rules, to check topicMatches against. */
function referenceMatches(pattern: string[], topic: string[], first = true): boolean {
  const [want, ...restWant] = pattern;
  const [have, ...restHave] = topic;
  if (want === undefined) return have === undefined;
  if (have === undefined) return false;
  const wildcardRefused = first && have.startsWith('$');
  if (want === '>') return !wildcardRefused;
  if (want === '*') return !wildcardRefused && referenceMatches(restWant, restHave, false);
  return want === have && referenceMatches(restWant, restHave, false);
}

function validationMessage(fn: () => void): string {
  return expectThrownCode(fn, 'VALIDATION_FAILED').message;
}

describe('topicMatches', () => {
  it.each([
    ['a.b', 'a.b', true],
    ['a.b', 'a.c', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
    ['a.*', 'a.b', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['*.b', 'a.b', true],
    ['*.*', 'a.b', true],
    ['*', 'a', true],
    ['a.>', 'a.b', true],
    ['a.>', 'a.b.c.d', true],
    ['a.>', 'a', false],
    ['>', 'a', true],
    ['>', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.*.c', 'a.b.d', false],
    ['*.b.>', 'x.b.y', true],
    ['*.b.>', 'x.c.y', false],
    ['A.b', 'a.b', false],
  ] as const)('%s against %s is %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });

  it('never matches a $-prefixed first token with a leading wildcard', () => {
    expect(topicMatches('>', '$deadletter.a.b')).toBe(false);
    expect(topicMatches('*.a.b', '$deadletter.a.b')).toBe(false);
    expect(topicMatches('*', '$sys')).toBe(false);
    expect(topicMatches('$deadletter.>', '$deadletter.a.b')).toBe(true);
    expect(topicMatches('$deadletter.*.b', '$deadletter.a.b')).toBe(true);
    expect(topicMatches('$sys', '$sys')).toBe(true);
    // Only the first token is protected.
    expect(topicMatches('a.*', 'a.$b')).toBe(true);
    expect(topicMatches('a.>', 'a.$b.c')).toBe(true);
  });

  it('agrees with a reference matcher on arbitrary patterns and topics', () => {
    const token = fc.constantFrom('a', 'b', 'c', '$d', 'a$');
    const topic = fc.array(token, { minLength: 1, maxLength: 5 });
    const pattern = fc
      .tuple(
        fc.array(fc.oneof(token, fc.constant('*')), { minLength: 0, maxLength: 5 }),
        fc.boolean(),
      )
      .map(([tokens, tail]) => (tail ? [...tokens, '>'] : tokens))
      .filter((tokens) => tokens.length > 0);
    fc.assert(
      fc.property(pattern, topic, (want, have) => {
        expect(topicMatches(want.join('.'), have.join('.'))).toBe(referenceMatches(want, have));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches every topic with itself as a pattern', () => {
    const topic = fc.array(fc.stringMatching(/^[A-Za-z0-9_\-$:]{1,4}$/), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(topic, (tokens) => {
        const text = tokens.join('.');
        expect(topicMatches(text, text)).toBe(true);
      }),
    );
  });
});

describe('assertTopic', () => {
  it('accepts concrete topics of safe characters', () => {
    for (const topic of ['a', 'run.step.ready', 'A-b_c:d$e.1', 'x'.repeat(MAX_TOPIC_LENGTH)]) {
      expect(() => assertTopic(topic)).not.toThrow();
    }
  });

  it.each([
    ['an empty string', '', /must be a non-empty string, got ""/],
    ['a number', 7, /must be a non-empty string, got 7/],
    [
      'an over-long topic',
      'x'.repeat(MAX_TOPIC_LENGTH + 1),
      /256 characters, over the limit of 255/,
    ],
    ['a wildcard', 'a.*', /token "\*" must be .* and no wildcards/],
    ['a tail wildcard', 'a.>', /token ">"/],
    ['an empty token', 'a..b', /token ""/],
    ['a trailing dot', 'a.', /token ""/],
    ['a space', 'a b', /token "a b"/],
    ['a slash', 'a/b', /token "a\/b"/],
  ])('rejects %s', (_name, topic, message) => {
    expect(validationMessage(() => assertTopic(topic))).toMatch(message);
  });
});

describe('assertTopicPattern', () => {
  it('accepts wildcards as whole tokens and > only at the end', () => {
    for (const pattern of ['a.*', '*', '>', 'a.*.c.>', '$deadletter.>']) {
      expect(() => assertTopicPattern(pattern)).not.toThrow();
    }
  });

  it.each([
    ['> before the end', 'a.>.b', /'>' may only be the last token/],
    ['a partial wildcard', 'a.b*', /'\*' and '>' must be whole tokens/],
    ['a partial tail wildcard', 'a.>b', /token ">b"/],
    ['an empty token', '*..a', /token ""/],
    ['an empty pattern', '', /non-empty string/],
    ['null', null, /non-empty string, got null/],
  ])('rejects %s', (_name, pattern, message) => {
    const text = validationMessage(() => assertTopicPattern(pattern));
    expect(text).toMatch(/^invalid topic pattern: pattern: /);
    expect(text).toMatch(message);
  });
});

describe('deadLetterTopic', () => {
  it('prefixes a topic once and is idempotent', () => {
    expect(deadLetterTopic('jobs.run')).toBe(`${DEAD_LETTER_PREFIX}.jobs.run`);
    expect(deadLetterTopic(deadLetterTopic('jobs.run'))).toBe('$deadletter.jobs.run');
    expect(isDeadLetterTopic('$deadletter.jobs.run')).toBe(true);
    expect(isDeadLetterTopic('jobs.run')).toBe(false);
    expect(isDeadLetterTopic('$deadletterx.a')).toBe(false);
  });

  it('is idempotent for arbitrary topics and never matched by a leading wildcard', () => {
    const topic = fc
      .array(fc.stringMatching(/^[a-z$]{1,3}$/), { minLength: 1, maxLength: 4 })
      .map((tokens) => tokens.join('.'));
    fc.assert(
      fc.property(topic, (text) => {
        const dead = deadLetterTopic(text);
        expect(deadLetterTopic(dead)).toBe(dead);
        expect(isDeadLetterTopic(dead)).toBe(true);
        expect(topicMatches('>', dead)).toBe(false);
      }),
    );
  });
});
