import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema } from './env.schema';
import { defaultLocalKeyFile, publicKeyProblem, unsetSecretsKey } from './secrets-key';

export class ConfigError extends Error {}

// Defaults live on EnvSchema; only variables that are set override them.
// SECRETS_KEY has no default in the schema: an unset key is the test key under NODE_ENV=test, an
// error in production, and the checkout's generated key otherwise (secrets-key.ts; `localKeyFile`
// moves that file, for tests).
export function validateEnv(env: NodeJS.ProcessEnv = process.env, opts: { localKeyFile?: string } = {}): EnvSchema {
  const defined: Record<string, string> = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const problems: string[] = [];
  const nodeEnv = defined.NODE_ENV ?? new EnvSchema().NODE_ENV;
  if (defined.SECRETS_KEY === undefined) {
    const unset = unsetSecretsKey(nodeEnv, opts.localKeyFile ?? defaultLocalKeyFile());
    if ('key' in unset) defined.SECRETS_KEY = unset.key;
    else problems.push(unset.problem);
  } else {
    const problem = publicKeyProblem(nodeEnv, defined.SECRETS_KEY);
    if (problem) problems.push(problem);
  }
  const config = plainToInstance(EnvSchema, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  // an unset key already has its own line above
  const keyUnset = defined.SECRETS_KEY === undefined;
  problems.push(...errors.flatMap((e) => Object.values(e.constraints ?? {})).filter((m) => !(keyUnset && m.startsWith('SECRETS_KEY'))));
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
