import { Controller, Head, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { Public } from '../../auth';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { WebhookAckDto } from './dto/webhook-response.dto';
import { WebhookIntakeService } from './webhook-intake.service';

/** Authenticated by each connector's signature check, not by API key. */
@ApiTags('Webhooks')
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  // Mindbody checks a subscription's URL with a HEAD request before activating it.
  @Head(':source/:businessId')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The URL exists (no body)' })
  validate(): void {}

  @Post(':source/:businessId')
  @HttpCode(202)
  @ApiBody({
    description:
      'The raw delivery, verified by its signature (mindbody: X-Mindbody-Signature; generic: X-Comeback-Signature or the header the connection names, see GET /api/v1/schema/events; pushpress: webhook-signature)',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiAcceptedResponse({ type: WebhookAckDto, description: 'Stored; processed on the worker' })
  @ApiErrors({ 400: 'empty or unparsable body', 401: 'signature rejected', 404: 'unknown source, or no enabled connection for this business' })
  receive(@Param('source') source: string, @Param('businessId') businessId: string, @Req() req: Request): Promise<WebhookAckDto> {
    if (!Buffer.isBuffer(req.body)) throw new DomainError(ErrorCode.Invalid, 'empty request body');
    return this.intake.accept(source, businessId, req.body, req.headers as Record<string, string | undefined>);
  }
}
