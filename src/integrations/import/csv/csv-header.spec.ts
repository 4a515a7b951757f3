import { entitySpec } from '../../../clients';
import { mapHeader, normalizeHeaderName } from './csv-header';
import { CsvImportError } from './csv-import.errors';

describe('mapHeader', () => {
  const visits = entitySpec('visits');

  it('should accept camelCase and snake_case names in any letter case', () => {
    const cols = mapHeader(visits, ['externalId', 'CLIENT_EXTERNAL_ID', 'visited_at', ' Kind ']);
    expect(cols.map((c) => c.name)).toEqual(['externalId', 'clientExternalId', 'visitedAt', 'kind']);
    expect(normalizeHeaderName('client_external_id')).toBe(normalizeHeaderName('clientExternalId'));
  });

  it('should fail listing the allowed columns when a column is unknown', () => {
    expect(() => mapHeader(visits, ['externalId', 'clientExternalId', 'visitedAt', 'colour'])).toThrow(CsvImportError);
    expect(() => mapHeader(visits, ['externalId', 'clientExternalId', 'visitedAt', 'colour'])).toThrow(
      /unknown column "colour" for visits.*allowed columns: externalId, clientExternalId, clientAltExternalId, locationExternalId, bookingExternalId, visitedAt, kind, updatedAt/,
    );
  });

  it('should hint at --delimiter when the whole header is one cell holding another separator', () => {
    expect(() => mapHeader(visits, ['externalId;clientExternalId;visitedAt'])).toThrow(/--delimiter/);
  });

  it('should fail when a required column is missing, duplicated or a column has no name', () => {
    expect(() => mapHeader(visits, ['externalId', 'visitedAt'])).toThrow(/missing required column clientExternalId/);
    // the client may be named by the source's alternate id instead
    expect(mapHeader(visits, ['externalId', 'clientAltExternalId', 'visitedAt']).map((c) => c.name)).toEqual(['externalId', 'clientAltExternalId', 'visitedAt']);
    expect(() => mapHeader(visits, ['externalId', 'external_id', 'clientExternalId', 'visitedAt'])).toThrow(/both name the field externalId/);
    expect(() => mapHeader(visits, ['externalId', 'clientExternalId', 'visitedAt', ''])).toThrow(/column 4 of the header has no name/);
  });
});
