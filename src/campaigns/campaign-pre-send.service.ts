import { Injectable } from '@nestjs/common';
import { Channel, PreSendService } from '../actions';
import { Principal } from '../auth';
import { DomainError, ErrorCode } from '../common/domain-error';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignPreviewDto, CampaignTestSendDto, PreSendCheckDto } from './dto/pre-send.dto';

/**
 * The composer's questions before a send (web.md Campaigns): what the guards will hold back over
 * the segment's members, which channels cannot send, a step rendered for one real member, and a
 * test of it sent to the marketer.
 */
@Injectable()
export class CampaignPreSendService {
  constructor(
    private readonly audience: CampaignAudienceRepository,
    private readonly presend: PreSendService,
  ) {}

  async check(businessId: string, dto: PreSendCheckDto) {
    const members = await this.audience.members(businessId, dto.segmentId);
    if (!members) throw new DomainError(ErrorCode.Invalid, 'segmentId: no such segment', { problems: [{ path: 'segmentId', reason: 'no such segment' }] });
    const channels = await this.presend.channelsSetUp(businessId, messageChannels(dto.steps));
    const steps = await this.presend.check(
      businessId,
      members.clientIds,
      dto.steps.map((s) => ({ key: s.key, channel: s.channel, delayMinutes: s.delayMinutes ?? 0, quietHours: s.quietHours ?? 'defer' })),
      { sendAt: dto.sendAt ? new Date(dto.sendAt) : null, includeSleeping: dto.includeSleeping ?? false },
    );
    return {
      audience: members.clientIds.length,
      audienceEvaluatedAt: members.evaluatedAt,
      channels,
      notSetUp: channels.filter((c) => !c.setUp).map((c) => c.channel),
      steps,
      timezone: await this.presend.timezone(businessId),
    };
  }

  /** Channels of these steps that cannot send and were not confirmed: a 400 naming them, before anything is queued. */
  async refuseChannelsNotSetUp(businessId: string, steps: Array<{ channel: string }>, confirmed: string[] = []): Promise<void> {
    const missing = (await this.presend.channelsSetUp(businessId, messageChannels(steps))).filter((c) => !c.setUp && !confirmed.includes(c.channel));
    if (!missing.length) return;
    const names = missing.map((c) => c.channel).join(', ');
    throw new DomainError(
      ErrorCode.Invalid,
      `channel: ${names} ${missing.length > 1 ? 'are' : 'is'} not set up for this business; set it up, or send with confirmChannelsNotSetUp: ${JSON.stringify(missing.map((c) => c.channel))}`,
      {
        problems: missing.map((c) => ({ path: 'channel', reason: `${c.channel} is not set up: ${c.reason}` })),
      },
    );
  }

  preview(businessId: string, dto: CampaignPreviewDto) {
    return this.presend.preview(businessId, dto.channel, dto.template, dto.clientId);
  }

  async testSend(p: Principal, dto: CampaignTestSendDto) {
    const to = dto.to?.trim() || (await this.presend.userEmail(p.businessId, p.userId));
    if (!to)
      throw new DomainError(ErrorCode.Invalid, 'to: is required: an API key has no email address of its own', {
        problems: [{ path: 'to', reason: 'is required: an API key has no email address of its own' }],
      });
    return this.presend.sendTestEmail(p.businessId, dto.template, dto.clientId, to);
  }
}

function messageChannels(steps: Array<{ channel: string }>): Channel[] {
  return [...new Set(steps.map((s) => s.channel).filter((c): c is Channel => c !== 'staff_task'))];
}
