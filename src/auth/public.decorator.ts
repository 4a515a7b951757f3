import { SetMetadata } from '@nestjs/common';
import { IS_PUBLIC } from '../common/route-metadata';

export { IS_PUBLIC };
/** Routes that authenticate themselves (webhooks by signature, unsubscribe links) or need none. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
