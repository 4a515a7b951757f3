import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { AuditLog } from '../audit';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto, RotateApiKeyDto, RotatedApiKeyDto } from './dto/api-key.dto';
import { CurrentPrincipal, Principal } from './principal';
import { Roles } from './roles.decorator';

/** API keys for integrations and scripts (admin only); every change goes to the audit log. */
@Roles('admin')
@ApiTags('Settings')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<ApiKeyListDto> {
    return { items: await this.keys.list(p.businessId) };
  }

  /** 201 with apiKey: the only time the key is shown. */
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { lastUsedAt: _, revokedAt: __, rotatedAt: ___, previousExpiresAt: ____, ...created } = await this.keys.create(p.businessId, dto);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'api_key.created', details: { keyId: created.id, name: created.name, role: created.role, prefix: created.prefix } });
    return created;
  }

  /**
   * A new secret for the key, shown once in this answer; name, role and staff member stay. The old
   * secret stops working at once, or after `graceMinutes` (at most 1440) so an integration can
   * switch without downtime.
   */
  @Post(':id/rotate')
  @HttpCode(200)
  @ApiErrors({ 404: 'API key not found', 409: 'the key is revoked' })
  async rotate(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('API key', 'uuid')) id: string, @Body() dto: RotateApiKeyDto): Promise<RotatedApiKeyDto> {
    const { lastUsedAt: _, revokedAt: __, ...rotated } = await this.keys.rotate(p.businessId, id, dto.graceMinutes ?? 0);
    await this.audit.record({
      businessId: p.businessId,
      actor: p,
      action: 'api_key.rotated',
      details: { keyId: rotated.id, name: rotated.name, prefix: rotated.prefix, graceMinutes: dto.graceMinutes ?? 0 },
    });
    return rotated;
  }

  /** 200 the key with revokedAt; requests with it answer 401 from now on. */
  @Post(':id/revoke')
  @HttpCode(200)
  async revoke(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('API key', 'uuid')) id: string): Promise<ApiKeyDto> {
    const key = await this.keys.revoke(p.businessId, id);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'api_key.revoked', details: { keyId: key.id, name: key.name, prefix: key.prefix } });
    return key;
  }
}
