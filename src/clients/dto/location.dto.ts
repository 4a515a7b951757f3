/** A location (club, studio) of the business. */
export class LocationDto {
  id: string;
  source: string;
  externalId: string;
  name: string;
}

/** GET /api/v1/locations: every location of the business, by name. */
export class LocationListDto {
  items: LocationDto[];
}
