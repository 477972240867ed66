import type { FlowModule } from '../flow-module.js';
import { bot } from '../../texts/index.js';
import { onHelp, onMe, onRelink } from './account.flow.js';

export const accountModule: FlowModule = {
  commands: {
    toi: { menu: bot.commands.toi, run: async (_e, m) => onMe(m) },
    trogiup: { menu: bot.commands.trogiup, run: async (_e, m) => onHelp(m) },
    help: { run: async (_e, m) => onHelp(m) },
    doitaikhoan: { menu: bot.commands.doitaikhoan, run: (e, m, deps) => onRelink(e, m, deps) },
  },
};
