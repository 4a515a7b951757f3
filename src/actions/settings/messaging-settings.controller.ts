import { Body, Controller, Get, Put } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { MessagingSettingsService } from './messaging-settings.service';

@Controller('api/v1/settings/messaging')
export class MessagingSettingsController {
  constructor(private readonly settings: MessagingSettingsService) {}

  @Get()
  get(@CurrentPrincipal() p: Principal) {
    return this.settings.get(p.businessId);
  }

  /** Partial; validated by path (docs/actions.md "Settings"). */
  @Put()
  put(@CurrentPrincipal() p: Principal, @Body() body: unknown) {
    return this.settings.update(p.businessId, body);
  }
}
