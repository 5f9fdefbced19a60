import { ValidationError } from '../errors/core-errors.js';
import { describe } from '../util/describe.js';

/** Characters allowed in one topic token; NATS subjects and Redis keys both accept them. */
const TOKEN = /^[A-Za-z0-9_\-$:]+$/;
/** Longest accepted topic or pattern. */
export const MAX_TOPIC_LENGTH = 255;
/** Prefix of the topics dead letters go to; see {@link deadLetterTopic}. */
export const DEAD_LETTER_PREFIX = '$deadletter';

/**
 * Throws `VALIDATION_FAILED` unless `topic` is a concrete topic: dot-separated tokens of letters,
 * digits, `_`, `-`, `$` and `:`, without wildcards.
 */
export function assertTopic(topic: unknown): asserts topic is string {
  if (KNOWN_TOPICS.has(topic as string)) return;
  const problem = topicProblem(topic, false);
  if (problem) throw new ValidationError('invalid topic', [{ path: ['topic'], message: problem }]);
  if (KNOWN_TOPICS.size < MAX_KNOWN_TOPICS) KNOWN_TOPICS.add(topic as string);
}

// Topics already found valid: publishers use a few topics over and over.
const KNOWN_TOPICS = new Set<string>();
const MAX_KNOWN_TOPICS = 4096;

/**
 * Throws `VALIDATION_FAILED` unless `pattern` is a valid subscription pattern: a topic whose tokens
 * may also be `*` (exactly one token) or, as the last token, `>` (one or more tokens).
 */
export function assertTopicPattern(pattern: unknown): asserts pattern is string {
  const problem = topicProblem(pattern, true);
  if (problem)
    throw new ValidationError('invalid topic pattern', [{ path: ['pattern'], message: problem }]);
}

function topicProblem(value: unknown, wildcards: boolean): string | undefined {
  if (typeof value !== 'string' || value.length === 0)
    return `must be a non-empty string, got ${describe(value)}`;
  if (value.length > MAX_TOPIC_LENGTH)
    return `is ${value.length} characters, over the limit of ${MAX_TOPIC_LENGTH}`;
  const tokens = value.split('.');
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (wildcards && token === '*') continue;
    if (wildcards && token === '>') {
      if (index !== tokens.length - 1)
        return `${JSON.stringify(value)}: '>' may only be the last token`;
      continue;
    }
    if (!TOKEN.test(token)) {
      const hint = wildcards ? "; '*' and '>' must be whole tokens" : ' and no wildcards';
      return `${JSON.stringify(value)}: token ${JSON.stringify(token)} must be letters, digits, '_', '-', '$' or ':'${hint}`;
    }
  }
  return undefined;
}

/**
 * True when `topic` matches `pattern`. `*` matches exactly one token and `>` one or more trailing
 * tokens. A wildcard never matches a first token that starts with `$` (such as dead-letter
 * topics): subscribe to those by naming them, as in `$deadletter.>`.
 */
export function topicMatches(pattern: string, topic: string): boolean {
  const want = pattern.split('.');
  const have = topic.split('.');
  for (let index = 0; index < want.length; index++) {
    const token = want[index]!;
    if (token === '>') return have.length > index && !(index === 0 && have[0]!.startsWith('$'));
    const actual = have[index];
    if (actual === undefined) return false;
    if (token === '*') {
      if (index === 0 && actual.startsWith('$')) return false;
      continue;
    }
    if (token !== actual) return false;
  }
  return want.length === have.length;
}

/** The topic that receives messages of `topic` that failed every delivery attempt. */
export function deadLetterTopic(topic: string): string {
  return topic.startsWith(`${DEAD_LETTER_PREFIX}.`) ? topic : `${DEAD_LETTER_PREFIX}.${topic}`;
}

/** True for a dead-letter topic. */
export function isDeadLetterTopic(topic: string): boolean {
  return topic.startsWith(`${DEAD_LETTER_PREFIX}.`);
}
