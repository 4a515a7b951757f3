import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ClientExportDto, EraseClientDto, ErasureResultDto } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

/** A member's data on request (quality.md "Security"): admins only, every call in the audit log. */
@ApiTags('Clients')
@Roles('admin')
@Controller('api/v1/clients')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** JSON of everything held about the client (docs/privacy.md). */
  @Get(':id/export')
  @ApiErrors({ 404: 'client not found' })
  export(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string): Promise<ClientExportDto> {
    return this.privacy.export(p.businessId, id, p);
  }

  /**
   * Removes the client's personal fields and the words written about it; keeps every anonymous
   * count. A later sync or webhook cannot bring the fields back. Calling it again is harmless.
   */
  @Post(':id/erase')
  @HttpCode(200)
  @ApiErrors({ 404: 'client not found', 400: 'reason missing' })
  erase(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('client')) id: string, @Body() dto: EraseClientDto): Promise<ErasureResultDto> {
    return this.privacy.erase(p.businessId, id, dto.reason.trim(), p);
  }
}
