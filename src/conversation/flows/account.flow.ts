import { issueRelink } from '../../modules/invites/invites.usecases.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { bot } from '../../texts/index.js';
import type { InboundEvent } from '../inbound.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';

const RELINK_TTL_HOURS = 48;

export const onHelp = (member: MemberWithBranch): ConversationResult => reply(text(bot.account.help(member.role)));

export const onMe = (m: MemberWithBranch): ConversationResult =>
  reply(text(bot.account.me({ ...m, status: bot.account.status[m.status] ?? m.status })));

/** /doitaikhoan <phone>: the bí thư moves a member of the branch to a new chat account. */
export async function onRelink(
  e: Extract<InboundEvent, { type: 'command' }>,
  member: MemberWithBranch,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const phone = e.args.trim();
  if (!phone) return reply(text(bot.relink.usage));
  const r = await issueRelink({ actor: { kind: 'member', memberId: member.id }, phone, ttlHours: RELINK_TTL_HOURS }, deps);
  if (r.status !== 'ok') {
    return reply(text(member.role === 'secretary' ? bot.relink.notInScope : bot.relink.onlySecretary));
  }
  return reply(text(bot.relink.issued(r.member, deps.inviteLink(e.platform, r.token), RELINK_TTL_HOURS)));
}
