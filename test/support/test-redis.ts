import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisUrl } from './env.js';

/** A queue prefix of its own per test, and a clean-up that removes its keys. */
export function createTestRedis() {
  const prefix = `t_${randomBytes(5).toString('hex')}`;
  return {
    url: testRedisUrl,
    prefix,
    async cleanup() {
      const r = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) await r.del(...keys);
        } while (cursor !== '0');
      } finally {
        r.disconnect();
      }
    },
  };
}
