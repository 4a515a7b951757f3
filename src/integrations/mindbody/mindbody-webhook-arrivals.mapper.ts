import { CanonicalRecord } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';
import { clientRef, clientStub } from './mindbody-webhook-clients.mapper';
import { Batch, Data, optIntId, optTimestamp, mapped } from './mindbody-webhook-fields';

// Gym-floor arrivals (clientArrival.created): a check-in at the front desk or a door, with no
// class or appointment behind it, so a `gym` visit. The client is named by clientUniqueId when
// the event has it, else by the editable id (clientId), resolved like the other events.
//
// The visit's key: the arrival's own id when the payload has one (`arrival:<arrivalId>`), else
// the client and the arrival time (`arrival:<client>:<time>`), so a redelivery under a new
// messageId, or the same arrival seen twice, is still one visit.

export function mapArrival(d: Data, updatedAt: string): MapResult {
  const client = clientRef(d, 'clientId');
  // the arrival's own time when sent (site-local), else the moment the event originated
  const visitedAt = optTimestamp(d, 'arrivalDateTime') ?? updatedAt;
  const arrivalId = optIntId(d, 'arrivalId');
  const who = client.uniqueId ?? `rssid:${String(client.fields.clientAltExternalId)}`;
  const visit: CanonicalRecord = {
    externalId: arrivalId !== undefined ? `arrival:${arrivalId}` : `arrival:${who}:${visitedAt}`,
    ...client.fields,
    visitedAt,
    kind: 'gym',
    updatedAt,
  };
  const locationExternalId = optIntId(d, 'locationId');
  if (locationExternalId !== undefined) visit.locationExternalId = locationExternalId;

  const batches: Batch[] = [];
  const stub = client.uniqueId ? clientStub(client.uniqueId, d, 'clientId') : undefined;
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['visits', [visit]]);
  return mapped(batches);
}
