// Every Vietnamese sentence the service shows a person lives under src/texts/:
// bot.vi.ts for chat, cli.vi.ts for roster import, admin.vi.ts for the other admin commands.
export { bot } from './bot.vi.js';
export { cli } from './cli.vi.js';
export { admin } from './admin.vi.js';
