// Every Vietnamese sentence the service shows a person lives under src/texts/:
// bot.vi.ts for chat basics, one file per chat feature, cli.vi.ts and admin.vi.ts for commands.
export { bot } from './bot.vi.js';
export { cli } from './cli.vi.js';
export { admin, adminCalendar } from './admin.vi.js';
export { zaloAdminTexts } from './zalo-admin.vi.js';
export { rsvpTexts } from './rsvp.vi.js';
export { checkinTexts } from './checkin.vi.js';
export { prepTexts } from './prep.vi.js';
export { tasksTexts } from './tasks.vi.js';
export { digestTexts } from './digest.vi.js';
export { materialsTexts } from './materials.vi.js';
export { materialsFlowTexts } from './materials-flow.vi.js';
export { pollsFlowTexts } from './polls-flow.vi.js';
export { pollsTexts } from './polls.vi.js';
export { zaloTexts } from './zalo.vi.js';
export { outboxTexts } from './outbox.vi.js';
