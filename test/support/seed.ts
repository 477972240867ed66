import type { DbOrTx } from '../../src/shared/db/db.js';
import type { MemberRole, MemberStatus } from '../../src/shared/db/enums.js';
import { members } from '../../src/modules/members/members.table.js';
import { createOrgUnitsRepository, type OrgUnit } from '../../src/modules/org-units/org-units.repository.js';
import { normalizePhone } from '../../src/modules/members/members.models.js';

/** A committee with one branch, created (or found) by name. */
export async function seedBranch(db: DbOrTx, branchName = 'Chi bộ Khu phố 1', committeeName = 'Đảng bộ phường Tân Định') {
  const units = createOrgUnitsRepository({ db });
  const committee = (await units.findOrCreateChild(null, 'committee', committeeName)).unit;
  const branch = (await units.findOrCreateChild(committee, 'branch', branchName)).unit;
  return { committee, branch };
}

export async function seedMember(
  db: DbOrTx,
  branch: OrgUnit,
  m: { fullName: string; phone: string; role?: MemberRole; status?: MemberStatus },
) {
  const [row] = await db
    .insert(members)
    .values({
      branchId: branch.id,
      fullName: m.fullName,
      phone: normalizePhone(m.phone)!,
      role: m.role ?? 'member',
      status: m.status ?? 'active',
    })
    .returning();
  return row!;
}
