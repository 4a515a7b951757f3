import { EnvSchema } from './env.schema';

// The validated config, provided once at the root; modules inject this, never process.env.
export const APP_CONFIG = Symbol('APP_CONFIG');
export type AppConfig = EnvSchema;
