/** One event of a delivery, by its id. */
export class WebhookEventAckDto {
  id: string;
  /** duplicate: the id was received before; acknowledged, not processed again. */
  status: 'accepted' | 'duplicate';
}

/** A verified delivery, stored before this answer; processing happens on the worker. */
export class WebhookAckDto {
  received: number;
  duplicates: number;
  /** A drain job was queued (false: Redis was unreachable; the sweeper queues it later). */
  queued: boolean;
  events: WebhookEventAckDto[];
}
