import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentPrincipal, Principal, Roles } from '../../auth';
import { RowIdPipe } from '../../common/row-id';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { TouchDto } from '../dto/actions-response.dto';
import { DeliveryResendService } from './delivery-resend.service';

@ApiTags('Actions')
@Controller('api/v1/touches')
export class DeliveryResendController {
  constructor(private readonly resends: DeliveryResendService) {}

  /**
   * Sends a touch in doubt again (failed with error_code in_doubt: a worker stopped while handing
   * it to the provider, so it may or may not have arrived; docs/reliability.md). The touch is queued
   * with the caller recorded in resentBy; a second call finds it no longer in doubt (409).
   */
  @Roles('admin', 'marketer')
  @Post(':id/resend')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: TouchDto, description: 'The touch, queued again; a delivery job sends it with every guard re-checked' })
  @ApiErrors({ 404: 'touch not found', 409: 'the touch is not in doubt (never failed as in_doubt, or already resent)' })
  async resend(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('touch')) id: string): Promise<TouchDto> {
    return (await this.resends.resend(p.businessId, id, actorOf(p))) as unknown as TouchDto;
  }
}
