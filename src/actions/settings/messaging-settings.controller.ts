import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal } from '../../auth';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { MessagingSettingsDto, MessagingSettingsPatchDto } from '../dto/actions-response.dto';
import { MessagingSettingsService } from './messaging-settings.service';

@ApiTags('Settings')
@Controller('api/v1/settings/messaging')
export class MessagingSettingsController {
  constructor(
    private readonly settings: MessagingSettingsService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@CurrentPrincipal() p: Principal): Promise<MessagingSettingsDto> {
    return this.settings.get(p.businessId);
  }

  /** Partial; validated by path (docs/actions.md "Settings"). */
  @Put()
  @ApiBody({ type: MessagingSettingsPatchDto })
  @ApiErrors({ 400: 'a field out of range or unknown, named by path' })
  async put(@CurrentPrincipal() p: Principal, @Body() body: unknown): Promise<MessagingSettingsDto> {
    const before = await this.settings.get(p.businessId);
    const after = await this.settings.update(p.businessId, body);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'settings.messaging.updated', change: { before, after } });
    return after;
  }
}
