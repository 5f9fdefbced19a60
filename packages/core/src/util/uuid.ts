import { randomFillSync } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';

/** Produces a new unique id on each call. */
export type IdGenerator = () => string;

/** True when `value` is a UUID in its canonical 8-4-4-4-12 hex form (any version, any case). */
export function isUuid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 36) return false;
  // A char-code loop: every appended event is checked, and a regex costs several times more.
  for (let index = 0; index < 36; index++) {
    const code = value.charCodeAt(index);
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== 45) return false;
    } else if (
      !((code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70))
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Creates a UUIDv7 generator (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that
 * keeps ids made in the same millisecond strictly increasing, then 62 random bits. Ids from one
 * generator sort in creation order, even when the clock steps backwards.
 *
 * @example
 * ```ts
 * const newId = createUuidV7Generator();
 * newId(); // '0192f3c4-8a1b-7000-9c4e-5d2f1a3b7e90'
 * ```
 */
export function createUuidV7Generator(clock: Clock = systemClock): IdGenerator {
  const next = createUuidV7Source();
  return () => next(clock.now());
}

/**
 * The UUIDv7 generator behind {@link createUuidV7Generator}, given the time of each id by its
 * caller: a store that reads the clock once per append uses that reading for its ids and its
 * event time. Ids stay strictly increasing whatever times it is given.
 */
export function createUuidV7Source(): (nowMs: number) => string {
  const random = new Uint8Array(RANDOM_BYTES);
  let randomOffset = RANDOM_BYTES;
  let lastMs = -1;
  let counter = 0;
  /** Char codes of the 12 hex digits of `lastMs`. */
  const time: number[] = new Array(12).fill(48);

  return function uuidV7(nowMs: number): string {
    let ms = nowMs;
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        // The counter ran out within one millisecond: borrow the next millisecond.
        ms = lastMs + 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    if (ms !== lastMs) {
      // The 48-bit time changes at most once a millisecond: take its digits apart then.
      const hex = ms.toString(16).padStart(12, '0');
      for (let index = 0; index < 12; index++) time[index] = hex.charCodeAt(index);
      lastMs = ms;
    }
    if (randomOffset + 8 > RANDOM_BYTES) {
      randomFillSync(random);
      randomOffset = 0;
    }
    const at = randomOffset;
    randomOffset += 8;
    // 62 random bits: 2 + 4 of byte 0 (bits 2-3 unused), then 7 whole bytes.
    const b0 = random[at]!;
    const b1 = random[at + 1]!;
    const b2 = random[at + 2]!;
    const b3 = random[at + 3]!;
    const b4 = random[at + 4]!;
    const b5 = random[at + 5]!;
    const b6 = random[at + 6]!;
    const b7 = random[at + 7]!;
    // One flat string in one allocation: a template literal builds a tree of pieces, which costs
    // more to make, to keep (ids live as long as their events) and to compare.
    return String.fromCharCode(
      time[0]!,
      time[1]!,
      time[2]!,
      time[3]!,
      time[4]!,
      time[5]!,
      time[6]!,
      time[7]!,
      DASH,
      time[8]!,
      time[9]!,
      time[10]!,
      time[11]!,
      DASH,
      VERSION_7,
      HEX[counter >> 8]!,
      HEX[(counter >> 4) & 15]!,
      HEX[counter & 15]!,
      DASH,
      HEX[8 | (b0 & 3)]!,
      HEX[b0 >> 4]!,
      HEX[b1 >> 4]!,
      HEX[b1 & 15]!,
      DASH,
      HEX[b2 >> 4]!,
      HEX[b2 & 15]!,
      HEX[b3 >> 4]!,
      HEX[b3 & 15]!,
      HEX[b4 >> 4]!,
      HEX[b4 & 15]!,
      HEX[b5 >> 4]!,
      HEX[b5 & 15]!,
      HEX[b6 >> 4]!,
      HEX[b6 & 15]!,
      HEX[b7 >> 4]!,
      HEX[b7 & 15]!,
    );
  };
}

/** Random bytes fetched at once: 8 per id. */
const RANDOM_BYTES = 4096;
/** Char codes of the hex digits `0`…`f`. */
const HEX: number[] = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));
const DASH = 45;
/** `7`: the UUID version nibble. */
const VERSION_7 = 55;

/** The default id generator: UUIDv7 on the system clock. */
export const newId: IdGenerator = createUuidV7Generator();

/** The creation time (Unix milliseconds) encoded in a UUIDv7. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
