import { Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { RiskAssessmentService } from './risk-assessment.service';

@Controller('api/v1/risk')
export class RiskController {
  constructor(private readonly risk: RiskAssessmentService) {}

  /** Runs a full pass for the caller's business now; answers when it is done. */
  @Post('assess')
  @HttpCode(200)
  assess(@CurrentPrincipal() p: Principal) {
    return this.risk.assessBusinessNow(p.businessId);
  }
}
