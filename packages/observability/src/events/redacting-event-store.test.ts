import {
  type AgenticEvent,
  collect,
  ForwardingEventStore,
  hasErrorCode,
  InMemoryEventStore,
  type NewEvent,
} from '@agenticflow/core';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../logging/redact-secrets.js';
import { redactEventStore } from './redacting-event-store.js';

const SECRET = 'sk-live-7f3a9c21';

/** Remembers the batches the wrapper hands on. */
class RecordingStore extends ForwardingEventStore {
  readonly batches: Array<readonly NewEvent[]> = [];
  override append(...args: Parameters<InMemoryEventStore['append']>) {
    this.batches.push(args[1]);
    return super.append(...args);
  }
}

function open(secrets: readonly (string | undefined)[] = [SECRET]) {
  const inner = new RecordingStore(new InMemoryEventStore());
  return { inner, store: redactEventStore(inner, { secrets }) };
}

describe('redactEventStore', () => {
  it('redacts secrets in strings and keys of data and metadata, at any depth, before writing', async () => {
    const { store } = open();
    const result = await store.append('run-1', [
      {
        type: 'tool.failed',
        data: {
          error: { message: `login with ${SECRET} refused`, codes: ['E1', `x${SECRET}x`] },
          [`header-${SECRET}`]: 'kept',
          attempts: 2,
          ok: false,
          nothing: null,
        },
        metadata: { actor: `agent ${SECRET}` },
      },
    ]);
    const expected = {
      error: { message: `login with ${REDACTED} refused`, codes: ['E1', `x${REDACTED}x`] },
      [`header-${REDACTED}`]: 'kept',
      attempts: 2,
      ok: false,
      nothing: null,
    };
    const [stored] = await collect(store.readStream('run-1'));
    expect(stored!.data).toEqual(expected);
    expect(stored!.metadata).toEqual({ actor: `agent ${REDACTED}` });
    expect(result.events[0]).toEqual(stored);
    expect(JSON.stringify([stored!.data, stored!.metadata])).not.toContain(SECRET);
  });

  it('hands batches without a secret on untouched', async () => {
    const { inner, store } = open();
    const events: NewEvent[] = [{ type: 'step.completed', data: { output: 'fine' } }];
    await store.append('run-1', events);
    expect(inner.batches[0]).toBe(events);
  });

  it('finds a secret in its JSON-escaped form and leaves numbers alone', async () => {
    const quoted = 'pa"ss\\word-91';
    const numeric = '90817263';
    const { store } = open([quoted, numeric]);
    await store.append('run-1', [
      { type: 'x.done', data: { text: `a ${quoted} b`, pin: `${numeric}`, count: 90817263 } },
    ]);
    const [stored] = await collect(store.readStream('run-1'));
    expect(stored!.data).toEqual({ text: `a ${REDACTED} b`, pin: REDACTED, count: 90817263 });
  });

  it('redacts the state of a saved snapshot', async () => {
    const { store } = open();
    await store.append('run-1', [{ type: 'x.done', data: null }]);
    await store.saveSnapshot('run-1', { version: 1, state: { token: SECRET, n: 1 } });
    expect((await store.loadSnapshot('run-1'))!.state).toEqual({ token: REDACTED, n: 1 });
  });

  it('leaves refusing invalid events to the store underneath, and writes nothing', async () => {
    const { store } = open();
    const error = await store
      .append('run-1', [{ type: 'x.done', data: { when: new Date(), note: SECRET } } as never])
      .catch((caught: unknown) => caught);
    expect(hasErrorCode(error, 'VALIDATION_FAILED')).toBe(true);
    expect(await collect(store.readStream('run-1'))).toEqual([]);
  });

  it('ignores unset secrets and refuses values that would mask ordinary text', async () => {
    const { inner, store } = open([undefined, '']);
    const events: NewEvent[] = [{ type: 'x.done', data: { note: SECRET } }];
    await store.append('run-1', events);
    expect(inner.batches[0]).toBe(events);
    for (const secrets of [['abc'], 'sk-1234', [42]]) {
      let error: unknown;
      try {
        redactEventStore(new InMemoryEventStore(), { secrets: secrets as never });
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'INVALID_CONFIGURATION')).toBe(true);
    }
  });

  it('passes reads through: events written around it are read as they are', async () => {
    const inner = new InMemoryEventStore();
    await inner.append('run-1', [{ type: 'x.done', data: { note: SECRET } }]);
    const store = redactEventStore(inner, { secrets: [SECRET] });
    const events: AgenticEvent[] = await collect(store.readAll());
    expect(events[0]!.data).toEqual({ note: SECRET });
  });
});
