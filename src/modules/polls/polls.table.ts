import { bigint, boolean, customType, index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { platformEnum } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import { orgUnits } from '../org-units/org-units.table.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
export const pollStatusEnum = pgEnum('poll_status', ['open', 'closed']);

// A quick poll of a branch (or one party group), platform-neutral: Telegram renders it as a
// native poll, Zalo as buttons; every answer lands in poll_votes.
export const polls = pgTable(
  'polls',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    branchId: bigint('branch_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnits.id),
    // A party group (tổ đảng) of the branch, or null for the whole branch.
    groupId: bigint('group_id', { mode: 'number' }).references(() => orgUnits.id),
    createdByMemberId: bigint('created_by_member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'set null' }),
    question: text('question').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    multipleChoice: boolean('multiple_choice').notNull().default(false),
    // Named: results show who voted what. Anonymous: only counts, ever.
    anonymous: boolean('anonymous').notNull().default(false),
    shareResults: boolean('share_results').notNull().default(false),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    status: pollStatusEnum('status').notNull().default('open'),
    // Anonymous polls only: the random key that turns a member id into an unlinkable ballot key.
    // Erased when the poll closes, after which nobody can tell whose ballot is whose.
    ballotSecret: bytea('ballot_secret'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('polls_branch_idx').on(t.branchId), index('polls_open_deadline_idx').on(t.status, t.deadline)],
);

// The members a poll was meant for, fixed when it is sent: turnout = voters / audience.
export const pollAudience = pgTable(
  'poll_audience',
  {
    pollId: bigint('poll_id', { mode: 'number' })
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ name: 'poll_audience_pkey', columns: [t.pollId, t.memberId] })],
);

// Each copy sent to a member: what answers map back from, and what stopPoll closes.
export const pollCopies = pgTable(
  'poll_copies',
  {
    pollId: bigint('poll_id', { mode: 'number' })
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    memberId: bigint('member_id', { mode: 'number' })
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    platform: platformEnum('platform').notNull(),
    chatId: text('chat_id').notNull(),
    messageId: text('message_id').notNull(),
    // The platform's own poll id (Telegram), or null where the poll is buttons.
    platformPollId: text('platform_poll_id'),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'poll_copies_pkey', columns: [t.pollId, t.memberId, t.platform] }),
    unique('poll_copies_platform_poll_key').on(t.platform, t.platformPollId),
  ],
);

// One ballot per voter. Named polls key it by member id; anonymous polls by an HMAC of the
// member id under the poll's secret (voterKey), and keep no member id at all.
export const pollVotes = pgTable(
  'poll_votes',
  {
    pollId: bigint('poll_id', { mode: 'number' })
      .notNull()
      .references(() => polls.id, { onDelete: 'cascade' }),
    voterKey: text('voter_key').notNull(),
    memberId: bigint('member_id', { mode: 'number' }).references(() => members.id, { onDelete: 'cascade' }),
    optionIds: jsonb('option_ids').$type<number[]>().notNull(),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'poll_votes_pkey', columns: [t.pollId, t.voterKey] }), index('poll_votes_poll_idx').on(t.pollId)],
);
