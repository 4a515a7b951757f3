import { Injectable } from '@nestjs/common';
import { BusinessRepository } from '../../business';
import { notFound } from '../../common/domain-error';
import { localDate } from '../../common/local-date';
import { CompileScope, DEFAULT_SEGMENT_SETTINGS, SegmentBusinessSettings } from '../compiler/compile-context';

export const BILLING_SETTINGS_SECTION = 'billing';

/** What a business has stored under settings.billing (docs/segments.md). */
export interface BillingSettings {
  directDebitBlockAfterDays?: number;
}

/** Today in the business's time zone and the settings conditions read, for one evaluation. */
@Injectable()
export class SegmentScopeService {
  constructor(private readonly businesses: BusinessRepository) {}

  async scope(businessId: string, now = new Date()): Promise<CompileScope> {
    const business = await this.businesses.findById(businessId);
    if (!business) throw notFound('business');
    const billing = (business.settings?.[BILLING_SETTINGS_SECTION] ?? {}) as BillingSettings;
    const settings: SegmentBusinessSettings = {
      ...DEFAULT_SEGMENT_SETTINGS,
      ...(billing.directDebitBlockAfterDays !== undefined ? { directDebitBlockAfterDays: billing.directDebitBlockAfterDays } : {}),
    };
    return { businessId, timezone: business.timezone, today: localDate(now, business.timezone), settings };
  }
}
