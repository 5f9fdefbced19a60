import { deadLetterTopic, topicMatches } from '@agenticflow/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupConsumerName, streamSubjects, toSubject, toTopic } from './subjects.js';

/** NATS subject matching, written from the NATS rules: `*` one token, `>` one or more. */
function natsMatches(filter: string, subject: string): boolean {
  const want = filter.split('.');
  const have = subject.split('.');
  for (let index = 0; index < want.length; index++) {
    if (want[index] === '>') return have.length > index;
    if (have[index] === undefined) return false;
    if (want[index] !== '*' && want[index] !== have[index]) return false;
  }
  return want.length === have.length;
}

describe('subjects', () => {
  it('maps topics under the prefix and $-topics under the system root', () => {
    expect(streamSubjects('AF')).toEqual(['AF.>', 'AF_SYS.>']);
    expect(toSubject('AF', 'jobs.run')).toBe('AF.jobs.run');
    expect(toSubject('AF', deadLetterTopic('jobs.run'))).toBe('AF_SYS.$deadletter.jobs.run');
    expect(toSubject('AF', '>')).toBe('AF.>');
    expect(toTopic('AF', 'AF.jobs.run')).toBe('jobs.run');
    expect(toTopic('AF', 'AF_SYS.$deadletter.x')).toBe('$deadletter.x');
    expect(toTopic('AF', 'OTHER.x')).toBeUndefined();
  });

  it("makes the server match exactly what core's topicMatches matches", () => {
    const token = fc.constantFrom('a', 'b', '$d', 'c$');
    const topic = fc.array(token, { minLength: 1, maxLength: 4 }).map((t) => t.join('.'));
    const pattern = fc
      .tuple(fc.array(fc.oneof(token, fc.constant('*')), { maxLength: 4 }), fc.boolean())
      .map(([tokens, tail]) => (tail ? [...tokens, '>'] : tokens))
      .filter((tokens) => tokens.length > 0)
      .map((tokens) => tokens.join('.'));
    fc.assert(
      fc.property(pattern, topic, (p, t) => {
        expect(natsMatches(toSubject('AF', p), toSubject('AF', t))).toBe(topicMatches(p, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('names a group consumer after the group and a hash of the pattern', () => {
    const name = groupConsumerName('workers', 'jobs.*');
    expect(name).toMatch(/^workers_[0-9a-f]{16}$/);
    expect(groupConsumerName('workers', 'jobs.*')).toBe(name);
    expect(groupConsumerName('workers', 'jobs.>')).not.toBe(name);
  });
});
