import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** A service category in a path: any text the booking system used, 1-200 characters. */
@Injectable()
export class RhythmCategoryPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !value.trim() || value.length > 200) {
      const reason = 'must be a service category name (1-200 characters)';
      throw new BadRequestException({ statusCode: 400, error: 'invalid', message: `category: ${reason}`, problems: [{ path: 'category', reason }] });
    }
    return value;
  }
}
