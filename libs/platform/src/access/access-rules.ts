import { isWithinJurisdiction, scopePrefix, type Actor, type ErrorCode, type Role } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';

/**
 * The platform's access rules, the same in every service: a user acts in their jurisdiction's
 * subtree. A single record outside it looks exactly like a missing one (404 with the record's own
 * code); writing outside it is 403 FORBIDDEN_JURISDICTION; a step needs one of its roles (403
 * FORBIDDEN_ROLE).
 */

/** Whether a record of jurisdiction `code` is within the actor's subtree. */
export function visibleTo(actor: Actor, code: string): boolean {
  return isWithinJurisdiction(actor.jurisdictionCode, code);
}

/** Creating or changing something outside the actor's subtree is forbidden (403). */
export function assertWithin(actor: Actor, code: string): void {
  if (!visibleTo(actor, code)) throw new DomainException('FORBIDDEN_JURISDICTION', `区划 ${code} 不在您的管辖范围内 ${code} is outside your jurisdiction`);
}

/**
 * The record if it exists and the actor may see it; otherwise the record's own not-found error (a
 * record outside the subtree is not admitted to exist).
 */
export function visibleOr404<T>(actor: Actor, record: T | null | undefined, jurisdictionOf: (record: T) => string, notFound: { code: ErrorCode; detail: string }): T {
  if (record === null || record === undefined || !visibleTo(actor, jurisdictionOf(record))) throw new DomainException(notFound.code, notFound.detail);
  return record;
}

/**
 * Shared reference data of a jurisdiction (a town's powers and duties, a county's catalog and
 * training): visible to everyone inside it and to everyone above it.
 */
export function concerns(actor: Actor, code: string): boolean {
  return isWithinJurisdiction(actor.jurisdictionCode, code) || isWithinJurisdiction(code, actor.jurisdictionCode);
}

/** The `LIKE` pattern of the codes within the actor's subtree, for list queries. */
export function jurisdictionPattern(actor: Actor): string {
  return `${scopePrefix(actor.jurisdictionCode)}%`;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r));
}

/** Refuses (FORBIDDEN_ROLE, 403) unless the actor holds one of the roles; `what` names the step in the message. */
export function assertRole(actor: Actor, roles: readonly Role[], what: string): void {
  if (!hasAnyRole(actor, roles)) throw new DomainException('FORBIDDEN_ROLE', `${what}: 需要以下角色之一 requires one of ${roles.join(', ')}`);
}
