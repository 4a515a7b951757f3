// The privacy module's public surface.
export { PrivacyModule } from './privacy.module';
export { PrivacyService } from './privacy.service';
export { CLIENT_TABLES, ERASED_TEXT } from './personal-data.tables';
export type { ClientExport, ErasureResult } from './privacy.types';
