import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, AnyRole, Roles } from '../../auth';
import { notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ContactPreferencesDto, RecordConsentDto } from '../dto/actions.dto';
import { ClientConsentDto, ContactPreferencesResultDto } from '../dto/actions-response.dto';
import { MessagingSettingsService } from '../settings/messaging-settings.service';
import { ConsentRepository } from './consent.repository';
import { RowIdPipe } from '../../common/row-id';

/** A client's consent (current and ledger) and contact preferences (the sleeping flag). */
@ApiTags('Clients')
@ApiErrors({ 404: 'client not found' })
@Controller('api/v1/clients/:id')
export class ConsentController {
  constructor(
    private readonly consent: ConsentRepository,
    private readonly settings: MessagingSettingsService,
  ) {}

  @AnyRole()
  @Get('consent')
  async get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string): Promise<ClientConsentDto> {
    const out = await this.consent.forClient(p.businessId, id, (await this.settings.get(p.businessId)).unknownConsent);
    if (!out) throw notFound('client');
    return out;
  }

  /** An opt-in or opt-out recorded by staff, a form or an import, with its evidence. */
  @Roles('admin', 'marketer', 'staff')
  @Post('consent')
  async record(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Body() dto: RecordConsentDto): Promise<ClientConsentDto> {
    const recorded = await this.consent.record(p.businessId, [id], {
      channel: dto.channel,
      granted: dto.granted,
      source: dto.source ?? 'staff',
      evidence: { ...(dto.evidence ?? {}), recordedBy: { apiKeyId: p.keyId, userId: p.userId, role: p.role } },
    });
    if (!recorded.length) throw notFound('client');
    return (await this.consent.forClient(p.businessId, id, (await this.settings.get(p.businessId)).unknownConsent))!;
  }

  @AnyRole()
  @Get('contact-preferences')
  async preferences(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string): Promise<ContactPreferencesResultDto> {
    const prefs = await this.consent.getPreferences(p.businessId, id);
    if (!prefs) throw notFound('client');
    return prefs;
  }

  /** Sleeping members are not contacted automatically (actions.md "Sleeping members"). */
  @Roles('admin', 'marketer', 'staff')
  @Put('contact-preferences')
  async setPreferences(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Body() dto: ContactPreferencesDto): Promise<ContactPreferencesResultDto> {
    const prefs = await this.consent.setSleeping(p.businessId, id, dto.sleeping, dto.note ?? null);
    if (!prefs) throw notFound('client');
    return prefs;
  }
}
