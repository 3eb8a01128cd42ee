import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'yiti:public';
/** Marks a route that needs no token (health, metrics, login). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
