import type { Actor, Role } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';

export function assertRole(actor: Actor, roles: Role[], what: string): void {
  if (!roles.some((r) => actor.roles.includes(r))) {
    throw new DomainException('FORBIDDEN_ROLE', `${what}: 需要以下角色之一 requires one of ${roles.join(', ')}`);
  }
}
