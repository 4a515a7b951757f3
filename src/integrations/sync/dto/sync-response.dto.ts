/** POST /integrations/mindbody/sync: whether a sync job was queued now. */
export class SyncRequestDto {
  queued: boolean;
  /** queued: a new job waits; already_queued / already_running: one is waiting or running. */
  reason: 'queued' | 'already_queued' | 'already_running';
}
