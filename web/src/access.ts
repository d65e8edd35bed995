import { OPERATIONS, type OperationId } from './generated/operations'
import type { Role } from './types'

/**
 * Whom a page or a menu entry is for: the union of the roles of the API operations it needs, as the
 * server's route table gives them (web/src/generated/operations.ts, from the OpenAPI document). An operation
 * open to every signed-in user, or no operation at all, makes it 'all'.
 */
export function pageRoles(operations: readonly OperationId[] | undefined): Role[] | 'all' {
  if (!operations || operations.length === 0) return 'all'
  const roles = new Set<Role>()
  for (const id of operations) {
    const op = OPERATIONS[id]
    if (op.access !== 'roles') return 'all'
    for (const r of op.roles) roles.add(r as Role)
  }
  return [...roles]
}

export function roleAllowed(roles: Role[] | 'all' | undefined, role: Role | null): boolean {
  if (!role) return false
  if (!roles || roles === 'all') return true
  return roles.includes(role)
}
