// Deterministic pseudo-random numbers in SQL. random()/setseed() are per backend and parallel
// workers each get their own state, so a seed would not reproduce the same rows; instead every
// draw hashes (seed, purpose, key), where key identifies the client / week / day it is for.
// hashint8extended is built in, immutable and cheap (no text formatting per draw).

const MASK_52 = '4503599627370495'; // 2^52 - 1: the mantissa width of a float8
const TWO_52 = '4503599627370496.0';

export class DemoRandom {
  constructor(private readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  }

  /** SQL expression: a uniform float8 in [0, 1) for (seed, purpose, key). */
  u(key: string, purpose: number): string {
    // The seed and purpose are validated integers inlined as literals so the planner can fold them.
    const salt = BigInt(this.seed) * 1000n + BigInt(purpose);
    return `((hashint8extended((${key})::bigint, ${salt}) & ${MASK_52})::float8 / ${TWO_52})`;
  }

  /** SQL expression: an integer in [lo, hi]. */
  int(key: string, purpose: number, lo: number, hi: number): string {
    return `(${lo} + floor(${this.u(key, purpose)} * ${hi - lo + 1})::int)`;
  }

  /** SQL expression: picks one element of a 1-based SQL array expression with `len` elements. */
  pick(arraySql: string, len: number, key: string, purpose: number): string {
    return `(${arraySql})[${this.int(key, purpose, 1, len)}]`;
  }
}
