import { IsEmpty } from 'class-validator';

/**
 * Parameters of a condition that takes none. class-validator rejects a class without a single
 * rule as an "unknown value", so one optional field stands in; any other key is still refused
 * by forbidNonWhitelisted ("property x should not exist").
 */
export class NoParams {
  @IsEmpty({ message: 'this condition takes no parameters' })
  none?: undefined;
}
