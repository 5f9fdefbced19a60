import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../src/supervisor/validate-plan.js';
import { issueLines } from '../../src/validation/value-check.js';
import { diamondPlan } from './support.js';

function problems(value: unknown, maxTasks?: number): string[] {
  const checked = validatePlan(value, maxTasks === undefined ? {} : { maxTasks });
  return checked.ok ? [] : issueLines(checked.issues);
}

const task = (id: string, dependsOn: string[] = []) => ({
  id,
  title: id,
  description: `do ${id}`,
  capabilities: ['research'],
  dependsOn,
});

describe('validatePlan', () => {
  it('accepts a diamond and fills in missing dependsOn', () => {
    expect(validatePlan(diamondPlan)).toEqual({ ok: true, plan: diamondPlan });
    const { dependsOn: _, ...bare } = task('a');
    const checked = validatePlan({ tasks: [bare] });
    expect(checked.ok && checked.plan.tasks[0]?.dependsOn).toEqual([]);
  });

  it('rejects a plan without tasks', () => {
    expect(problems({ tasks: [] })).toEqual(['tasks: holds no task: a plan needs at least one']);
    expect(problems({ steps: [] })).toEqual(['tasks: is missing']);
  });

  it('rejects repeated ids, unknown dependencies and self-dependencies', () => {
    expect(problems({ tasks: [task('a'), task('a'), task('b', ['b', 'zz'])] })).toEqual([
      'tasks.1.id: "a" is already the id of task 0: ids must be unique',
      'tasks.2.dependsOn.0: task "b" depends on itself',
      'tasks.2.dependsOn.1: "zz" is not a task of the plan (tasks: a, b)',
    ]);
  });

  it('names the cycle', () => {
    expect(problems({ tasks: [task('a', ['c']), task('b', ['a']), task('c', ['b'])] })).toEqual([
      'tasks: the dependencies form a cycle: a -> c -> b -> a; remove one of its edges',
    ]);
  });

  it('enforces the task limit, capabilities and field shapes', () => {
    expect(problems({ tasks: [task('a'), task('b'), task('c')] }, 2)).toEqual([
      'tasks: holds 3 tasks, over the limit of 2: merge tasks or raise maxTasks',
    ]);
    expect(problems({ tasks: [{ ...task('a'), capabilities: [] }] })).toEqual([
      'tasks.0.capabilities: is empty: name at least one capability a worker must offer',
    ]);
    expect(problems({ tasks: [{ ...task('bad id'), capabilities: ['Web Search'] }] })).toEqual([
      'tasks.0.id: "bad id" is not a task id: use 1 to 64 letters, digits, "_" or "-"',
      'tasks.0.capabilities.0: "Web Search" is not a capability name: write dotted lower case, such as "research"',
    ]);
  });
});
