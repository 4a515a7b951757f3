import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { GENDERS } from '../../../clients';
import { actualSql, defineCondition } from '../condition-definition';

type Gender = (typeof GENDERS)[number];

class GenderParams {
  @IsArray({ message: 'values must be a list of genders' })
  @ArrayNotEmpty({ message: 'values must name at least one gender' })
  @ArrayMaxSize(GENDERS.length * 2)
  @IsIn(GENDERS, { each: true, message: `each of values must be one of ${GENDERS.join(', ')}` })
  values!: Gender[];
}

export const genderCondition = defineCondition({
  type: 'gender',
  label: 'Gender',
  group: 'person',
  description: 'has one of these genders',
  params: [{ name: 'values', label: 'Genders', type: 'enum[]', required: true, values: GENDERS }],
  dto: GenderParams,
  neverNull: true,
  compile: (p, ctx) => `(${ctx.client}.gender = ANY (${ctx.params.bind(p.values, 'text[]')}))`,
  actual: () => actualSql('c.gender'),
});
