import type { Role } from '../identity/roles';

/**
 * The roles that take `action` in any state of a lifecycle table (state × action → transition with
 * the role `by` that takes it); the platform's own steps ('system') are no one's. The gateway's role
 * guards are derived from this, so a table and its routes cannot disagree.
 */
export function stepRoles<A extends string>(table: Record<string, Partial<Record<A, { by: Role | 'system' }>>>, action: A): Role[] {
  const roles = new Set<Role>();
  for (const transitions of Object.values(table)) {
    const by = transitions[action]?.by;
    if (by && by !== 'system') roles.add(by);
  }
  return [...roles];
}
