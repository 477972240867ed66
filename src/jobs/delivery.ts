import { materialsDelivery } from '../modules/materials/materials.delivery.js';
import { createDelivery, type Deliver, type DeliveryDeps } from '../modules/outbox/outbox.delivery.js';
import { pollsDelivery } from '../modules/polls/polls.delivery.js';
import { renderNotice } from '../conversation/notices/index.js';

/**
 * The delivery every path uses (inbound replies, the interactive and broadcast workers), with
 * every feature's hooks. Built once in app.ts; tests build it the same way.
 * `materialLink`: our download link for a material too large for a platform, null without PUBLIC_URL.
 */
export function createMessageDelivery({
  materialLink,
  ...deps
}: Omit<DeliveryDeps, 'kinds'> & {
  materialLink?: (materialId: number) => string | null;
}): Deliver {
  return createDelivery({ ...deps, renderNotice, kinds: [materialsDelivery(materialLink ? { materialLink } : {}), pollsDelivery] });
}
