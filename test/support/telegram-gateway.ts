import { Telegram } from 'telegraf';
import { createTelegramGateway, type TelegramGatewayDeps } from '../../src/channels/telegram/telegram.gateway.js';

/** Our Telegram gateway with its own API client, for tests and benchmarks that only send. */
export function telegramGatewayFor({
  token,
  apiRoot,
  ...rest
}: { token: string; apiRoot: string } & Omit<TelegramGatewayDeps, 'telegram'>) {
  return createTelegramGateway({ telegram: new Telegram(token, { apiRoot, webhookReply: false }), ...rest });
}
