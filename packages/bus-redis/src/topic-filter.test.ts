import { describe, expect, it } from 'vitest';
import { topicFilter } from './topic-filter.js';

describe('topicFilter', () => {
  it('matches a concrete pattern by equality', () => {
    const matches = topicFilter('task.run');
    expect(matches('task.run')).toBe(true);
    expect(matches('task.runs')).toBe(false);
  });

  it('matches wildcards as topicMatches does, dead-letter topics included', () => {
    const matches = topicFilter('*.run');
    expect(matches('task.run')).toBe(true);
    expect(matches('task.run.x')).toBe(false);
    expect(matches('$deadletter.run')).toBe(false);
    const rest = topicFilter('task.>');
    expect(rest('task.a.b')).toBe(true);
    expect(rest('task')).toBe(false);
  });

  it('keeps answering correctly past its cache size', () => {
    const matches = topicFilter('t.*');
    for (let n = 0; n < 2_500; n++) expect(matches(`t.${n}`)).toBe(true);
    expect(matches('u.1')).toBe(false);
  });
});
