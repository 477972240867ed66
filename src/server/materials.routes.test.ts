import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testRedisUrl } from '../../test/support/env.js';
import { pdfWithFirstPage } from '../../test/support/pdf.js';
import { seedBranch, seedMember } from '../../test/support/seed.js';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { createRedis } from '../jobs/redis.js';
import { auditLog } from '../modules/audit/audit.table.js';
import { materialFiles, materials } from '../modules/materials/materials.table.js';
import { createFakeClock } from '../shared/clock.js';
import { createHttpServer } from './http.js';
import { materialsRoutes } from './materials.routes.js';

// The propaganda department's systems publish over HTTP with a bearer token; the same guard
// and rules as in chat apply, and the answer says exactly why something was refused.
const TOKEN = 'materials-test-token-0123456789abcdef';
let t: TestDb;
let redis: Redis;
let app: FastifyInstance;
const dispatched: number[][] = [];

type Fields = Record<string, string>;
/** A real multipart/form-data body, encoded the way a browser or curl would. */
async function form(fields: Fields, file?: { name: string; bytes: Buffer; type?: string }) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([file.bytes], { type: file.type ?? 'application/pdf' }), file.name);
  const encoded = new Response(fd);
  return { payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } };
}

async function post(fields: Fields, file?: { name: string; bytes: Buffer }, token: string | null = TOKEN) {
  const body = await form(fields, file);
  const res = await app.inject({
    method: 'POST',
    url: '/api/materials',
    payload: body.payload,
    headers: { ...body.headers, ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.statusCode, json: res.json() as Record<string, unknown> };
}

const monthly = { unit: 'Đảng bộ phường Tân Định', month: '2026-12', title: 'Tài liệu sinh hoạt chi bộ tháng 12' };
const plainPdf = () => ({
  name: 'tai-lieu-thang-12.pdf',
  bytes: pdfWithFirstPage('ĐẢNG BỘ PHƯỜNG TÂN ĐỊNH', 'Chuyên đề học tập và làm theo Bác'),
});
const materialRows = () => t.db.select().from(materials);

beforeAll(async () => {
  t = await createTestDb();
  redis = createRedis(testRedisUrl);
  const { branch: kp1 } = await seedBranch(t.db, 'Chi bộ Khu phố 1');
  const { branch: kp2 } = await seedBranch(t.db, 'Chi bộ Khu phố 2');
  await seedMember(t.db, kp1, { fullName: 'Trần Văn An', phone: '0917000001', role: 'secretary' });
  await seedMember(t.db, kp1, { fullName: 'Lê Thị Bình', phone: '0917000002' });
  await seedMember(t.db, kp2, { fullName: 'Phạm Văn Cường', phone: '0917000003', role: 'secretary' });
  const clock = createFakeClock('2026-11-25T09:00:00+07:00');
  app = createHttpServer({
    db: t.db,
    redis,
    routes: [
      materialsRoutes({
        db: t.db,
        clock,
        token: TOKEN,
        maxUploadBytes: 64 * 1024,
        dispatch: async (ids) => {
          dispatched.push(ids);
        },
      }),
    ],
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  redis?.disconnect();
  await t?.drop();
});

describe('POST /api/materials', () => {
  test('without the token, or with a wrong one, nothing is read or stored: 401', async () => {
    expect((await post(monthly, plainPdf(), null)).status).toBe(401);
    const wrong = await post(monthly, plainPdf(), `${TOKEN.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe('unauthorized');
    expect((await post(monthly, plainPdf(), 'short')).status).toBe(401);
    expect(await materialRows()).toHaveLength(0);
  });

  test('a PDF for the whole committee is published: 201 with the material id and the recipient count', async () => {
    const r = await post(monthly, plainPdf());
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ recipients: 3, scheduled: false });
    const [row] = await t.db
      .select()
      .from(materials)
      .where(eq(materials.id, r.json.materialId as number));
    expect(row).toMatchObject({
      source: 'http',
      period: '2026-12',
      title: monthly.title,
      fileName: 'tai-lieu-thang-12.pdf',
      audience: 'all',
    });
    // The bytes are kept until every platform has its own file id.
    expect(
      await t.db.select({ id: materialFiles.materialId }).from(materialFiles).where(eq(materialFiles.materialId, row!.id)),
    ).toHaveLength(1);
  });

  test('a PDF whose first page says TỐI MẬT is refused with the reason: 422, audited, nothing stored', async () => {
    const before = (await materialRows()).length;
    const r = await post(
      { ...monthly, title: 'Báo cáo tình hình' },
      { name: 'bao-cao.pdf', bytes: pdfWithFirstPage('ĐẢNG CỘNG SẢN VIỆT NAM', 'TỐI MẬT', 'Số 12-BC/ĐU') },
    );
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ error: 'secret_mark', mark: 'TỐI MẬT', place: 'firstPage' });
    expect(r.json.message).toContain('Luật Bảo vệ bí mật nhà nước');
    expect(await materialRows()).toHaveLength(before);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'material.refused_secret'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'http', details: expect.objectContaining({ mark: 'TỐI MẬT', place: 'firstPage' }) });
  });

  test('"Lưu hành nội bộ" needs confirmInternal: 409 first, 201 when confirmed', async () => {
    const internal = () => ({ name: 'chuyen-de.pdf', bytes: pdfWithFirstPage('Lưu hành nội bộ', 'Chuyên đề năm 2026') });
    const first = await post(monthly, internal());
    expect(first.status).toBe(409);
    expect(first.json).toMatchObject({ error: 'needs_internal_confirmation', place: 'firstPage' });
    const confirmed = await post({ ...monthly, confirmInternal: 'true' }, internal());
    expect(confirmed.status).toBe(201);
    const [row] = await t.db
      .select()
      .from(materials)
      .where(eq(materials.id, confirmed.json.materialId as number));
    expect(row!.internalConfirmed).toBe(true);
  });

  test('a form with problems is answered 400 with every problem at once', async () => {
    const r = await post({ unit: 'Đảng bộ không có', month: '12/2026', title: 'x', audience: 'everyone', sendAt: 'tomorrow' }, plainPdf());
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid');
    expect(r.json.problems).toEqual(expect.arrayContaining(['unit_not_found', 'bad_audience', 'bad_send_at']));
    const bad = await post({ ...monthly, month: '12/2026', scope: 'Chi bộ Khu phố 9' }, plainPdf());
    expect(bad.status).toBe(400);
    expect(bad.json.problems).toEqual(['scope_not_found']);
    const domain = await post({ ...monthly, month: '12/2026' }, plainPdf());
    expect(domain.json).toMatchObject({ error: 'invalid', problems: ['bad_period'] });
    expect(domain.json.message).toContain('2026-11');
    expect((await post(monthly)).json.problems).toEqual(['no_file_or_link']);
  });

  test('a link to one chosen branch, at a set time, is scheduled for that branch only', async () => {
    const r = await post({
      ...monthly,
      link: 'https://tuyengiao.example.vn/tai-lieu-12.pdf',
      scope: 'chi bo khu pho 2',
      sendAt: '2026-12-01T07:30:00+07:00',
      audience: 'committee',
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ recipients: 1, scheduled: true });
    const [row] = await t.db
      .select()
      .from(materials)
      .where(eq(materials.id, r.json.materialId as number));
    expect(row).toMatchObject({
      status: 'scheduled',
      linkUrl: 'https://tuyengiao.example.vn/tai-lieu-12.pdf',
      audience: 'committee',
      sendAt: new Date('2026-12-01T00:30:00Z'),
    });
    expect(row!.scopeUnitIds).toHaveLength(1);
  });

  test('a file over the size limit is refused before anything is stored: 413', async () => {
    const before = (await materialRows()).length;
    const r = await post(monthly, { name: 'lon.pdf', bytes: Buffer.alloc(70 * 1024, 0x20) });
    expect(r.status).toBe(413);
    expect(r.json.error).toBe('too_large');
    expect(await materialRows()).toHaveLength(before);
  });

  test('a body that is not multipart is a bad request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/materials',
      payload: { unit: 'x' },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid');
  });
});
