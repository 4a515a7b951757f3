// The public surface of clients (docs/architecture.md): other folders import only what is here.
export { ClientsHttpModule, ClientsModule } from './clients.module';
export { IngestService } from './ingest/ingest.service';
export type { IngestTransaction } from './ingest/ingest.service';
export type { ClientChange, IngestBatch, WriteResult } from './ingest/ingest.types';
export { activeQuotaSql, activeSubscriptionSql, hasActivePackageSql, isMemberSql, localTodaySql, monthlyCostSql } from './membership.sql';
export { BOOKING_STATES, ENTITY_NAMES, ENTITY_SPECS, GENDERS, LOAD_ORDER, PAYMENT_METHODS, PRODUCT_KINDS, entitySpec, isEntityName } from './records/record-specs';
export type { CanonicalRecord, ChangeKind, EntityName, EntitySpec, FieldSpec } from './records/record-specs';
export { isIsoDate, isIsoTimestamp, validateRecords } from './records/record-validator';
