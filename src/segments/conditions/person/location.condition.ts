import { ArrayMaxSize, ArrayNotEmpty, IsArray, Matches } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';
import { ROW_ID } from '../../../common/row-id';

class LocationParams {
  @IsArray({ message: 'locationIds must be a list of location ids' })
  @ArrayNotEmpty({ message: 'locationIds must name at least one location' })
  @ArrayMaxSize(1000)
  @Matches(ROW_ID, { each: true, message: 'each of locationIds must be a location id (digits, as a string)' })
  locationIds!: string[];
}

/** Home location among the given ones; ids of another business's locations are dropped once per statement. */
export const locationCondition = defineCondition({
  type: 'location',
  label: 'Location',
  group: 'person',
  description: 'has one of these home locations',
  params: [{ name: 'locationIds', label: 'Locations', type: 'id[]', required: true }],
  dto: LocationParams,
  compile: (p, ctx) =>
    `(${ctx.client}.home_location_id = ANY (ARRAY(SELECT l.id FROM location l WHERE l.business_id = ${ctx.businessId} AND l.id = ANY (${ctx.params.bind(p.locationIds, 'bigint[]')}))))`,
  actual: () => actualSql('c.home_location_id::text'),
});
