import { DomainException } from '@yiti/platform';
export const probe = DomainException;
