import { pgEnum } from 'drizzle-orm/pg-core';

// Enums shared by several tables. Values are code names from the domain glossary.
export const platformEnum = pgEnum('platform', ['telegram', 'zalo']);
export const orgUnitKindEnum = pgEnum('org_unit_kind', ['province', 'committee', 'branch', 'group']);
export const memberRoleEnum = pgEnum('member_role', ['secretary', 'deputy', 'committee_member', 'member']);
export const memberKindEnum = pgEnum('member_kind', ['official', 'probationary']);
export const memberStatusEnum = pgEnum('member_status', ['active', 'exempt', 'temporarily_exempt']);
export const unitRoleEnum = pgEnum('unit_role', ['supervisor', 'propaganda', 'admin']);
// 'held': not attempted because the recipient is outside the platform's reply window (Zalo's
// 7 days); it becomes pending again when they next write to us.
export const outboxStatusEnum = pgEnum('outbox_status', ['pending', 'sent', 'failed', 'held']);

export type Platform = (typeof platformEnum.enumValues)[number];
export type OrgUnitKind = (typeof orgUnitKindEnum.enumValues)[number];
export type MemberRole = (typeof memberRoleEnum.enumValues)[number];
export type MemberKind = (typeof memberKindEnum.enumValues)[number];
export type MemberStatus = (typeof memberStatusEnum.enumValues)[number];
export type UnitRole = (typeof unitRoleEnum.enumValues)[number];
export type OutboxStatus = (typeof outboxStatusEnum.enumValues)[number];
