import { randomBytes } from 'crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, resolve } from 'path';
import { PROJECT_ROOT } from './project-root';

/**
 * The key tests run with. It is in the source, so it is public: accepted only when
 * NODE_ENV=test, never by a process anybody could reach (issue #17: a token forged with it worked).
 */
const TEST_SECRETS_KEY = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff';

const HEX_KEY = /^[0-9a-f]{64}$/i;

/** The checkout's own development key: `.comeback/secrets.key` at the project root (git-ignored). */
export function defaultLocalKeyFile(): string {
  return resolve(PROJECT_ROOT, '.comeback', 'secrets.key');
}

/**
 * SECRETS_KEY for a process that did not set one, or why it cannot run:
 * - NODE_ENV=test: the public test key;
 * - NODE_ENV=production: none (it must be set);
 * - otherwise (development: the demo, `npm start` on a laptop, the CLI, benchmarks): the key
 *   generated for this checkout the first time one was needed, kept in `file` (mode 0600), so
 *   every local process reads what the others sealed.
 */
export function unsetSecretsKey(nodeEnv: string, file: string): { key: string } | { problem: string } {
  if (nodeEnv === 'test') return { key: TEST_SECRETS_KEY };
  if (nodeEnv === 'production') return { problem: 'SECRETS_KEY must be set to your own key in production (64 hex characters: openssl rand -hex 32)' };
  try {
    if (existsSync(file)) {
      const key = readFileSync(file, 'utf8').trim();
      if (!HEX_KEY.test(key) || key.toLowerCase() === TEST_SECRETS_KEY)
        return { problem: `${file} does not hold a usable SECRETS_KEY (64 hex characters); delete it to have a new one made, or set SECRETS_KEY` };
      return { key };
    }
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const key = randomBytes(32).toString('hex');
    // 'wx': two processes starting at once cannot both write; the loser reads the winner's key
    try {
      writeFileSync(file, `${key}\n`, { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return unsetSecretsKey(nodeEnv, file);
      throw e;
    }
    chmodSync(file, 0o600);
    return { key };
  } catch (e) {
    return { problem: `SECRETS_KEY is not set and this checkout's development key (${file}) could not be read or made: ${(e as Error).message}` };
  }
}

/** The public test key outside NODE_ENV=test: refused, whatever else is set. */
export function publicKeyProblem(nodeEnv: string, key: string): string | undefined {
  if (nodeEnv !== 'test' && key.toLowerCase() === TEST_SECRETS_KEY) {
    return "SECRETS_KEY is the public test key from the source; only tests (NODE_ENV=test) may use it. Set your own (openssl rand -hex 32), or unset it outside production to use the checkout's generated development key";
  }
  return undefined;
}
