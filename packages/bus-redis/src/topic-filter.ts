import { topicMatches } from '@agenticflow/core';

// Topics remembered per subscription; a bus with more distinct topics just recomputes.
const MAX_CACHED_TOPICS = 1_000;

/**
 * `topicMatches(pattern, topic)` for one subscription, remembering recent answers: every reader
 * tests every entry of its stream, mostly on a few hot topics.
 */
export function topicFilter(pattern: string): (topic: string) => boolean {
  if (!pattern.includes('*') && !pattern.includes('>')) return (topic) => topic === pattern;
  const cache = new Map<string, boolean>();
  return (topic) => {
    let matches = cache.get(topic);
    if (matches === undefined) {
      matches = topicMatches(pattern, topic);
      if (cache.size >= MAX_CACHED_TOPICS) cache.clear();
      cache.set(topic, matches);
    }
    return matches;
  };
}
