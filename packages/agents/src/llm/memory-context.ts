import type { ThreadMessage } from '../memory/thread-memory.js';
import type { ModelMessage } from '../models/model.js';
import type { LlmAgentMemory } from './llm-agent-options.js';

const DEFAULT_LAST_MESSAGES = 20;

/**
 * The thread's latest messages as model messages. Tool messages are left out: their calls were
 * made in an earlier run and a model would refuse results that answer no call of this one.
 */
export async function loadMemoryContext(memory: LlmAgentMemory): Promise<ModelMessage[]> {
  const messages = await memory.threads.last(
    memory.threadId,
    memory.lastMessages ?? DEFAULT_LAST_MESSAGES,
  );
  return messages.flatMap(toModelMessage);
}

/** Appends a finished exchange to the thread. */
export async function saveExchange(
  memory: LlmAgentMemory,
  input: string,
  answer: string,
): Promise<void> {
  await memory.threads.append(memory.threadId, { role: 'user', content: input });
  await memory.threads.append(memory.threadId, { role: 'assistant', content: answer });
}

function toModelMessage(message: ThreadMessage): ModelMessage[] {
  const content =
    typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
  if (message.role === 'tool') return [];
  return [{ role: message.role, content }];
}
