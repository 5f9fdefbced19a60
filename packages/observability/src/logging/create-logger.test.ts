import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  trace,
} from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { REDACTED } from './redact-secrets.js';

const SECRET = 'sk-test-9d8c7b6a5f4e';

function capture() {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (line: string) => void lines.push(line) },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The smallest synchronous context manager: enough for getActiveSpan() inside context.with(). */
class StackContextManager implements ContextManager {
  private stack: Context[] = [];
  active(): Context {
    return this.stack.at(-1) ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.stack = [];
    return this;
  }
}

describe('createLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new StackContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it('never writes a planted secret: string field, nested object, message, error message and stack', () => {
    const out = capture();
    const logger = createLogger({ secrets: [SECRET], destination: out.destination });
    logger.info({ note: `using ${SECRET}` }, 'string field');
    logger.info(
      { request: { headers: { 'X-Api-Key': 'hdr-key-q81z', other: { value: SECRET } } } },
      'nested',
    );
    logger.warn(`message with ${SECRET}`);
    logger.warn('interpolated %s', SECRET);
    logger.error(new Error(`connect failed for ${SECRET}`), 'error first');
    logger.error({ err: new Error(`inside err ${SECRET}`) }, 'error field');
    logger.child({ apiKey: SECRET, tenant: SECRET }).info('child bindings');
    expect(out.lines).toHaveLength(7);
    const all = out.lines.join('');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('hdr-key-q81z');
    const records = out.records();
    expect(records[0]!.note).toBe(`using ${REDACTED}`);
    expect(records[1]!.request).toEqual({
      headers: { 'X-Api-Key': REDACTED, other: { value: REDACTED } },
    });
    expect(records[2]!.msg).toBe(`message with ${REDACTED}`);
    expect(records[3]!.msg).toBe(`interpolated ${REDACTED}`);
    expect(records[4]!.err).toMatchObject({
      type: 'Error',
      message: `connect failed for ${REDACTED}`,
    });
    expect((records[4]!.err as { stack: string }).stack).toContain(
      `Error: connect failed for ${REDACTED}`,
    );
    expect(records[5]!.err).toMatchObject({ message: `inside err ${REDACTED}` });
    expect(records[6]).toMatchObject({ apiKey: REDACTED, tenant: REDACTED });
  });

  it('redacts sensitive keys without configured secrets', () => {
    const out = capture();
    createLogger({ destination: out.destination }).info(
      { password: 'hunter22', Cookie: 'session=1' },
      'login',
    );
    expect(out.records()[0]).toMatchObject({ password: REDACTED, Cookie: REDACTED, msg: 'login' });
  });

  it('adds trace_id and span_id while a span is active', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
    });
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside'));
    logger.info('outside');
    const [inside, outside] = out.records();
    expect(inside).toMatchObject({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      trace_flags: '01',
    });
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('span_id');
  });

  it('respects the level and refuses unknown levels', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', destination: out.destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.records().map((record) => record.msg)).toEqual(['shown']);
    expect(() => createLogger({ level: 'verbose' as never })).toThrow(
      /log level "verbose" is not one of fatal, error/,
    );
    expect(() => createLogger({ destination: {} as never })).toThrow(
      /destination must be a stream/,
    );
  });
});
