import type { CodeStatsFacts, GitFacts, ManifestFacts, MetricFacts, TodoFacts } from '../facts.js';

/** Everything the writer got from the tasks it depends on; a missing kind was not collected. */
export interface WriterFacts {
  readonly root: string;
  readonly codeStats?: CodeStatsFacts;
  readonly manifests?: ManifestFacts;
  readonly git?: GitFacts;
  readonly todos?: TodoFacts;
  readonly metrics?: MetricFacts;
}

const FACTS_HEADER = 'Facts (JSON):';

/** The writer agent's input: a short request, then the facts. */
export function writerPrompt(facts: WriterFacts): string {
  return `Write the summary of the health report of ${facts.root}.\n${FACTS_HEADER}\n${JSON.stringify(facts)}`;
}

/** The facts back out of a writer prompt (the offline writer reads its request this way). */
export function factsFromPrompt(prompt: string): WriterFacts {
  const at = prompt.indexOf(FACTS_HEADER);
  if (at === -1)
    throw new TypeError(
      `the writer prompt holds no "${FACTS_HEADER}" line: it starts ${JSON.stringify(prompt.slice(0, 60))}`,
    );
  return JSON.parse(prompt.slice(at + FACTS_HEADER.length)) as WriterFacts;
}

/** Instructions of the writer agent, for a real model. */
export const WRITER_INSTRUCTIONS = [
  'You write the "Summary" section of a health report of a code repository.',
  'Use only the facts you are given and quote numbers exactly; say when a fact was not collected.',
  'Cover: size and main languages, packages and dependencies, activity from the git history,',
  'TODO/FIXME markers, and two or three concrete recommendations.',
  'Answer in Markdown bullet points, at most 250 words, with no heading and no table.',
].join('\n');
