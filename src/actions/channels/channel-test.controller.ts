import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal, Roles } from '../../auth';
import { ChannelTestService } from './channel-test.service';
import { ChannelTestDto, ChannelTestResultDto } from './dto/channel-test.dto';

@ApiTags('Channels')
@Controller('api/v1/channels')
export class ChannelTestController {
  constructor(private readonly tests: ChannelTestService) {}

  /**
   * Sends a real test through the business's channel (email, sms, mailchimp: a ping, push) and
   * answers what the provider said: `ok: false` with its words when it refused; 400 when the
   * channel is not set up or the test has no recipient.
   */
  @Roles('admin')
  @Post(':channel/test')
  @HttpCode(200)
  test(@CurrentPrincipal() p: Principal, @Param('channel') channel: string, @Body() dto: ChannelTestDto): Promise<ChannelTestResultDto> {
    return this.tests.test(p, channel, dto.to);
  }
}
