import { batches, mapFixture } from '../../../test/support/mindbody-fixtures';

describe('Mindbody webhook mapping: clients', () => {
  it('should map client.created by clientUniqueId, with the RSSID as altExternalId and membership from status', () => {
    expect(batches(mapFixture('client.created'))).toEqual([
      {
        entity: 'clients',
        records: [
          {
            externalId: '100000152',
            altExternalId: '100000137',
            firstName: 'Maya',
            lastName: 'Okafor',
            email: 'maya.okafor@example.com',
            phone: '8055550147',
            birthDate: '1991-06-23',
            gender: 'female',
            suspended: false,
            isMember: false,
            homeLocationExternalId: '1',
            emailConsent: true,
            smsConsent: false,
            createdAt: '2025-01-14T16:20:31Z',
            deletedAt: null,
            updatedAt: '2025-01-14T16:20:31Z',
          },
        ],
      },
    ]);
  });

  it('should map client.updated without touching deletedAt', () => {
    const [b] = batches(mapFixture('client.updated'));
    expect(b).not.toHaveProperty('updateOnly');
    expect(b.records[0]).toMatchObject({ externalId: '100000152', altExternalId: '100000137', email: 'maya.o@example.com', isMember: true, updatedAt: '2025-03-04T17:02:55Z' });
    expect(b.records[0]).not.toHaveProperty('deletedAt');
  });

  it('should set deletedAt to the event time on client.deactivated', () => {
    const [b] = batches(mapFixture('client.deactivated'));
    expect(b.records[0]).toMatchObject({ externalId: '100000152', altExternalId: '100000137', deletedAt: '2025-06-30T09:15:00Z', isMember: false, updatedAt: '2025-06-30T09:15:00Z' });
  });

  it('should follow an edited RSSID, and clear it when the payload blanks it', () => {
    const [edited] = batches(mapFixture('client.updated', (e) => (e.eventData.clientId = ' BARCODE-7 ')));
    expect(edited.records[0].altExternalId).toBe('BARCODE-7');
    const [blank] = batches(mapFixture('client.updated', (e) => (e.eventData.clientId = '')));
    expect(blank.records[0].altExternalId).toBeNull();
    const [absent] = batches(mapFixture('client.updated', (e) => delete e.eventData.clientId));
    expect(absent.records[0]).not.toHaveProperty('altExternalId');
  });

  it('should mark a suspended client as a suspended member and map other genders', () => {
    const [b] = batches(mapFixture('client.updated', (e) => Object.assign(e.eventData, { status: 'Suspended', gender: 'Non-binary' })));
    expect(b.records[0]).toMatchObject({ suspended: true, isMember: true, gender: 'other' });
  });

  it('should clear blank contact fields and leave isMember unset for an unknown status', () => {
    const [b] = batches(mapFixture('client.updated', (e) => Object.assign(e.eventData, { email: '  ', mobilePhone: null, status: 'Prospect' })));
    expect(b.records[0]).toMatchObject({ email: null, phone: null });
    expect(b.records[0]).not.toHaveProperty('isMember');
  });

  it('should store an email that is not an address as none, rather than lose the client', () => {
    const [b] = batches(mapFixture('client.updated', (e) => (e.eventData.email = 'n/a')));
    expect(b.records[0]).toMatchObject({ externalId: '100000152', email: null });
  });

  it('should flag the client as a member on clientMembershipAssignment.created, without updatedAt', () => {
    expect(batches(mapFixture('clientMembershipAssignment.created'))).toEqual([
      { entity: 'clients', records: [{ externalId: '100000152', altExternalId: '100000137', firstName: 'Maya', lastName: 'Okafor', isMember: true }] },
    ]);
  });

  it('should leave clientMembershipAssignment.cancelled to the sync: other memberships may remain', () => {
    expect(mapFixture('clientMembershipAssignment.cancelled')).toEqual({
      kind: 'ignored',
      reason: 'clientMembershipAssignment.cancelled cannot tell whether the client is still a member; the sync recomputes isMember',
    });
    expect(mapFixture('clientMembershipAssignment.cancelled', (e) => delete e.eventData.membershipId)).toEqual({
      kind: 'invalid',
      reason: 'eventData.membershipId is required',
    });
  });
});
