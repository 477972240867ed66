// Every table, for drizzle-kit and for typed queries. Tables live beside their module.
export * from './enums.js';
export * from '../../modules/org-units/org-units.table.js';
export * from '../../modules/org-units/unit-roles.table.js';
export * from '../../modules/members/members.table.js';
export * from '../../modules/identities/identities.table.js';
export * from '../../modules/updates/updates.table.js';
export * from '../../modules/audit/audit.table.js';
export * from '../../modules/outbox/outbox.table.js';
export * from '../../modules/invites/invites.table.js';
export * from '../../modules/meetings/meetings.table.js';
export * from '../../modules/meetings/attendance.table.js';
export * from '../../modules/conversation-state/conversation-state.table.js';
export * from '../../modules/calendar/calendar.table.js';
export * from '../../modules/tasks/tasks.table.js';
export * from '../../modules/materials/materials.table.js';
export * from '../../modules/polls/polls.table.js';
