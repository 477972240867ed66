import type { DbOrTx } from '../../shared/db/db.js';
import type { AuditEntry } from '../audit/audit.repository.js';
import type { OrgUnit } from '../org-units/org-units.repository.js';
import { createUnitRolesRepository } from '../unit-roles/unit-roles.repository.js';

/**
 * Who acts. A member is checked against their unit roles; the HTTP endpoint and the CLI are
 * trusted: the bearer token from configuration and the shell on the server are the authority.
 */
export type PublishActor = { kind: 'member'; memberId: number } | { kind: 'http' } | { kind: 'cli' };

/** A propaganda officer (Ban Tuyên giáo và Dân vận) of the unit or of a unit above it. */
export async function isPropagandaOfficer(actor: PublishActor, unit: Pick<OrgUnit, 'path'>, { db }: { db: DbOrTx }): Promise<boolean> {
  if (actor.kind !== 'member') return true;
  return createUnitRolesRepository({ db }).holdsOver(actor.memberId, 'propaganda', unit);
}

/** Where a material came from, as stored in materials.source. */
export const sourceOf = (actor: PublishActor) => (actor.kind === 'member' ? 'chat' : actor.kind);

export const auditActor = (actor: PublishActor): Pick<AuditEntry, 'actorKind' | 'actorMemberId'> =>
  actor.kind === 'member' ? { actorKind: 'member', actorMemberId: actor.memberId } : { actorKind: actor.kind, actorMemberId: null };
