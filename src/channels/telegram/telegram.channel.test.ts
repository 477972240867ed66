import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { InboundEvent } from '../../conversation/inbound.js';
import type { InboundSink } from '../../conversation/pipeline/inbound-processor.js';
import { createLogger } from '../../shared/logger.js';
import { startFakeTelegram, type FakeTelegram } from '../../../test/fakes/telegram/index.js';
import { eventually } from '../../../test/support/app-harness.js';
import { createTelegramChannel } from './telegram.channel.js';

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await startFakeTelegram();
});
afterAll(async () => fake?.close());

describe('Telegram long polling', () => {
  test('an update whose handling keeps failing is retried, logged, and does not stop the bot or the process', async () => {
    const channel = createTelegramChannel({
      config: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      logger: createLogger({ level: 'silent' }),
      pollingRetryDelayMs: 10,
    });
    const attempts = new Map<string, number>();
    const processor: InboundSink = {
      async process(e: InboundEvent) {
        attempts.set(e.type === 'text' ? e.text : e.type, (attempts.get(e.type === 'text' ? e.text : e.type) ?? 0) + 1);
        if (e.type === 'text' && e.text === 'hỏng') throw new Error('database unreachable');
        return 'handled';
      },
    };
    const exitCodeBefore = process.exitCode;
    await channel.init();
    await channel.startPolling(processor);
    try {
      fake.sendText({ id: 11, first_name: 'A' }, 'hỏng');
      await eventually(() => expect(attempts.get('hỏng')).toBe(4));
      fake.sendText({ id: 11, first_name: 'A' }, 'tiếp');
      await eventually(() => expect(attempts.get('tiếp')).toBe(1));
      expect(process.exitCode).toBe(exitCodeBefore);
    } finally {
      await channel.stop();
    }
  });

  test('polling that fails to start (the first deleteWebhook is reset) starts again by itself and the bot answers', async () => {
    const channel = createTelegramChannel({
      config: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      logger: createLogger({ level: 'silent' }),
      pollingRetryDelayMs: 10,
    });
    const seen: string[] = [];
    const processor: InboundSink = {
      async process(e: InboundEvent) {
        if (e.type === 'text') seen.push(e.text);
        return 'handled';
      },
    };
    fake.failNext('deleteWebhook', { error_code: 502, description: 'Bad Gateway' });
    fake.failNext('deleteWebhook', { error_code: 502, description: 'Bad Gateway' });
    const deletesBefore = fake.callsTo('deleteWebhook').length;
    await channel.startPolling(processor);
    try {
      fake.sendText({ id: 12, first_name: 'B' }, 'còn đó không');
      await eventually(() => expect(seen).toEqual(['còn đó không']), 10_000);
      expect(fake.callsTo('deleteWebhook').length - deletesBefore).toBe(3);
    } finally {
      await channel.stop();
    }
  });

  test('readiness reports polling stalled while no getUpdates answers, and ready again once one does', async () => {
    const channel = createTelegramChannel({
      config: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      logger: createLogger({ level: 'silent' }),
      pollingRetryDelayMs: 40,
      // Longer than the fake's longest long poll (1 s), shorter than the failures below (2.5 s).
      pollingStaleMs: 1_500,
    });
    expect(channel.pollingStalled()).toBe(false); // not asked to poll: nothing to report
    for (let i = 0; i < 6; i++) fake.failNext('deleteWebhook', { error_code: 502, description: 'Bad Gateway' });
    const processor: InboundSink = { process: async () => 'handled' };
    await channel.startPolling(processor);
    try {
      await eventually(() => expect(channel.pollingStalled()).toBe(true), 5_000);
      await eventually(() => expect(channel.pollingStalled()).toBe(false), 20_000);
      await new Promise((r) => setTimeout(r, 1_700)); // idle long polls keep it ready
      expect(channel.pollingStalled()).toBe(false);
    } finally {
      await channel.stop();
    }
    expect(channel.pollingStalled()).toBe(false);
  });
});
