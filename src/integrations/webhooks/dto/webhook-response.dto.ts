/** One event of a delivery, by its id. */
export class WebhookEventAckDto {
  id: string;
  /**
   * duplicate: the id was received before; acknowledged, not processed again. rejected: the
   * event cannot be stored (a NUL character, named in `reason`); acknowledged, not processed,
   * the delivery's other events are.
   */
  status: 'accepted' | 'duplicate' | 'rejected';
  /** Why a rejected event was refused: the field and the rule, e.g. `data.firstName: must not contain a NUL character (\u0000)`. */
  reason?: string;
}

/** A verified delivery, stored before this answer; processing happens on the worker. */
export class WebhookAckDto {
  received: number;
  /** Events received before (not counting rejected ones). */
  duplicates: number;
  /** A drain job was queued (false: Redis was unreachable; the sweeper queues it later). */
  queued: boolean;
  events: WebhookEventAckDto[];
}
