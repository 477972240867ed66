import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../src/shared/db/db.js';
import type { Platform } from '../../src/shared/db/enums.js';
import { chatIdentities } from '../../src/modules/identities/identities.table.js';
import type { Member } from '../../src/modules/members/members.repository.js';
import { members } from '../../src/modules/members/members.table.js';
import { createOrgUnitsRepository, type OrgUnit } from '../../src/modules/org-units/org-units.repository.js';
import { createUnitRolesRepository } from '../../src/modules/unit-roles/unit-roles.repository.js';

// A small province for the materials tests (test-only; see documents.fixtures.ts):
//
//   Tỉnh ủy Đồng Nai                       propaganda officer: Tuyên (member of Ấp 1)
//   ├─ Đảng ủy phường Tân Định             propaganda officer: Minh (member of Khu phố 1)
//   │  ├─ Chi bộ Khu phố 1   9 official members (one exempt) + 1 probationary: has a chi ủy
//   │  └─ Chi bộ Khu phố 2   3 members: no chi ủy, so its "chi ủy viên" is not a preparer
//   └─ Đảng ủy xã Long Thành
//      └─ Chi bộ Ấp 1       4 members
//
// Accounts: everyone on Telegram except Năm (none), Dự (blocked the bot) and Muộn (none);
// Bốn is on Telegram and on Zalo, and prefers Zalo.

let phone = 0;
const nextPhone = () => `84915${String(++phone).padStart(6, '0')}`;

export async function linkAccount(db: DbOrTx, memberId: number, platform: Platform, opts: { blocked?: boolean; at?: Date } = {}) {
  const at = opts.at ?? new Date('2026-10-01T08:00:00+07:00');
  await db.insert(chatIdentities).values({
    memberId,
    platform,
    externalId: `${platform}-${memberId}`,
    chatId: `${platform}-chat-${memberId}`,
    linkedAt: at,
    blockedAt: opts.blocked ? at : null,
  });
}

export async function seedProvince(db: DbOrTx) {
  const units = createOrgUnitsRepository({ db });
  const child = async (parent: OrgUnit | null, kind: OrgUnit['kind'], name: string) =>
    (await units.findOrCreateChild(parent, kind, name)).unit;
  const province = await child(null, 'province', 'Tỉnh ủy Đồng Nai');
  const ward = await child(province, 'committee', 'Đảng ủy phường Tân Định');
  const commune = await child(province, 'committee', 'Đảng ủy xã Long Thành');
  const kp1 = await child(ward, 'branch', 'Chi bộ Khu phố 1');
  const kp2 = await child(ward, 'branch', 'Chi bộ Khu phố 2');
  const ap1 = await child(commune, 'branch', 'Chi bộ Ấp 1');

  const add = async (branch: OrgUnit, fullName: string, role: Member['role'] = 'member', status: Member['status'] = 'active') =>
    (await db.insert(members).values({ branchId: branch.id, fullName, phone: nextPhone(), role, status }).returning())[0]!;
  const p = {
    bi: await add(kp1, 'Phạm Văn Bí', 'secretary'),
    pho: await add(kp1, 'Lê Thị Phó', 'deputy'),
    uy: await add(kp1, 'Trần Văn Ủy', 'committee_member'),
    minh: await add(kp1, 'Ngô Văn Minh'),
    hai: await add(kp1, 'Đỗ Thị Hai'),
    ba: await add(kp1, 'Vũ Văn Ba'),
    bon: await add(kp1, 'Hoàng Thị Bốn'),
    nam: await add(kp1, 'Bùi Văn Năm'),
    mien: await add(kp1, 'Cao Văn Miễn', 'member', 'exempt'),
    du: await add(kp1, 'Lý Thị Dự'),
    bi2: await add(kp2, 'Mai Văn Bí Hai', 'secretary'),
    uy2: await add(kp2, 'Tạ Thị Ủy Hai', 'committee_member'),
    an2: await add(kp2, 'Hồ Văn An'),
    biB: await add(ap1, 'Kiều Văn Bí Ba', 'secretary'),
    tuyen: await add(ap1, 'Đặng Thị Tuyên'),
    sau: await add(ap1, 'Phan Văn Sáu'),
    muon: await add(ap1, 'Lâm Thị Muộn'),
  };
  await db.update(members).set({ kind: 'probationary' }).where(eq(members.id, p.du.id));
  await db.update(members).set({ preferredPlatform: 'zalo' }).where(eq(members.id, p.bon.id));
  for (const m of Object.values(p)) {
    if (m === p.nam || m === p.muon) continue;
    await linkAccount(db, m.id, 'telegram', { blocked: m === p.du });
  }
  await linkAccount(db, p.bon.id, 'zalo', { at: new Date('2026-10-05T08:00:00+07:00') });

  const roles = createUnitRolesRepository({ db });
  await roles.grant(p.tuyen.id, 'propaganda', province.id);
  await roles.grant(p.minh.id, 'propaganda', ward.id);
  return { units: { province, ward, commune, kp1, kp2, ap1 }, p };
}

export type Province = Awaited<ReturnType<typeof seedProvince>>;
