import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'comeback:public';
/** Routes that authenticate themselves (webhooks by signature, unsubscribe links) or need none. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
