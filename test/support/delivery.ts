import { createMessageDelivery } from '../../src/jobs/delivery.js';
import type { DeliveryOptions, DeliveryResult } from '../../src/modules/outbox/outbox.delivery.js';

type Deps = Parameters<typeof createMessageDelivery>[0];

/** One row through the app's delivery, built from these deps as app.ts builds it. */
export const deliverRowDetailed = (id: number, deps: Deps, options?: DeliveryOptions): Promise<DeliveryResult> =>
  createMessageDelivery(deps)(id, options);

/** The same, for the outcome alone. */
export const deliverRow = async (id: number, deps: Deps): Promise<DeliveryResult['outcome']> =>
  (await deliverRowDetailed(id, deps)).outcome;
