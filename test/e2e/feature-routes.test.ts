import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../support/app-harness.js';

// The routes a feature declares (src/features/) are served by the running service only when
// configured: the publishing API with MATERIALS_API_TOKEN, the large-file links with PUBLIC_URL.
let configured: Harness;
let bare: Harness;
beforeAll(async () => {
  configured = await startHarness({ mode: 'webhook', env: { MATERIALS_API_TOKEN: 'a-long-random-secret-for-tests-only' } });
  bare = await startHarness();
});
afterAll(async () => {
  await configured?.close();
  await bare?.close();
});

const post = (h: Harness) => fetch(`${h.baseUrl}/api/materials`, { method: 'POST' });
const download = (h: Harness) => fetch(`${h.baseUrl}/materials/1/file/${'x'.repeat(32)}`);

describe('routes the materials feature declares', () => {
  test('with a token the publishing API exists and asks for it; without one there is no such route', async () => {
    const asked = await post(configured);
    expect(asked.status).toBe(401);
    expect(await asked.json()).toMatchObject({ error: 'unauthorized' });
    const none = await post(bare);
    expect(none.status).toBe(404);
    expect(await none.json()).not.toHaveProperty('error', 'unauthorized');
  });

  test("with a public URL a wrong download link gets the route's own 404; without one the route does not exist", async () => {
    const wrong = await download(configured);
    expect(wrong.status).toBe(404);
    expect(await wrong.json()).toEqual({ error: 'not_found' });
    const none = await download(bare);
    expect(none.status).toBe(404);
    expect(await none.json()).not.toEqual({ error: 'not_found' });
  });
});
