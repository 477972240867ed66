import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import Fastify from 'fastify';
import { materialFiles, materials } from '../modules/materials/materials.table.js';
import { materialDownloadUrl, materialLinkKey } from '../modules/materials/material-link.js';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.js';
import { deliverRow } from '../../test/support/delivery.js';
import type { ChatGateway } from '../shared/chat-gateway.js';
import { createFakeClock } from '../shared/clock.js';
import { createLogger } from '../shared/logger.js';
import type { OutboundMessage } from '../shared/outbound.js';
import { seedBranch } from '../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { materialDownloadRoutes } from './material-download.routes.js';

let t: TestDb;
let materialId: number;
const key = materialLinkKey('123456:TEST-token');
const publicUrl = 'https://bot.example.vn';
const bytes = Buffer.from('%PDF-1.4 '.padEnd(4096, 'x'));

beforeAll(async () => {
  t = await createTestDb();
  const { branch } = await seedBranch(t.db, 'Chi bộ Tệp lớn');
  const [m] = await t.db
    .insert(materials)
    .values({
      orgUnitId: branch.id,
      source: 'http',
      period: '2026-12',
      title: 'Tài liệu tháng 12',
      scopeUnitIds: [],
      fileName: 'Tài liệu tháng 12.pdf',
      fileSize: bytes.length,
      mimeType: 'application/pdf',
      status: 'sending',
      sendAt: new Date(),
      createdAt: new Date(),
    })
    .returning();
  materialId = m!.id;
  await t.db.insert(materialFiles).values({ materialId, content: bytes });
});
afterAll(async () => t?.drop());

describe('documents over a platform limit', () => {
  test('are sent as a link to our own download route, to every recipient, without an upload', async () => {
    const sent: OutboundMessage[] = [];
    const tiny: ChatGateway = {
      platform: 'telegram',
      maxDocumentBytes: 1024,
      async send(_chat, m) {
        sent.push(m);
        return { messageId: String(sent.length) };
      },
      async answerCallback() {},
    };
    const clock = createFakeClock('2026-11-25T09:00:00+07:00');
    const repo = createOutboxRepository({ db: t.db });
    const message: OutboundMessage = {
      kind: 'document',
      file: { materialId },
      caption: 'Tài liệu sinh hoạt tháng 12',
      buttons: [[{ text: 'Đã nhận', data: `mack:${materialId}` }]],
    };
    const ids = await repo.add(
      [1, 2].map((n) => ({ platform: 'telegram' as const, chatId: String(n), message, lane: 'bulk' as const })),
      clock.now(),
    );
    const deps = {
      db: t.db,
      gateways: { telegram: tiny },
      clock,
      logger: createLogger({ level: 'silent' }),
      materialLink: (id: number) => materialDownloadUrl(publicUrl, key, id),
    };
    for (const id of ids) expect(await deliverRow(id, deps)).toBe('sent');
    expect(sent.every((m) => m.kind === 'text' && m.text.includes(`${publicUrl}/materials/${materialId}/file/`))).toBe(true);
    expect(sent[0]).toMatchObject({ buttons: [[{ data: `mack:${materialId}` }]] });
  });

  test('without a public URL the message fails with a reason that names the fix', async () => {
    const tiny: ChatGateway = {
      platform: 'telegram',
      maxDocumentBytes: 1024,
      async send() {
        return { messageId: '1' };
      },
      async answerCallback() {},
    };
    const clock = createFakeClock('2026-11-25T09:00:00+07:00');
    const [id] = await createOutboxRepository({ db: t.db }).add(
      [{ platform: 'telegram', chatId: '3', message: { kind: 'document', file: { materialId } } }],
      clock.now(),
    );
    expect(
      await deliverRow(id!, {
        db: t.db,
        gateways: { telegram: tiny },
        clock,
        logger: createLogger({ level: 'silent' }),
        materialLink: () => null,
      }),
    ).toBe('failed');
    expect((await createOutboxRepository({ db: t.db }).findByIds([id!]))[0]!.lastError).toMatch(/PUBLIC_URL/);
  });

  test('the signed link serves the file; a wrong token or id gets 404', async () => {
    const app = Fastify();
    await app.register(materialDownloadRoutes({ db: t.db, key }));
    const url = new URL(materialDownloadUrl(publicUrl, key, materialId));
    const ok = await app.inject({ method: 'GET', url: url.pathname });
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.equals(bytes)).toBe(true);
    expect(ok.headers['content-disposition']).toContain("filename*=UTF-8''T%C3%A0i");
    expect((await app.inject({ method: 'GET', url: url.pathname.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) })).statusCode).toBe(404);
    expect(
      (await app.inject({ method: 'GET', url: url.pathname.replace(`/materials/${materialId}/`, `/materials/${materialId + 1}/`) }))
        .statusCode,
    ).toBe(404);
    await app.close();
  });
});
