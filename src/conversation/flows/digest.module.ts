import { LEADERSHIP_ROLES } from '../../modules/members/members.models.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { buildDigest, digestNotice } from '../../modules/tasks/digest.usecases.js';
import { taskNotices } from '../notices/tasks.notices.js';
import { vnDate } from '../../shared/vn-time.js';
import { digestTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent, FlowModule } from '../flow-module.js';

/** /tonghop: the bí thư's task digest on demand, for the member's own branch only. */
async function onDigest(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  if (!LEADERSHIP_ROLES.includes(member.role)) return reply(text(t.notLeader));
  const report = await buildDigest({ branchId: member.branchId, today: vnDate(deps.clock.now()) }, deps);
  return reply(taskNotices['task.digest'](digestNotice(report)));
}

export const digestModule: FlowModule = {
  commands: { tonghop: { menu: t.commands.tonghop, run: onDigest } },
};
