// The Bot API as both bots see it in the webhook benchmark: a minimal HTTP server that answers
// every method at once and counts sendMessage per chat. Both targets call the same one, so the
// platform's side costs them the same. The full fake (test/fakes/telegram) records every call
// and would weigh on the figures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BENCH_TOKEN = '123456:bench-token';

export async function startBenchBotApi() {
  const sentByChat = new Map<string, number>();
  let sent = 0;
  let messageId = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      let params: Record<string, unknown> = {};
      try {
        params = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        // a multipart upload: nothing in this benchmark sends one
      }
      let result: unknown = true;
      if (method === 'getMe') result = { id: 123456, is_bot: true, first_name: 'Bench', username: 'bench_bot' };
      else if (method === 'sendMessage') {
        const chat = String(params.chat_id);
        sentByChat.set(chat, (sentByChat.get(chat) ?? 0) + 1);
        sent++;
        result = {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chat), type: 'private' },
          text: params.text,
        };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    apiRoot: `http://127.0.0.1:${port}/`,
    sent: () => sent,
    sentByChat,
    reset() {
      sent = 0;
      sentByChat.clear();
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
