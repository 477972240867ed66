// The baseline of the webhook benchmark: a bare telegraf bot that echoes every text, with the
// same webhookReply: false as the service (every reply is a real Bot API call).
// Run by webhook.bench.ts in a process of its own: node bench/webhook/echo-bot.ts <port> <apiRoot> <secret>
import { createServer } from 'node:http';
import { Telegraf } from 'telegraf';

const [port, apiRoot, secret] = process.argv.slice(2);
const bot = new Telegraf('123456:bench-token', { telegram: { apiRoot: apiRoot!, webhookReply: false } });
bot.on('message', async (ctx) => {
  const text = 'text' in ctx.message ? ctx.message.text : '';
  await ctx.reply(text || 'ok');
});
const server = createServer(bot.webhookCallback('/telegram/webhook', { secretToken: secret! }));
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
