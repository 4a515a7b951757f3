import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1000;

// argon2id with the OWASP baseline (19 MiB, 2 passes, 1 lane); the parameters travel in the
// PHC string, so raising them later only affects new hashes.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS as never);
}

// A hash of nothing anyone knows, made once: an unknown email, an invited user without a
// password and a wrong password all cost one verification, so timing tells them apart no better
// than the answer does.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash(`no-user-${Math.random()}-${Date.now()}`, OPTIONS as never));

/** True when password matches; a null hash is checked against the dummy and is always false. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await dummyHash(), password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
