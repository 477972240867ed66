import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import { unitRoleEnum, type UnitRole } from '../shared/db/enums.js';
import { maskPhone } from '../shared/mask.js';
import { createAuditRepository } from '../modules/audit/audit.repository.js';
import { issueBranchInvites, issueRelink } from '../modules/invites/invites.usecases.js';
import { normalizePhone } from '../modules/members/members.models.js';
import { createMembersRepository } from '../modules/members/members.repository.js';
import { createUnitRolesRepository } from '../modules/unit-roles/unit-roles.repository.js';
import { admin } from '../texts/index.js';
import { parseArgs, positiveInt } from './args.js';
import { findBranch, findUnit } from '../forms/units.lookup.js';

export type CliDeps = {
  db: Db;
  clock: Clock;
  out: (line: string) => void;
  /** Asked only by commands that print links (needs the bot token). */
  inviteLink: (token: string) => Promise<string>;
};

export async function inviteLinksCommand(argv: string[], { db, clock, out, inviteLink }: CliDeps): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const name = positional[0];
  if (!name) {
    out(admin.missingArg('tên chi bộ'));
    return 1;
  }
  const days = positiveInt(flags.days, 14);
  if (days === null) {
    out(admin.badNumber('--days'));
    return 1;
  }
  const found = await findBranch(db, name, typeof flags.committee === 'string' ? flags.committee : undefined);
  if ('error' in found) {
    out(found.error);
    return 1;
  }
  const issued = await db.transaction((tx) => issueBranchInvites({ branchId: found.unit.id, ttlDays: days }, { db: tx, clock }));
  if (issued.length === 0) {
    out(admin.noMembers(found.unit.name));
    return 0;
  }
  out(admin.invitesHeader(found.unit.name, issued.length, days));
  for (const { member, token } of issued) out(admin.inviteLine(member.fullName, maskPhone(member.phone), await inviteLink(token)));
  return 0;
}

export async function relinkLinkCommand(argv: string[], { db, clock, out, inviteLink }: CliDeps): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  if (!positional[0]) {
    out(admin.missingArg('số điện thoại'));
    return 1;
  }
  const hours = positiveInt(flags.hours, 48);
  if (hours === null) {
    out(admin.badNumber('--hours'));
    return 1;
  }
  const r = await db.transaction((tx) =>
    issueRelink({ actor: { kind: 'cli' }, phone: positional[0]!, ttlHours: hours }, { db: tx, clock }),
  );
  if (r.status !== 'ok') {
    out(admin.unknownPhone);
    return 1;
  }
  out(admin.relinkIssued(r.member.fullName, await inviteLink(r.token), hours));
  return 0;
}

export async function grantRoleCommand(argv: string[], { db, out }: CliDeps): Promise<number> {
  const [phoneRaw, roleRaw, unitName] = parseArgs(argv).positional;
  if (!phoneRaw || !roleRaw || !unitName) {
    out(admin.usage);
    return 1;
  }
  if (!(unitRoleEnum.enumValues as readonly string[]).includes(roleRaw)) {
    out(admin.badRole(roleRaw));
    return 1;
  }
  const role = roleRaw as UnitRole;
  const phone = normalizePhone(phoneRaw);
  const member = phone ? await createMembersRepository({ db }).findByPhone(phone) : undefined;
  if (!member) {
    out(admin.unknownPhone);
    return 1;
  }
  const found = await findUnit(db, unitName);
  if ('error' in found) {
    out(found.error);
    return 1;
  }
  const granted = await db.transaction(async (tx) => {
    const ok = await createUnitRolesRepository({ db: tx }).grant(member.id, role, found.unit.id);
    if (ok) {
      await createAuditRepository({ db: tx }).record({
        actorKind: 'cli',
        action: 'unit_role.grant',
        subjectType: 'member',
        subjectId: member.id,
        details: { role, orgUnitId: found.unit.id },
      });
    }
    return ok;
  });
  out(granted ? admin.roleGranted(member.fullName, role, found.unit.name) : admin.roleAlready(member.fullName, role, found.unit.name));
  return 0;
}
