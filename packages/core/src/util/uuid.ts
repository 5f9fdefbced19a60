import { randomFillSync } from 'node:crypto';
import { type Clock, systemClock } from './clock.js';

/** Produces a new unique id on each call. */
export type IdGenerator = () => string;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const RANDOM_POOL_BYTES = 4096;

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
  const pool = new Uint8Array(RANDOM_POOL_BYTES);
  let poolOffset = RANDOM_POOL_BYTES;
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);

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
    lastMs = ms;
    if (poolOffset + 8 > RANDOM_POOL_BYTES) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const high = Math.floor(ms / 0x1000000);
    const low = ms % 0x1000000;
    bytes[0] = (high >>> 16) & 0xff;
    bytes[1] = (high >>> 8) & 0xff;
    bytes[2] = high & 0xff;
    bytes[3] = (low >>> 16) & 0xff;
    bytes[4] = (low >>> 8) & 0xff;
    bytes[5] = low & 0xff;
    bytes[6] = 0x70 | (counter >>> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (pool[poolOffset]! & 0x3f);
    for (let i = 9; i < 16; i++) bytes[i] = pool[poolOffset + i - 8]!;
    poolOffset += 8;
    return format(bytes);
  };
}

function format(b: Uint8Array): string {
  const h = (i: number) => HEX[b[i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** The default id generator: UUIDv7 on the system clock. */
export const newId: IdGenerator = createUuidV7Generator();

/** The creation time (Unix milliseconds) encoded in a UUIDv7. */
export function uuidV7Time(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
