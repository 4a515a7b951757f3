import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { RHYTHM_BOUNDS as B } from '../rhythm.types';

/** PUT /api/v1/rhythm/settings: fields left out keep their value. */
export class RhythmSettingsDto {
  @IsOptional()
  @IsInt()
  @Min(B.minAppointments[0])
  @Max(B.minAppointments[1])
  minAppointments?: number;

  @IsOptional()
  @IsInt()
  @Min(B.maxIntervals[0])
  @Max(B.maxIntervals[1])
  maxIntervals?: number;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(B.tolerance[0])
  @Max(B.tolerance[1])
  tolerance?: number;

  @IsOptional()
  @IsInt()
  @Min(B.minSlackDays[0])
  @Max(B.minSlackDays[1])
  minSlackDays?: number;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(B.goneFactor[0])
  @Max(B.goneFactor[1])
  goneFactor?: number;
}
