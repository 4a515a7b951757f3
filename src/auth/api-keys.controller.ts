import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
import { CurrentPrincipal, Principal } from './principal';
import { Roles } from './roles.decorator';

/** API keys for integrations and scripts (admin only). */
@Roles('admin')
@ApiTags('Settings')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<ApiKeyListDto> {
    return { items: await this.keys.list(p.businessId) };
  }

  /** 201 with apiKey: the only time the key is shown. */
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { lastUsedAt: _, revokedAt: __, ...created } = await this.keys.create(p.businessId, dto);
    return created;
  }

  /** 200 the key with revokedAt; requests with it answer 401 from now on. */
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(p.businessId, id);
  }
}
