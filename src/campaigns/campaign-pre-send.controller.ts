import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { CampaignPreSendService } from './campaign-pre-send.service';
import { CampaignPreviewDto, CampaignPreviewResultDto, CampaignTestSendDto, CampaignTestSendResultDto, PreSendCheckDto, PreSendCheckResultDto } from './dto/pre-send.dto';

/** The composer's checks before a send; none of them queues anything for members. */
@ApiTags('Campaigns')
@Controller('api/v1/campaigns')
export class CampaignPreSendController {
  constructor(private readonly presend: CampaignPreSendService) {}

  /**
   * What sending now (or at sendAt) would do: channels not set up, and per step how many of the
   * segment's members consent, the frequency cap and sleeping flags hold back, and whether quiet
   * hours defer the rest (until when, in the business's time zone). Counted in SQL over the audience.
   */
  @Roles('admin', 'marketer')
  @Post('pre-send-check')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad step, or no such segment, named by path' })
  check(@CurrentPrincipal() p: Principal, @Body() dto: PreSendCheckDto): Promise<PreSendCheckResultDto> {
    return this.presend.check(p.businessId, dto);
  }

  /** A step's message rendered by its channel for one real member (merge fields filled, HTML escaped). */
  @Roles('admin', 'marketer')
  @Post('preview')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad template (named by field) or no such member' })
  preview(@CurrentPrincipal() p: Principal, @Body() dto: CampaignPreviewDto): Promise<CampaignPreviewResultDto> {
    return this.presend.preview(p.businessId, dto);
  }

  /** "Send a test to me": an email step as one member would get it, to the signed-in user (or `to`), subject marked [Test]. */
  @Roles('admin', 'marketer')
  @Post('test-send')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad template, no such member, or no address to send to' })
  testSend(@CurrentPrincipal() p: Principal, @Body() dto: CampaignTestSendDto): Promise<CampaignTestSendResultDto> {
    return this.presend.testSend(p, dto);
  }
}
