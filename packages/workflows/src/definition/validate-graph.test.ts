import { expectThrownCode } from '@agenticflow/core/testing';
import { describe, expect, it } from 'vitest';
import { workflow } from './workflow-builder.js';

const noop = () => null;

function issuesOf(fn: () => unknown) {
  const error = expectThrownCode(fn, 'INVALID_WORKFLOW');
  return { message: error.message, issues: error.details.issues as Array<{ path: string[] }> };
}

describe('workflow graph validation', () => {
  it('rejects a cycle, naming the steps of the cycle in order', () => {
    const { message, issues } = issuesOf(() =>
      workflow('cyclic')
        .step('start', { run: noop })
        // @ts-expect-error `c` is not defined yet: the types already refuse forward references
        .step('a', { dependsOn: ['start', 'c'], run: noop })
        .step('b', { dependsOn: ['a'], run: noop })
        .step('c', { dependsOn: ['b'], run: noop })
        .step('after', { dependsOn: ['c'], run: noop })
        .build(),
    );
    expect(message).toContain('workflow cyclic is invalid');
    expect(message).toContain('steps form a cycle: a -> b -> c -> a');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['a', 'b', 'c', 'a']);
  });

  it('rejects a step that depends on itself', () => {
    const { message } = issuesOf(() =>
      workflow('selfish')
        // @ts-expect-error a step cannot name itself
        .step('a', { dependsOn: ['a'], run: noop })
        .build(),
    );
    expect(message).toContain('a: depends on itself');
  });

  it('rejects a dangling dependency, naming the step, the missing step and the known ones', () => {
    const { message, issues } = issuesOf(() =>
      workflow('dangling')
        .step('fetch', { run: noop })
        // @ts-expect-error `parse` is not a step
        .step('store', { dependsOn: ['fetch', 'parse'], run: noop })
        .build(),
    );
    expect(message).toContain(
      'store: depends on "parse", which is not a step of this workflow (steps: fetch, store)',
    );
    expect(issues.map((issue) => issue.path)).toEqual([['store']]);
  });

  it('rejects duplicate step ids', () => {
    const { message } = issuesOf(() =>
      workflow('twice').step('a', { run: noop }).step('a', { run: noop }).build(),
    );
    expect(message).toContain('a: is defined twice: step ids must be unique');
  });

  it.each([
    ['1st', 'starts with a digit'],
    ['has space', 'holds a space'],
    ['item[0]', 'looks like a map item id'],
    ['x'.repeat(101), 'is longer than 100 characters'],
    ['', 'is empty'],
  ])('rejects the step id %j, which %s', (id) => {
    const { message } = issuesOf(() => workflow('ids').step(id, { run: noop }).build());
    expect(message).toContain('step ids start with a letter');
  });

  it('lists every problem of a workflow in one error', () => {
    const { issues } = issuesOf(() =>
      workflow('many')
        .step('a', { run: noop })
        .step('a', { run: noop })
        .step('bad id', { run: noop })
        // @ts-expect-error `ghost` is not a step
        .step('b', { dependsOn: ['ghost'], run: noop })
        .build(),
    );
    expect(issues.map((issue) => issue.path)).toEqual([['a'], ['bad id'], ['b']]);
  });

  it('rejects a workflow without steps', () => {
    const { message } = issuesOf(() => workflow('empty').build());
    expect(message).toContain('(workflow): has no steps');
  });

  it('orders steps so each comes after its dependencies, whatever order they were added in', () => {
    const definition = workflow('diamond')
      .step('a', { run: noop })
      .step('b', { dependsOn: ['a'], run: noop })
      .step('c', { dependsOn: ['a'], run: noop })
      .step('d', { dependsOn: ['c', 'b'], run: noop })
      .build();
    const order = definition.steps.map((step) => step.id);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(definition.dependents.get('a')).toEqual(['b', 'c']);
    expect(definition.dependents.get('d')).toEqual([]);
  });
});
