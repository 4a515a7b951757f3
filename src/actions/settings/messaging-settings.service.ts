import { Injectable } from '@nestjs/common';
import { BusinessRepository } from '../../business';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { DEFAULT_MESSAGING_SETTINGS, mergeMessagingSettings, MessagingSettings, MessagingSettingsPatch, validateMessagingPatch } from './messaging-settings';

const SECTION = 'messaging';

/** business.settings.messaging: only what differs from the defaults is stored. */
@Injectable()
export class MessagingSettingsService {
  constructor(private readonly businesses: BusinessRepository) {}

  async get(businessId: string): Promise<MessagingSettings> {
    return mergeMessagingSettings(DEFAULT_MESSAGING_SETTINGS, await this.businesses.settingsSection<MessagingSettingsPatch>(businessId, SECTION));
  }

  /**
   * Partial update: fields left out keep their value; quietHours, frequencyCap and
   * staleHoldHours take null to switch the guard off; the others take null to restore the default.
   */
  async update(businessId: string, patch: unknown): Promise<MessagingSettings> {
    const problems = validateMessagingPatch(patch);
    if (problems.length) {
      throw new DomainError(ErrorCode.Invalid, problems.map((p) => `${p.path}: ${p.reason}`).join('; '), { problems });
    }
    const p = patch as MessagingSettingsPatch;
    const stored = { ...((await this.businesses.settingsSection<MessagingSettingsPatch>(businessId, SECTION)) ?? {}) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(p)) {
      if ((k === 'unknownConsent' || k === 'ratePerSecond') && v !== null) stored[k] = { ...((stored[k] as object) ?? {}), ...(v as object) };
      else if ((k === 'unknownConsent' || k === 'ratePerSecond' || k === 'mailchimpConcurrency') && v === null) delete stored[k];
      else stored[k] = v;
    }
    await this.businesses.saveSettingsSection(businessId, SECTION, stored);
    return this.get(businessId);
  }
}
