import { readFileSync } from 'fs';
import { join } from 'path';
import { mapMindbodyEvent } from '../../src/integrations/mindbody/mindbody-webhook.mapper';
import { IngestBatch } from '../../src/clients/ingest/ingest.types';
import { MapResult } from '../../src/integrations/webhooks/webhook-connector';

export const MINDBODY_FIXTURES = join(__dirname, '..', 'fixtures', 'mindbody', 'webhooks');

/** A documented Mindbody webhook payload (test/fixtures/mindbody/webhooks/<name>.json). */
export function mindbodyFixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(MINDBODY_FIXTURES, `${name}.json`), 'utf8'));
}

/** Maps a fixture, optionally patched first (e.g. to add a field the docs leave out). */
export function mapFixture(name: string, patch: (e: Record<string, any>) => void = () => {}): MapResult {
  const env = mindbodyFixture(name);
  patch(env);
  return mapMindbodyEvent(env.eventId, env);
}

export function batches(result: MapResult): IngestBatch[] {
  if (result.kind !== 'mapped') throw new Error(`expected mapped, got ${result.kind}: ${result.reason}`);
  return result.batches;
}
