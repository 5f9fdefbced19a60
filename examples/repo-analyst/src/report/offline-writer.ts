import { ScriptedModel } from '@agenticflow/agents';
import { factsFromPrompt, type WriterFacts } from './writer-facts.js';

/**
 * The writer's model when no model is configured: a scripted model whose answer is composed by
 * rules from the facts in the prompt. Deterministic, so the same facts give the same summary; it
 * still runs through the LLM agent, so its run is recorded and can be replayed like a real one.
 */
export function offlineWriterModel(): ScriptedModel {
  return new ScriptedModel({
    name: 'offline-writer',
    answers: (request) => {
      const prompt = request.messages.findLast((message) => message.role === 'user')?.content;
      return { text: offlineSummary(factsFromPrompt(prompt ?? '')) };
    },
  });
}

/** The summary bullet points the offline writer composes. */
export function offlineSummary(facts: WriterFacts): string {
  const bullets: string[] = [];
  const { codeStats, manifests, git, todos, metrics } = facts;
  if (codeStats) {
    const top = codeStats.byExtension
      .slice(0, 3)
      .map((row) => `${row.extension} (${row.lines} lines)`);
    bullets.push(
      `**Size**: ${codeStats.totalFiles} files and ${codeStats.totalLines} lines; the largest extensions by lines are ${top.join(', ') || 'none'}.`,
    );
  } else bullets.push('**Size**: code was not counted in this run.');
  if (metrics)
    bullets.push(
      `**Files**: ${metrics.averageLinesPerFile} lines and ${metrics.averageBytesPerFile} bytes per file on average.`,
    );
  if (manifests) {
    const dependencies = manifests.manifests.reduce(
      (total, manifest) => total + manifest.dependencies + manifest.devDependencies,
      0,
    );
    bullets.push(
      `**Packages**: ${manifests.manifests.length} package.json files declaring ${dependencies} dependencies and dev dependencies${manifests.unreadable.length > 0 ? `; ${manifests.unreadable.length} could not be parsed` : ''}.`,
    );
  }
  if (git)
    bullets.push(
      git.isRepository && git.commitCount > 0
        ? `**History**: ${git.commitCount} commits by ${git.authors.length} author(s); the latest is "${git.recentCommits[0]?.subject ?? ''}".`
        : `**History**: none available (${git.reason ?? 'no commits'}).`,
    );
  if (todos)
    bullets.push(
      todos.total === 0
        ? '**Markers**: no TODO or FIXME marker.'
        : `**Markers**: ${todos.total} TODO/FIXME marker(s), the first in ${todos.markers[0]?.file}:${todos.markers[0]?.line}.`,
    );
  bullets.push(...recommendations(facts).map((text) => `**Recommendation**: ${text}`));
  return bullets.map((bullet) => `- ${bullet}`).join('\n');
}

function recommendations({ codeStats, manifests, git, todos }: WriterFacts): string[] {
  const found: string[] = [];
  if (todos && todos.total > 0)
    found.push(`turn the ${todos.total} marker(s) into tracked issues or resolve them.`);
  if (git && !git.isRepository) found.push('put the directory under version control.');
  const unversioned = manifests?.manifests.filter(
    (manifest) => !manifest.private && !manifest.version,
  );
  if (unversioned && unversioned.length > 0)
    found.push(
      `give a version to the public package(s) ${unversioned.map((m) => m.path).join(', ')}.`,
    );
  if (codeStats && codeStats.truncatedFiles.length > 0)
    found.push(`split or exclude the ${codeStats.truncatedFiles.length} very large file(s).`);
  if (found.length === 0) found.push('nothing urgent: keep the markers and manifests as they are.');
  return found;
}
