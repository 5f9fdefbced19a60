import { createHash } from 'node:crypto';

/**
 * Topics whose first token starts with `$` (dead letters) live under a second subject root, so
 * that a leading `*` or `>` never matches them on the server, as core's `topicMatches` requires.
 */
const SYSTEM_ROOT_SUFFIX = '_SYS';

/** The subject roots a bus's stream stores: `<prefix>.>` and `<prefix>_SYS.>`. */
export function streamSubjects(prefix: string): string[] {
  return [`${prefix}.>`, `${prefix}${SYSTEM_ROOT_SUFFIX}.>`];
}

/** The subject of a topic or pattern: `a.b` → `<prefix>.a.b`, `$deadletter.a` → `<prefix>_SYS.…`. */
export function toSubject(prefix: string, topicOrPattern: string): string {
  return topicOrPattern.startsWith('$')
    ? `${prefix}${SYSTEM_ROOT_SUFFIX}.${topicOrPattern}`
    : `${prefix}.${topicOrPattern}`;
}

/** The topic of a subject made by {@link toSubject}; `undefined` for a subject of another root. */
export function toTopic(prefix: string, subject: string): string | undefined {
  if (subject.startsWith(`${prefix}.`)) return subject.slice(prefix.length + 1);
  const system = `${prefix}${SYSTEM_ROOT_SUFFIX}.`;
  if (subject.startsWith(system)) return subject.slice(system.length);
  return undefined;
}

/**
 * The durable consumer of `group` on `pattern`. A group is identified by its name and pattern
 * together (as in the in-memory bus); patterns hold characters consumer names may not, so they
 * are hashed.
 */
export function groupConsumerName(group: string, pattern: string): string {
  const hash = createHash('sha256').update(pattern).digest('hex').slice(0, 16);
  return `${group}_${hash}`;
}
