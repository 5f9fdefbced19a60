import { describe, expect, it } from 'vitest';
import { StreamLayout } from './stream-layout.js';

describe('StreamLayout', () => {
  const plain = new StreamLayout('app', []);
  const split = new StreamLayout('app', ['task', '$deadletter']);

  it('puts every topic on one stream per prefix when there are no partitions', () => {
    expect(plain.streamFor('task.run')).toBe('app:stream');
    expect(plain.streamFor('$deadletter.task.run')).toBe('app:stream');
    expect(plain.streamsFor('task.*')).toEqual(['app:stream']);
    expect(plain.streamsFor('>')).toEqual(['app:stream']);
  });

  it('gives a partition token its own stream, read by patterns naming it', () => {
    expect(split.streamFor('task.run')).toBe('app:stream:task');
    expect(split.streamFor('task')).toBe('app:stream:task');
    expect(split.streamFor('notify.user')).toBe('app:stream');
    expect(split.streamFor('$deadletter.task.run')).toBe('app:stream:$deadletter');
    expect(split.streamsFor('task.>')).toEqual(['app:stream:task']);
    expect(split.streamsFor('notify.*')).toEqual(['app:stream']);
  });

  it('has a pattern whose first token is a wildcard read every stream', () => {
    const all = ['app:stream', 'app:stream:task', 'app:stream:$deadletter'];
    expect(split.streamsFor('*.run')).toEqual(all);
    expect(split.streamsFor('>')).toEqual(all);
  });

  it('names one consumer group per group and pattern, and one per plain subscription', () => {
    expect(plain.groupName('workers', 'task.*')).toBe('g:workers:task.*');
    expect(plain.plainGroupName('0192-abc')).toBe('p:0192-abc');
    expect(plain.plainSubscriptionId('p:0192-abc')).toBe('0192-abc');
    expect(plain.plainSubscriptionId('g:workers:task.*')).toBeUndefined();
    expect(plain.livenessKey('0192-abc')).toBe('app:live:0192-abc');
  });
});
