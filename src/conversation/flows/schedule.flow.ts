import { createMeetingsRepository } from '../../modules/meetings/meetings.repository.js';
import { moveMeeting, planThematic } from '../../modules/meetings/move.usecases.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { parseViDate, parseViTime, viDate, vnDate } from '../../shared/vn-time.js';
import { prepTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent } from '../flow-module.js';

const when = (m: { date: string | null; time: string | null }, branchName: string) => ({
  branchName,
  date: m.date ? viDate(m.date) : '—',
  time: m.time,
});

/** /doilich <ngày> <giờ> [địa điểm] */
export async function onMove(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const [d = '', tm = '', ...placeWords] = e.args.split(/\s+/);
  const date = parseViDate(d, vnDate(deps.clock.now()));
  const time = parseViTime(tm);
  if (!date || !time) return reply(text(t.moveUsage));
  const r = await moveMeeting({ actor: member, date, time, place: placeWords.join(' ') || null }, deps);
  switch (r.status) {
    case 'forbidden':
      return reply(text(t.onlySecretary));
    case 'in_past':
      return reply(text(t.movedInPast));
    case 'no_meeting':
      return reply(text(t.noUpcoming));
    case 'moved': {
      const msg = t.moved(when(r.meeting, member.branchName), r.meeting.place) + (r.outOfFirstWeek ? `\n\n${t.movedOutOfFirstWeek}` : '');
      return { replies: [text(msg)], dispatch: r.notice?.outboxIds ?? [] };
    }
  }
}

/** /chuyende <ngày> <giờ> <chủ đề> | /chuyende ghep <chủ đề> */
export async function onThematic(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const [first = '', second = '', ...rest] = e.args.split(/\s+/);
  const combine = /^gh[eé]p$/i.test(first);
  const topic = (combine ? [second, ...rest] : rest).join(' ').trim();
  const date = combine ? undefined : (parseViDate(first, vnDate(deps.clock.now())) ?? undefined);
  const time = combine ? undefined : (parseViTime(second) ?? undefined);
  if (!topic || (!combine && (!date || !time))) return reply(text(t.thematicUsage));
  const r = await planThematic({ actor: member, topic, combine, ...(date ? { date } : {}), ...(time ? { time } : {}) }, deps);
  if (!('meeting' in r))
    return reply(text(r.status === 'forbidden' ? t.onlySecretary : r.status === 'in_past' ? t.movedInPast : t.noUpcoming));
  const w = when(r.meeting, member.branchName);
  return reply(text(r.status === 'combined' ? t.thematicCombined(w, topic) : t.thematicPlanned(w, topic)));
}

/** /lich: the branch's coming meetings. */
export async function onSchedule(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const today = vnDate(deps.clock.now());
  const list = await createMeetingsRepository({ db: deps.db }).listForBranchSince(member.branchId, today.slice(0, 7));
  const lines = list
    .filter((m) => m.status === 'needs_date' || (m.status === 'scheduled' && m.date !== null && m.date >= today))
    .map((m) => (m.status === 'needs_date' ? t.needsDateLine(m.period) : t.scheduleLine(t.kinds[m.kind] ?? m.kind, m, m.place, m.topic)));
  return reply(text(t.schedule(lines)));
}
