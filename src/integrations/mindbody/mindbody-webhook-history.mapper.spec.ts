import { batches, mapFixture } from '../../../test/support/mindbody-fixtures';

describe('Mindbody webhook mapping: arrivals and profile merges', () => {
  it('should map clientArrival.created to a client stub and a gym visit keyed by client and arrival time', () => {
    expect(batches(mapFixture('clientArrival.created'))).toEqual([
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137', firstName: 'Maya', lastName: 'Okafor' }] },
      {
        entity: 'visits',
        records: [
          {
            externalId: 'arrival:100000152:2025-03-12T07:05:37',
            clientExternalId: '100000152',
            locationExternalId: '1',
            visitedAt: '2025-03-12T07:05:37',
            kind: 'gym',
            updatedAt: '2025-03-12T14:05:37Z',
          },
        ],
      },
    ]);
  });

  it('should name the client by RSSID when the arrival has no unique id', () => {
    const [visits] = batches(mapFixture('clientArrival.created', (e) => delete e.eventData.clientUniqueId));
    expect(visits.records[0]).toMatchObject({ externalId: 'arrival:rssid:100000137:2025-03-12T07:05:37', clientAltExternalId: '100000137', kind: 'gym' });
    expect(visits.records[0]).not.toHaveProperty('clientExternalId');
  });

  it('should name the client by an arrivalId when there is one, and reject an unparseable arrival time', () => {
    const [, visits] = batches(mapFixture('clientArrival.created', (e) => (e.eventData.arrivalId = 4410)));
    expect(visits.records[0].externalId).toBe('arrival:4410');
    expect(mapFixture('clientArrival.created', (e) => (e.eventData.arrivalDateTime = 'yesterday'))).toEqual({
      kind: 'invalid',
      reason: 'eventData.arrivalDateTime must be an ISO 8601 date-time',
    });
  });

  it('should map clientProfileMerger.created to the kept client absorbing the removed one', () => {
    expect(batches(mapFixture('clientProfileMerger.created'))).toEqual([{ entity: 'clients', records: [{ externalId: '100000152', mergedExternalIds: ['100000198'], altExternalId: '100000137' }] }]);
    expect(mapFixture('clientProfileMerger.created', (e) => delete e.eventData.removedClientUniqueId)).toEqual({ kind: 'invalid', reason: 'eventData.removedClientUniqueId is required' });
  });
});
