import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { EstimationRepository } from './estimation-runs/estimation.repository';
import { EstimationService } from './estimation-runs/estimation.service';
import { RiskAssessmentService } from './risk-assessment.service';

@Controller('api/v1/risk')
export class RiskController {
  constructor(
    private readonly risk: RiskAssessmentService,
    private readonly estimation: EstimationService,
    private readonly estimations: EstimationRepository,
  ) {}

  /** Refits the business's BG/NBD model and rescores its clients now. */
  @Post('estimation/refit')
  @HttpCode(200)
  async refit(@CurrentPrincipal() p: Principal) {
    const result = await this.estimation.refit(p.businessId);
    if (!result.fitted) throw new DomainError(ErrorCode.Conflict, `cannot fit the model: ${result.reason}`);
    return result;
  }

  @Get('estimation')
  async model(@CurrentPrincipal() p: Principal) {
    const fit = await this.estimations.current(p.businessId);
    if (!fit) throw notFound('estimation model (none fitted yet)');
    return fit;
  }

  /** Runs a full pass for the caller's business now; answers when it is done. */
  @Post('assess')
  @HttpCode(200)
  assess(@CurrentPrincipal() p: Principal) {
    return this.risk.assessBusinessNow(p.businessId);
  }
}
