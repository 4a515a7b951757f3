import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvSchema } from './env.schema';

export class ConfigError extends Error {}

// Defaults live on EnvSchema; only variables that are set override them.
export function validateEnv(env: NodeJS.ProcessEnv = process.env): EnvSchema {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(EnvSchema, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  if (config.NODE_ENV === 'production' && config.SECRETS_KEY === new EnvSchema().SECRETS_KEY) {
    problems.push('SECRETS_KEY must be set to your own key in production');
  }
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}
