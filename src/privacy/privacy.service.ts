import { Injectable } from '@nestjs/common';
import { AuditActor, AuditLog } from '../audit';
import { notFound } from '../common/domain-error';
import { ClientErasureRepository } from './client-erasure.repository';
import { ClientExportRepository } from './client-export.repository';
import { ClientExport, ErasureResult } from './privacy.types';

/** A client's personal data exported and erased on request (docs/privacy.md); both audited. */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly exports: ClientExportRepository,
    private readonly erasure: ClientErasureRepository,
    private readonly audit: AuditLog,
  ) {}

  async export(businessId: string, clientId: string, actor: AuditActor): Promise<ClientExport> {
    const data = await this.exports.export(businessId, clientId);
    if (!data) throw notFound('client');
    const rows = Object.values(data.tables).reduce((n, t) => n + t.length, 0);
    await this.audit.record({ businessId, actor, action: 'client.exported', details: { clientId, rows } });
    return data;
  }

  /** Idempotent: a second call clears what arrived since and keeps the first erasure time. */
  async erase(businessId: string, clientId: string, reason: string, actor: AuditActor): Promise<ErasureResult> {
    // the caller checked the id's shape (RowIdPipe); the audit event commits with the erasure
    const result = await this.erasure.erase(businessId, clientId, (m, r) =>
      this.audit.record({ businessId, actor, action: 'client.erased', reason, details: { clientId, alreadyErased: r.alreadyErased, cleared: r.cleared } }, m).then(() => undefined),
    );
    if (!result) throw notFound('client');
    return result;
  }
}
