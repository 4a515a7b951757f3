// The public surface of business (docs/architecture.md): other folders import only what is here.
export { generateApiKey } from './api-key';
export { BusinessModule } from './business.module';
export { BusinessRepository } from './business.repository';
export { isValidTimezone } from './timezone';
