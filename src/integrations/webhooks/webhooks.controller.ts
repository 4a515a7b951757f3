import { Controller, Head, HttpCode, Param, Post, Req } from '@nestjs/common';
import { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { WebhookIntakeService } from './webhook-intake.service';

/** Authenticated by each connector's signature check, not by API key. */
@Public()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  // Mindbody checks a subscription's URL with a HEAD request before activating it.
  @Head(':source/:businessId')
  @HttpCode(200)
  validate(): void {}

  @Post(':source/:businessId')
  @HttpCode(202)
  receive(@Param('source') source: string, @Param('businessId') businessId: string, @Req() req: Request) {
    if (!Buffer.isBuffer(req.body)) throw new DomainError(ErrorCode.Invalid, 'empty request body');
    return this.intake.accept(source, businessId, req.body, req.headers as Record<string, string | undefined>);
  }
}
