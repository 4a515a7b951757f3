import { Injectable, Logger } from '@nestjs/common';
import { JobOf } from '../../queue/job-payloads';
import { JobName } from '../../queue/queue-names';
import { SegmentsService } from '../../segments';
import { AutomationRepository } from '../automation.repository';
import { TriggerKind } from '../automation.types';
import { AutomationRunner } from './automation-runner.service';
import { EnrollmentRepository, TriggerEvent } from './enrollment.repository';

const ms = (at: string) => new Date(at).getTime();

/**
 * Turns automation events into runs: one INSERT ... SELECT per event batch enrolls the batch's
 * clients into every enabled automation of the business whose trigger matches (docs/automations.md
 * "Triggers"), then one step job per automation that got runs. The occurrence key comes from the
 * event, so a redelivered event enrolls nobody twice.
 *
 * A new trigger kind (reconnect overdue, recovery entry) is one more method here calling
 * `enroll(businessId, kind, events)` with an occurrence key per client.
 */
@Injectable()
export class AutomationEnroller {
  private readonly logger = new Logger(AutomationEnroller.name);

  constructor(
    private readonly enrollments: EnrollmentRepository,
    private readonly automations: AutomationRepository,
    private readonly segments: SegmentsService,
    private readonly runner: AutomationRunner,
  ) {}

  segmentEntered(p: JobOf<JobName.SegmentEntered>) {
    return this.segmentTransition('segment_entered', p);
  }

  segmentExited(p: JobOf<JobName.SegmentExited>) {
    return this.segmentTransition('segment_exited', p);
  }

  statusChanged({ businessId, changes }: JobOf<JobName.ClientStatusChanged>) {
    return this.enroll(
      businessId,
      'status_changed',
      changes.map((c) => ({ clientId: c.clientId, occurrenceKey: `status:${ms(c.changedAt)}`, at: c.changedAt, from: c.from, to: c.to })),
    );
  }

  healthBandChanged({ businessId, changes }: JobOf<JobName.ClientHealthBandChanged>) {
    return this.enroll(
      businessId,
      'health_band_changed',
      changes.map((c) => ({ clientId: c.clientId, occurrenceKey: `health:${ms(c.changedAt)}`, at: c.changedAt, from: c.from, to: c.to })),
    );
  }

  usageDropped({ businessId, drops }: JobOf<JobName.ClientUsageDropped>) {
    return this.enroll(
      businessId,
      'usage_dropped',
      drops.map((d) => ({ clientId: d.clientId, occurrenceKey: `usage:${ms(d.droppedAt)}`, at: d.droppedAt, amount: d.dropPercent })),
    );
  }

  /** Entries created in recovery: one occurrence per entry, so a client entering twice runs twice (as re-entry allows). */
  recoveryEntryCreated({ businessId, at, entries }: JobOf<JobName.RecoveryEntryCreated>) {
    return this.enroll(
      businessId,
      'recovery_entry_created',
      entries.map((e) => ({ clientId: e.clientId, occurrenceKey: `recovery:${e.entryId}`, at })),
    );
  }

  /** Clients who crossed into overdue (rhythm's daily pass): one occurrence per category and day. */
  becameOverdue({ businessId, day, clients }: JobOf<JobName.ClientBecameOverdue>) {
    return this.enroll(
      businessId,
      'became_overdue',
      clients.map((c) => ({ clientId: c.clientId, occurrenceKey: `overdue:${c.serviceCategory}:${day}`, at: new Date(), to: c.serviceCategory, amount: c.daysOverdue })),
    );
  }

  /**
   * A schedule tick: the trigger's segment is recomputed now (like a campaign at send time) and
   * its members enrolled, one occurrence per tick.
   */
  async scheduleTick({ businessId, automationId, tick }: JobOf<JobName.AutomationScheduleRun>): Promise<number> {
    const a = await this.automations.find(businessId, automationId);
    if (!a || !a.enabled || a.archivedAt || a.trigger.kind !== 'schedule') return 0;
    const evaluation = await this.segments.recompute(businessId, a.trigger.segmentId, 'schedule');
    if (!evaluation) {
      await this.automations.recordError(businessId, automationId, `schedule ${tick}: the segment could not be evaluated (archived, or its conditions are no longer valid)`);
      return 0;
    }
    const n = await this.enrollments.enrollSegmentMembers(businessId, automationId, a.trigger.segmentId, `schedule:${tick}`, new Date(tick));
    if (n) await this.runner.kick(businessId, automationId, [0]);
    this.logger.log(`automation ${automationId} (business ${businessId}): schedule ${tick} enrolled ${n} of ${evaluation.memberCount} member(s)`);
    return n;
  }

  /** Enrolls one batch of occurrences; the extension point for new trigger kinds. */
  async enroll(businessId: string, kind: TriggerKind, events: TriggerEvent[], segmentId: string | null = null): Promise<number> {
    const enrolled = await this.enrollments.enrollEvents(businessId, kind, events, segmentId);
    for (const e of enrolled) await this.runner.kick(businessId, e.automationId, [0]);
    const total = enrolled.reduce((s, e) => s + e.n, 0);
    if (total) this.logger.log(`${kind} (business ${businessId}): ${total} run(s) started in ${enrolled.length} automation(s) from ${events.length} event(s)`);
    return total;
  }

  private segmentTransition(kind: 'segment_entered' | 'segment_exited', p: JobOf<JobName.SegmentEntered>) {
    return this.enroll(
      p.businessId,
      kind,
      p.clientIds.map((clientId) => ({ clientId, occurrenceKey: `segment:${p.evaluationId}`, at: p.at })),
      p.segmentId,
    );
  }
}
