import { randomBytes } from 'node:crypto';
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
  let randomHex = '';
  let randomOffset = RANDOM_HEX_CHARS;
  let lastMs = -1;
  let counter = 0;
  let timePrefix = '';

  return function uuidV7(): string {
    let ms = clock.now();
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
      // The 48-bit time and the version nibble change at most once a millisecond: format them then.
      const hex = ms.toString(16).padStart(12, '0');
      timePrefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7`;
      lastMs = ms;
    }
    if (randomOffset + 16 > RANDOM_HEX_CHARS) {
      randomHex = randomBytes(RANDOM_HEX_CHARS / 2).toString('hex');
      randomOffset = 0;
    }
    const random = randomOffset;
    randomOffset += 16;
    return `${timePrefix}${HEX3[counter]}-${VARIANT[randomHex.charCodeAt(random)]}${randomHex.slice(random + 1, random + 4)}-${randomHex.slice(random + 4, random + 16)}`;
  };
}

const RANDOM_HEX_CHARS = 8192;
/** `000`…`fff`: the 12-bit counter in hex. */
const HEX3: string[] = Array.from({ length: 4096 }, (_, i) => i.toString(16).padStart(3, '0'));
/** The RFC 9562 variant (`10xx`) nibble for a random hex digit, indexed by its char code. */
const VARIANT: string[] = (() => {
  const table: string[] = [];
  for (const digit of '0123456789abcdef')
    table[digit.charCodeAt(0)] = '89ab'[Number.parseInt(digit, 16) & 3]!;
  return table;
})();

/** The default id generator: UUIDv7 on the system clock. */
export const newId: IdGenerator = createUuidV7Generator();

/** The creation time (Unix milliseconds) encoded in a UUIDv7. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
