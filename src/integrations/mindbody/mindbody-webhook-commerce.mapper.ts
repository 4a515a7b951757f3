import { CanonicalRecord } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';
import { clientRef, clientStub } from './mindbody-webhook-clients.mapper';
import { Batch, Data, InvalidField, date, intId, isObject, mapped, number, optBool, optDate, optIntId, optText, timestamp } from './mindbody-webhook-fields';

// Contracts (subscriptions keyed by clientContractId; a renewal is a new clientContractId, so
// a new row) and sales (one record per line item, `<saleId>:<index in items>`).

export function mapContract(d: Data, updatedAt: string): MapResult {
  const client = clientRef(d, 'clientId');
  const subscription: CanonicalRecord = {
    externalId: intId(d, 'clientContractId'),
    ...client.fields,
    startsOn: date(d, 'contractStartDateTime'),
    updatedAt,
  };
  const name = optText(d, 'contractName');
  if (name) subscription.name = name;
  // autoRenew is the contract's own auto-renew (autopay) flag
  const autoRenew = optBool(d, 'isAutoRenewing');
  if (autoRenew !== undefined) subscription.autoRenew = autoRenew;
  // as in the sync: an auto-renewing contract runs until terminated, its end date is only
  // the current term; a contract that stops renewing ends on contractEndDateTime
  const endsOn = optDate(d, 'contractEndDateTime') ?? null;
  subscription.endsOn = autoRenew === true ? null : endsOn;

  const batches: Batch[] = [];
  const stub = client.uniqueId ? clientStub(client.uniqueId, d, 'clientId') : undefined;
  if (stub) batches.push(['clients', [stub]]);
  batches.push(['subscriptions', [subscription]]);
  return mapped(batches);
}

/**
 * clientContract.cancelled carries ids only: the subscription the created/updated events or the
 * sync wrote gets cancelledAt = the event time (and endsOn, when the payload has an end date).
 */
export function mapContractCancelled(d: Data, updatedAt: string): MapResult {
  const record: CanonicalRecord = { externalId: intId(d, 'clientContractId'), cancelledAt: updatedAt, updatedAt };
  const endsOn = optDate(d, 'contractEndDateTime');
  if (endsOn) record.endsOn = endsOn;
  return mapped([['subscriptions', [record], { updateOnly: true }]]);
}

export function mapSale(d: Data, updatedAt: string): MapResult {
  const saleId = intId(d, 'saleId');
  const soldAt = timestamp(d, 'saleDateTime');
  // the documented payload names the buyer only by RSSID (purchasingClientId)
  const client = clientRef(d, 'purchasingClientId');
  const items = d.items;
  if (!Array.isArray(items)) throw new InvalidField('items', 'must be an array');
  const lines = items.map((item, i) => {
    if (!isObject(item)) throw new InvalidField(`items[${i}]`, 'must be an object');
    return { quantity: number(item, 'quantity', `items[${i}].`), amountPaid: number(item, 'amountPaid', `items[${i}].`) };
  });
  const locationExternalId = optIntId(d, 'locationId');
  const sales = lines.map((line, i): CanonicalRecord => {
    const sale: CanonicalRecord = {
      // items have no line id; their order within one sale is fixed
      externalId: `${saleId}:${i}`,
      ...client.fields,
      soldAt,
      // returns come as negative quantities; the sign lives on the amount
      quantity: Math.abs(Math.trunc(line.quantity)),
      amount: Math.round(line.amountPaid * 100),
      updatedAt,
    };
    if (locationExternalId !== undefined) sale.locationExternalId = locationExternalId;
    return sale;
  });
  return mapped([['sales', sales]]);
}
