import { batches, mapFixture } from '../../../test/support/mindbody-fixtures';

describe('Mindbody webhook mapping: contracts and sales', () => {
  it('should map clientContract.created to a client stub and an open-ended subscription', () => {
    expect(batches(mapFixture('clientContract.created'))).toEqual([
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137', firstName: 'Maya', lastName: 'Okafor' }] },
      {
        entity: 'subscriptions',
        records: [
          {
            externalId: '5519',
            clientExternalId: '100000152',
            name: 'Unlimited Monthly (12-month)',
            startsOn: '2025-02-01',
            updatedAt: '2025-02-01T10:12:09Z',
            autoRenew: true,
            // auto-renewing: open-ended, as the sync maps it
            endsOn: null,
          },
        ],
      },
    ]);
  });

  it('should map clientContract.updated (new end date, autopay off) to the same subscription', () => {
    expect(batches(mapFixture('clientContract.updated'))).toEqual([
      // no names in this payload: the stub only carries the RSSID
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137' }] },
      {
        entity: 'subscriptions',
        records: [
          {
            externalId: '5519',
            clientExternalId: '100000152',
            startsOn: '2025-02-01',
            updatedAt: '2025-07-15T08:30:00Z',
            autoRenew: false,
            endsOn: '2025-08-31',
          },
        ],
      },
    ]);
  });

  it('should name the contract holder by RSSID when the event has no clientUniqueId', () => {
    const result = batches(mapFixture('clientContract.updated', (e) => delete e.eventData.clientUniqueId));
    expect(result).toHaveLength(1);
    expect(result[0].records[0]).toMatchObject({ externalId: '5519', clientAltExternalId: '100000137' });
    expect(result[0].records[0]).not.toHaveProperty('clientExternalId');
  });

  it('should map clientContract.cancelled to an update-only cancelledAt at the event time', () => {
    expect(batches(mapFixture('clientContract.cancelled'))).toEqual([
      { entity: 'subscriptions', updateOnly: true, records: [{ externalId: '5519', cancelledAt: '2025-07-15T08:31:10Z', updatedAt: '2025-07-15T08:31:10Z' }] },
    ]);
  });

  it('should also set endsOn when the cancellation gives an end date', () => {
    const [b] = batches(mapFixture('clientContract.cancelled', (e) => (e.eventData.contractEndDateTime = '2025-08-31T00:00:00')));
    expect(b).toEqual({
      entity: 'subscriptions',
      updateOnly: true,
      records: [{ externalId: '5519', cancelledAt: '2025-07-15T08:31:10Z', endsOn: '2025-08-31', updatedAt: '2025-07-15T08:31:10Z' }],
    });
  });

  it('should map the documented sale (buyer by RSSID) to one sale per line item in minor units', () => {
    expect(batches(mapFixture('clientSale.created'))).toEqual([
      {
        entity: 'sales',
        records: [
          { externalId: '240117:0', clientAltExternalId: '100000137', locationExternalId: '1', soldAt: '2025-03-09T20:38:51Z', quantity: 1, amount: 14900, updatedAt: '2025-03-09T20:38:57Z' },
          { externalId: '240117:1', clientAltExternalId: '100000137', locationExternalId: '1', soldAt: '2025-03-09T20:38:51Z', quantity: 2, amount: 2345, updatedAt: '2025-03-09T20:38:57Z' },
        ],
      },
    ]);
  });

  it('should prefer clientUniqueId for the buyer when present', () => {
    const [b] = batches(mapFixture('clientSale.created', (e) => (e.eventData.clientUniqueId = 100000152)));
    expect(b.records.map((r) => [r.clientExternalId, r.clientAltExternalId])).toEqual([
      ['100000152', undefined],
      ['100000152', undefined],
    ]);
  });

  it('should keep the sign of a returned item on the amount', () => {
    const result = batches(mapFixture('clientSale.created', (e) => (e.eventData.items = [{ ...e.eventData.items[1], quantity: -1, amountPaid: -11.725 }])));
    expect(result[0].records).toEqual([
      { externalId: '240117:0', clientAltExternalId: '100000137', locationExternalId: '1', soldAt: '2025-03-09T20:38:51Z', quantity: 1, amount: -1172, updatedAt: '2025-03-09T20:38:57Z' },
    ]);
  });

  it('should reject a line item without a numeric amountPaid naming the field', () => {
    const result = mapFixture('clientSale.created', (e) => (e.eventData.items[1].amountPaid = '23.45'));
    expect(result).toEqual({ kind: 'invalid', reason: 'eventData.items[1].amountPaid must be a number' });
  });
});
