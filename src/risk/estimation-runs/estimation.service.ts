import { Injectable, Logger } from '@nestjs/common';
import { BgnbdFit, BgnbdFitError, fitBgnbd, scoreBgnbdClients } from '../estimation/bgnbd';
import { EstimationRepository } from './estimation.repository';

const DAYS_PER_WEEK = 7;
/** risk.md: expected visits in the next 30 days. */
const HORIZON_WEEKS = 30 / DAYS_PER_WEEK;

type RefitResult = { fitted: true; params: BgnbdFit; clients: number; distinctHistories: number; estimatesWritten: number; seconds: number } | { fitted: false; reason: string };

/**
 * Fits BG/NBD for one business on its clients' unique visit days (in weeks) and scores every
 * client with history. Clients sharing a history shape share a row, so a business of a
 * million clients fits on far fewer rows and each shape is scored once.
 */
@Injectable()
export class EstimationService {
  private readonly logger = new Logger(EstimationService.name);

  constructor(private readonly repo: EstimationRepository) {}

  async refit(businessId: string, today: string | null = null): Promise<RefitResult> {
    const started = Date.now();
    const rows = await this.repo.histories(businessId, today);
    const clients = rows.reduce((n, r) => n + r.clients, 0);
    const x = rows.map((r) => r.x);
    const tx = rows.map((r) => r.txDays / DAYS_PER_WEEK);
    const T = rows.map((r) => r.tDays / DAYS_PER_WEEK);
    let params: BgnbdFit;
    try {
      params = fitBgnbd({ x, tx, T, weight: rows.map((r) => r.clients) });
    } catch (e) {
      if (e instanceof BgnbdFitError) return { fitted: false, reason: e.message };
      throw e;
    }
    const scores = scoreBgnbdClients({ r: params.r, alpha: params.alpha, a: params.a, b: params.b }, HORIZON_WEEKS, x, tx, T);
    const written = await this.repo.save(businessId, today, params, { clients, rows: rows.length }, { rows, ...scores });
    const seconds = (Date.now() - started) / 1000;
    this.logger.log(`business ${businessId}: BG/NBD on ${clients} clients (${rows.length} histories) in ${seconds.toFixed(1)} s`);
    return { fitted: true, params, clients, distinctHistories: rows.length, estimatesWritten: written, seconds };
  }
}
