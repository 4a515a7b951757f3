import { CanonicalRecord } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';
import { Data, InvalidField, ignored, intId, mapped, optBool, optIntId, optString, optText, optTimestamp, optDate, present, string } from './mindbody-webhook-fields';
import { isMemberFromStatus } from './mindbody-client-status';

// Client events, and the client references every other family uses. Clients are keyed by
// clientUniqueId (system-generated, immutable); clientId is the RSSID, which the business can
// edit (often a barcode). It is stored as the client's altExternalId, so that events naming
// the client only by RSSID (appointments, sales) resolve through the writer without ever
// creating a second client in the RSSID id space.

export function mapClient(d: Data, updatedAt: string, eventType: string): MapResult {
  const status = optString(d, 'status');
  const record: CanonicalRecord = {
    externalId: clientUniqueId(d, 'clientUniqueId'),
    firstName: optText(d, 'firstName'),
    lastName: optText(d, 'lastName'),
    email: optEmail(d, 'email'),
    phone: optText(d, 'mobilePhone') ?? optText(d, 'homePhone') ?? optText(d, 'workPhone') ?? null,
    birthDate: optDate(d, 'birthDateTime'),
    gender: gender(optString(d, 'gender')),
    suspended: status?.toLowerCase() === 'suspended',
    createdAt: optTimestamp(d, 'creationDateTime'),
    updatedAt,
  };
  const rssid = optRssid(d, 'clientId');
  if (rssid !== undefined) record.altExternalId = rssid;
  const member = isMemberFromStatus(status);
  if (member !== undefined) record.isMember = member;
  const home = optIntId(d, 'homeLocation');
  if (home !== undefined) record.homeLocationExternalId = home;
  const emailConsent = optBool(d, 'sendPromotionalEmails');
  if (emailConsent !== undefined) record.emailConsent = emailConsent;
  const smsConsent = optBool(d, 'sendPromotionalTexts');
  if (smsConsent !== undefined) record.smsConsent = smsConsent;
  // created: alive; deactivated: deleted as of the event; updated leaves deletedAt alone
  // (Mindbody has no reactivation event, and an edit of an inactive client must not revive it)
  if (eventType === 'client.created') record.deletedAt = null;
  if (eventType === 'client.deactivated') record.deletedAt = updatedAt;
  return mapped([['clients', [record]]]);
}

export function mapMembershipAssigned(d: Data): MapResult {
  intId(d, 'membershipId');
  const externalId = clientUniqueId(d, 'clientUniqueId');
  // no updatedAt: a one-field change must not make an older full client.updated look stale
  const record: CanonicalRecord = { ...clientStub(externalId, d, 'clientId'), externalId, isMember: true };
  return mapped([['clients', [record]]]);
}

export function mapMembershipCancelled(d: Data): MapResult {
  intId(d, 'membershipId');
  string(d, 'clientId');
  // Not a missing id path: other memberships may remain, so isMember cannot be set to false
  // from this event, and a client row cannot be changed by RSSID (only the records that refer
  // to a client can name it that way).
  return ignored('clientMembershipAssignment.cancelled cannot tell whether the client is still a member; the sync recomputes isMember');
}

/**
 * clientProfileMerger.created: two profiles of one person became one. The kept client (by
 * keptClientUniqueId, with its editable id) absorbs the removed one's history and the removed
 * one is retired (the writer's mergedExternalIds, src/clients/ingest/client-merge.ts). The
 * kept client is created as a stub when we do not have it yet; a removed client we never had
 * leaves nothing to move. No updatedAt: the record changes no profile field.
 */
export function mapProfileMerger(d: Data): MapResult {
  const kept = clientUniqueId(d, 'keptClientUniqueId');
  const removed = clientUniqueId(d, 'removedClientUniqueId');
  if (kept === removed) return ignored('keptClientUniqueId and removedClientUniqueId are the same client');
  const record: CanonicalRecord = { externalId: kept, mergedExternalIds: [removed] };
  const rssid = optRssid(d, 'keptClientId');
  if (rssid) record.altExternalId = rssid;
  return mapped([['clients', [record]]]);
}

// Mindbody's email is free text ("n/a", "none"); the writer refuses what it could not send to,
// which would lose the whole client, so such a value is stored as no address (as the sync does)
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
function optEmail(d: Data, field: string): string | null | undefined {
  const v = optText(d, field);
  return typeof v === 'string' && !EMAIL.test(v) ? null : v;
}

function gender(value: string | undefined): string {
  switch (value?.trim().toLowerCase()) {
    case 'female':
      return 'female';
    case 'male':
      return 'male';
    case undefined:
    case '':
    case 'none':
    case 'unknown':
    case 'unspecified':
      return 'unknown';
    default:
      return 'other';
  }
}

export function clientUniqueId(d: Data, field: string): string {
  const id = intId(d, field);
  if (Number(id) <= 0) throw new InvalidField(field, 'must be a positive integer');
  return id;
}

/** The RSSID as the client's alternate id: absent stays absent, blank clears it. */
function optRssid(d: Data, field: string): string | null | undefined {
  const v = d[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new InvalidField(field, 'must be a string');
  return v.trim() === '' ? null : v.trim();
}

/** How a record names its client: by unique id when the event has it, else by RSSID. */
interface ClientRef {
  /** The clientUniqueId, when the event carries one (then a stub can be written). */
  uniqueId?: string;
  /** clientExternalId or clientAltExternalId, to spread into the record. */
  fields: CanonicalRecord;
}

export function clientRef(d: Data, rssidField: string, uniqueField = 'clientUniqueId'): ClientRef {
  if (present(d, uniqueField)) {
    const uniqueId = clientUniqueId(d, uniqueField);
    return { uniqueId, fields: { clientExternalId: uniqueId } };
  }
  const rssid = optRssid(d, rssidField);
  if (!rssid) throw new InvalidField(uniqueField, `is required (or ${rssidField})`);
  return { fields: { clientAltExternalId: rssid } };
}

/**
 * A client row built from the client fields another event carries (names and RSSID), or
 * undefined when it carries none. No updatedAt: a partial row must not make an older full
 * client.updated look stale.
 */
export function clientStub(externalId: string, d: Data, rssidField?: string): CanonicalRecord | undefined {
  const stub: CanonicalRecord = { externalId };
  const firstName = optText(d, 'clientFirstName');
  const lastName = optText(d, 'clientLastName');
  const rssid = rssidField ? optRssid(d, rssidField) : undefined;
  if (rssid) stub.altExternalId = rssid;
  if (firstName !== undefined) stub.firstName = firstName;
  if (lastName !== undefined) stub.lastName = lastName;
  return Object.keys(stub).length > 1 ? stub : undefined;
}
