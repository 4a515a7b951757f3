import { createHash } from 'crypto';

// Two 32-bit keys from a name, so unrelated locks cannot collide on small integers.
export function lockKeys(name: string): [number, number] {
  const h = createHash('sha256').update(name).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}
