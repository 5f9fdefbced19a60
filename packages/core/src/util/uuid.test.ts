import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { createUuidV7Generator, isUuid, newId, uuidV7Time } from './uuid.js';

const START = Date.parse('2026-01-01T00:00:00.000Z');

function counterOf(id: string): number {
  return Number.parseInt(id.slice(15, 18), 16);
}

function expectStrictlyIncreasing(ids: readonly string[]): void {
  for (let index = 1; index < ids.length; index++) {
    expect(
      ids[index]! > ids[index - 1]!,
      `id #${index} ${ids[index]} after ${ids[index - 1]}`,
    ).toBe(true);
  }
}

describe('createUuidV7Generator', () => {
  it('produces lower-case canonical UUIDs with version 7 and the RFC 9562 variant', () => {
    const next = createUuidV7Generator();
    for (let i = 0; i < 200; i++) {
      const id = next();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('encodes the clock time in the first 48 bits, which uuidV7Time reads back', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    expect(uuidV7Time(next())).toBe(START);
    clock.set(0xffffffffffff); // the largest 48-bit millisecond value
    expect(uuidV7Time(next())).toBe(0xffffffffffff);
    clock.set(1);
    const late = createUuidV7Generator(clock);
    expect(uuidV7Time(late())).toBe(1);
  });

  it('keeps ids strictly increasing while the clock stands still', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    const ids = Array.from({ length: 1000 }, () => next());
    expectStrictlyIncreasing(ids);
    expect(ids.every((id) => uuidV7Time(id) === START)).toBe(true);
  });

  it('keeps ids strictly increasing when the clock steps backwards', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    const ids = [next(), next()];
    clock.set(START - 60_000);
    ids.push(next(), next());
    clock.set(START - 120_000);
    ids.push(next());
    expectStrictlyIncreasing(ids);
    // Going backwards reuses the last timestamp rather than the clock's.
    expect(uuidV7Time(ids[4]!)).toBe(START);
  });

  it('resets the counter when the clock moves forwards', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    next();
    expect(counterOf(next())).toBe(1);
    clock.advance(1);
    const id = next();
    expect(counterOf(id)).toBe(0);
    expect(uuidV7Time(id)).toBe(START + 1);
  });

  it('borrows the next millisecond when the 12-bit counter overflows, staying increasing', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    const ids = Array.from({ length: 0x1000 + 10 }, () => next());
    expectStrictlyIncreasing(ids);
    expect(counterOf(ids[0x0fff]!)).toBe(0xfff);
    expect(uuidV7Time(ids[0x0fff]!)).toBe(START);
    expect(uuidV7Time(ids[0x1000]!)).toBe(START + 1);
    expect(counterOf(ids[0x1000]!)).toBe(0);
    // The clock catching up with the borrowed millisecond must not repeat an id.
    clock.advance(1);
    const after = next();
    expect(after > ids[ids.length - 1]!).toBe(true);
  });

  it('fills the random bits differently for each id', () => {
    const clock = new ManualClock(START);
    const next = createUuidV7Generator(clock);
    const tails = new Set(Array.from({ length: 5000 }, () => next().slice(19)));
    expect(tails.size).toBe(5000);
  });

  it('gives the default newId a time close to now', () => {
    const before = Date.now();
    const time = uuidV7Time(newId());
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs of any version and either case', () => {
    expect(isUuid(newId())).toBe(true);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isUuid('0192F3C4-8A1B-7000-9C4E-5D2F1A3B7E90')).toBe(true);
    expect(isUuid('01234567-89ab-cdef-0123-456789abcdef')).toBe(true);
  });

  it('rejects anything that is not the 8-4-4-4-12 hex form', () => {
    for (const value of [
      '',
      '0192f3c48a1b70009c4e5d2f1a3b7e90',
      '{0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90}',
      '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e9g',
      '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90 ',
      ' 0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e9',
      'urn:uuid:0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90',
      42,
      null,
      undefined,
      { id: '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90' },
    ]) {
      expect(isUuid(value), String(value)).toBe(false);
    }
  });
});
