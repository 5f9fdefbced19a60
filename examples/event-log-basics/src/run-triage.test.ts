import { describe, expect, it } from 'vitest';
import { runTriage, TICKETS } from './run-triage.js';
import { classify } from './triage-agent.js';

describe('event-log-basics example', () => {
  it('labels every ticket once, survives the relay crash and replays an earlier version', async () => {
    const lines: string[] = [];
    const result = await runTriage((line) => lines.push(line));
    expect(result.state.status).toBe('completed');
    expect(Object.keys(result.state.labels)).toHaveLength(TICKETS.length);
    for (const [index, ticket] of TICKETS.entries()) {
      expect(result.state.labels[`task-${index + 1}`]).toBe(classify(ticket));
    }
    expect(result.events).toBe(1 + TICKETS.length * 2 + 1);
    expect(result.stateAtAssignment).toMatchObject({
      status: 'running',
      open: TICKETS.map((_, i) => `task-${i + 1}`),
    });
    expect(lines.some((line) => line.startsWith('relay crashed'))).toBe(true);
    expect(lines.filter((line) => line.includes(' labelled '))).toHaveLength(TICKETS.length);
  });
});
