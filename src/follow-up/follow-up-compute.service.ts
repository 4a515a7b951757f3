import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConversionPass, ConversionRepository } from './attribution/conversion.repository';

/** Conversions of one business: one pass per goal kind its campaigns and automations use. */
@Injectable()
export class FollowUpComputeService {
  private readonly logger = new Logger(FollowUpComputeService.name);

  constructor(
    private readonly conversions: ConversionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async computeBusiness(businessId: string, now = new Date()): Promise<ConversionPass[]> {
    const passes: ConversionPass[] = [];
    for (const kind of await this.conversions.goalKinds(businessId)) {
      passes.push(await this.conversions.pass(businessId, kind, now, this.config.FOLLOW_UP_GRACE_DAYS));
    }
    const written = passes.reduce((n, p) => n + p.written, 0);
    if (passes.length) {
      this.logger.log(
        `business ${businessId}: ${passes.map((p) => `${p.goalKind} ${p.convertedExposures}/${p.exposures} exposures, ${p.convertedTouches}/${p.touches} touches`).join('; ')}; ${written} row(s) written`,
      );
    }
    return passes;
  }
}
