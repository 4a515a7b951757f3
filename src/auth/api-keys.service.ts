import { Injectable } from '@nestjs/common';
import { notFound } from '../common/domain-error';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import { invalidField } from './auth.errors';
import { CreateApiKeyDto } from './dto/api-key.dto';
import { DomainError, ErrorCode } from '../common/domain-error';

/** API keys of a business: list, create and rotate (the secret shown once), revoke. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly keys: ApiKeysRepository) {}

  list(businessId: string): Promise<ApiKeyRow[]> {
    return this.keys.list(businessId);
  }

  async create(businessId: string, dto: CreateApiKeyDto): Promise<ApiKeyRow & { apiKey: string }> {
    if (dto.role === 'staff' && !dto.staffId) throw invalidField('staffId', 'is required for the staff role (the staff member whose tasks are "my tasks")');
    const created = await this.keys.create(businessId, { name: dto.name.trim(), role: dto.role, staffId: dto.staffId ?? null });
    if (!created) throw invalidField('staffId', 'is not an active staff member of this business');
    return created;
  }

  /** A new secret shown once; 404 for a key that is not the business's, 409 for a revoked one. */
  async rotate(businessId: string, id: string, graceMinutes: number): Promise<ApiKeyRow & { apiKey: string }> {
    const rotated = await this.keys.rotate(businessId, id, graceMinutes);
    if (rotated) return rotated;
    const exists = (await this.keys.list(businessId)).some((k) => k.id === id);
    if (exists) throw new DomainError(ErrorCode.Conflict, 'this API key is revoked; create a new one instead');
    throw notFound('API key');
  }

  async revoke(businessId: string, id: string): Promise<ApiKeyRow> {
    const key = await this.keys.revoke(businessId, id);
    if (!key) throw notFound('API key');
    return key;
  }
}
