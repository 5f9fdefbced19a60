import {
  collect,
  type EventStore,
  type ExpectedVersion,
  hasErrorCode,
  type NewEvent,
} from '@agenticflow/core';
import { makeEvents } from '@agenticflow/core/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { uniqueToken } from '../ids.js';

/** The simplest possible store: the reference the real one is compared with. */
interface Model {
  readonly streams: Map<string, { ids: string[]; deleted: boolean }>;
  readonly log: Array<{ streamId: string; id: string }>;
  lastAppend?: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion };
}

interface Real {
  readonly store: EventStore;
  readonly prefix: string;
}

type Expectation = 'correct' | 'stale' | 'any' | 'no_stream' | 'exists';

const STREAMS = 3;
const streamName = (real: Real, index: number) => `${real.prefix}s${index}`;

function versionOf(model: Model, streamId: string): number {
  return model.streams.get(streamId)?.ids.length ?? 0;
}

function isDeleted(model: Model, streamId: string): boolean {
  return model.streams.get(streamId)?.deleted ?? false;
}

function expectedVersionFor(model: Model, streamId: string, kind: Expectation): ExpectedVersion {
  if (kind === 'correct') return versionOf(model, streamId);
  if (kind === 'stale') return versionOf(model, streamId) + 1;
  return kind;
}

function accepts(expected: ExpectedVersion, version: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return version === 0;
  if (expected === 'exists') return version > 0;
  return expected === version;
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (hasErrorCode(error, 'EXPECTED_VERSION_CONFLICT')) return 'conflict';
    if (hasErrorCode(error, 'STREAM_DELETED')) return 'deleted';
    throw error;
  }
}

class AppendCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly count: number,
    readonly kind: Expectation,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const streamId = streamName(real, this.stream);
    const expectedVersion = expectedVersionFor(model, streamId, this.kind);
    const events = makeEvents(this.count, 'model.appended');
    const predicted = isDeleted(model, streamId)
      ? 'deleted'
      : accepts(expectedVersion, versionOf(model, streamId))
        ? 'ok'
        : 'conflict';
    expect(await outcome(real.store.append(streamId, events, { expectedVersion }))).toBe(predicted);
    if (predicted !== 'ok' || events.length === 0) return;
    const stream = model.streams.get(streamId) ?? { ids: [], deleted: false };
    model.streams.set(streamId, stream);
    for (const event of events) {
      stream.ids.push(event.id!);
      model.log.push({ streamId, id: event.id! });
    }
    model.lastAppend = { streamId, events, expectedVersion };
  }
  toString = () => `append(s${this.stream}, ${this.count}, ${this.kind})`;
}

class RetryLastAppendCommand implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) => model.lastAppend !== undefined;
  async run(model: Model, real: Real): Promise<void> {
    const last = model.lastAppend!;
    if (isDeleted(model, last.streamId)) {
      expect(
        await outcome(
          real.store.append(last.streamId, last.events, { expectedVersion: last.expectedVersion }),
        ),
      ).toBe('deleted');
      return;
    }
    const result = await real.store.append(last.streamId, last.events, {
      expectedVersion: last.expectedVersion,
    });
    expect(result.duplicate).toBe(true);
    expect(result.events.map((event) => event.id)).toEqual(last.events.map((event) => event.id));
  }
  toString = () => 'retryLastAppend()';
}

class ReadStreamCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stream: number,
    readonly backwards: boolean,
    readonly fromVersion: number | undefined,
    readonly limit: number | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const streamId = streamName(real, this.stream);
    const options = {
      direction: this.backwards ? ('backwards' as const) : ('forwards' as const),
      ...(this.fromVersion !== undefined ? { fromVersion: this.fromVersion } : {}),
      ...(this.limit !== undefined ? { limit: this.limit } : {}),
    };
    const actual = (await collect(real.store.readStream(streamId, options))).map(
      (event) => event.id,
    );
    const stream = model.streams.get(streamId);
    const ids = stream && !stream.deleted ? stream.ids : [];
    let expected: string[];
    if (this.backwards) {
      const start = Math.min(this.fromVersion ?? ids.length, ids.length);
      expected = ids.slice(0, start).reverse();
    } else {
      expected = ids.slice((this.fromVersion ?? 1) - 1);
    }
    if (this.limit !== undefined) expected = expected.slice(0, this.limit);
    expect(actual).toEqual(expected);
  }
  toString = () =>
    `readStream(s${this.stream}, ${this.backwards ? 'backwards' : 'forwards'}, from ${this.fromVersion}, limit ${this.limit})`;
}

class ReadAllCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly skip: number,
    readonly limit: number | undefined,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const visible = model.log.filter((entry) => !isDeleted(model, entry.streamId));
    const all = await collect(real.store.readAll({ streamPrefix: real.prefix }));
    expect(all.map((event) => event.id)).toEqual(visible.map((entry) => entry.id));
    const from = all[this.skip]?.position;
    if (from === undefined) return;
    const page = await collect(
      real.store.readAll({
        streamPrefix: real.prefix,
        fromPosition: from,
        ...(this.limit !== undefined ? { limit: this.limit } : {}),
      }),
    );
    const expected = visible.slice(
      this.skip,
      this.limit === undefined ? undefined : this.skip + this.limit,
    );
    expect(page.map((event) => event.id)).toEqual(expected.map((entry) => entry.id));
  }
  toString = () => `readAll(skip ${this.skip}, limit ${this.limit})`;
}

class DeleteStreamCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly stream: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const streamId = streamName(real, this.stream);
    const stream = model.streams.get(streamId);
    const existed = stream !== undefined && !stream.deleted && stream.ids.length > 0;
    expect(await real.store.deleteStream(streamId)).toBe(existed);
    if (existed) stream.deleted = true;
  }
  toString = () => `deleteStream(s${this.stream})`;
}

const stream = fc.integer({ min: 0, max: STREAMS - 1 });
const commands = [
  fc
    .tuple(
      stream,
      fc.integer({ min: 0, max: 3 }),
      fc.constantFrom<Expectation>('correct', 'correct', 'stale', 'any', 'no_stream', 'exists'),
    )
    .map(([s, count, kind]) => new AppendCommand(s, count, kind)),
  fc.constant(null).map(() => new RetryLastAppendCommand()),
  fc
    .tuple(
      stream,
      fc.boolean(),
      fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    )
    .map(([s, backwards, from, limit]) => new ReadStreamCommand(s, backwards, from, limit)),
  fc
    .tuple(
      fc.integer({ min: 0, max: 10 }),
      fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    )
    .map(([skip, limit]) => new ReadAllCommand(skip, limit)),
  stream.map((s) => new DeleteStreamCommand(s)),
];

export function modelBasedSuite(getStore: () => EventStore): void {
  it('behaves like a simple reference model under random sequences of operations', async () => {
    const store = getStore();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 25 }), async (sequence) => {
        const setup = () => ({
          model: { streams: new Map(), log: [] } as Model,
          real: { store, prefix: `${uniqueToken()}-` },
        });
        await fc.asyncModelRun(setup, sequence);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
}
