import { loadConfig, loadDatabaseConfig } from '../config/config.js';
import { createTelegramChannel } from '../channels/telegram/telegram.channel.js';
import { systemClock } from '../shared/clock.js';
import { createDb } from '../shared/db/db.js';
import { runMigrations } from '../shared/db/migrate.js';
import { createLogger } from '../shared/logger.js';
import { admin, zaloTexts } from '../texts/index.js';
import { zaloEnabled } from '../channels/zalo/zalo.config.js';
import { grantRoleCommand, inviteLinksCommand, relinkLinkCommand, type CliDeps } from './admin.commands.js';
import { importRosterCommand } from './import-roster.command.js';
import { importTasksCommand } from './import-tasks.command.js';
import { holidayCommand, unitSettingCommand } from './calendar.commands.js';
import { publishMaterialCommand } from './publish-material.command.js';
import { zaloTokenCommand } from './zalo-token.command.js';
import { databaseProblem, describeDatabaseProblem } from './database-errors.js';

const COMMANDS: Record<string, (argv: string[], deps: CliDeps) => Promise<number>> = {
  'import-roster': (argv, deps) => importRosterCommand(argv, deps),
  'import-tasks': (argv, deps) => importTasksCommand(argv, deps),
  'invite-links': inviteLinksCommand,
  'relink-link': relinkLinkCommand,
  'grant-role': grantRoleCommand,
  holiday: holidayCommand,
  'unit-setting': unitSettingCommand,
  'publish-material': publishMaterialCommand,
  'zalo-token': zaloTokenCommand,
  migrate: async (_argv, { out }) => {
    out(admin.migrated);
    return 0;
  },
};

/** Deep links need the bot's username, asked from Telegram once and only when a command prints links. */
function lazyInviteLink(): (token: string) => Promise<string> {
  let username: Promise<string> | undefined;
  return async (token) => {
    const config = loadConfig();
    let link: string | null = null;
    if (config.TELEGRAM_BOT_TOKEN) {
      const channel = createTelegramChannel({
        config: { ...config, TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN },
        logger: createLogger({ level: 'silent' }),
      });
      username ??= channel.botUsername();
      link = channel.inviteLink(await username, token);
    }
    // With Zalo on, the same code also links a Zalo account (typed to the OA).
    return zaloTexts.invite(link, token, zaloEnabled(config) ? { oaId: config.ZALO_OA_ID } : null);
  };
}

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    out(admin.usage);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    out(admin.unknownCommand(name));
    out(admin.usage);
    return 1;
  }
  const { DATABASE_URL } = loadDatabaseConfig();
  try {
    await runMigrations(DATABASE_URL);
  } catch (err) {
    const problem = databaseProblem(err, DATABASE_URL);
    if (!problem) throw err;
    out(describeDatabaseProblem(problem, DATABASE_URL, !!process.env.DATABASE_URL));
    return 1;
  }
  const { db, close } = createDb({ url: DATABASE_URL, max: 2 });
  try {
    return await command(rest, { db, clock: systemClock, out, inviteLink: lazyInviteLink() });
  } finally {
    await close();
  }
}
