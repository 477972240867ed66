import { checkinModule } from '../conversation/flows/checkin.module.js';
import { prepModule } from '../conversation/flows/prep.module.js';
import { rsvpModule } from '../conversation/flows/rsvp.module.js';
import { createCycleQueue, createCycleWorker, ensureMeetingsNow, sweepCycle } from '../jobs/cycle.jobs.js';
import type { Feature } from './feature.js';

/** The monthly meeting: its dates, the preparatory meeting, the notice and RSVP, check-in. */
export const meetingsFeature: Feature = {
  name: 'meetings',
  flows: [prepModule, rsvpModule, checkinModule],
  setup: ({ db, clock, logger, redis, prefix, outboxQueue }) => {
    const queue = createCycleQueue({ connection: redis, prefix });
    return {
      // Meetings of this month and next exist before the first sweep looks for due work.
      beforeSweeps: () => ensureMeetingsNow({ db, clock }),
      sweeps: [
        { name: 'meeting-cycle', repeat: { pattern: '*/15 * * * *' }, run: () => sweepCycle({ db, clock, queue }) },
        { name: 'ensure-meetings', repeat: { pattern: '5 0 * * *' }, run: () => ensureMeetingsNow({ db, clock }) },
      ],
      startWorkers: () => {
        const worker = createCycleWorker({ db, clock, logger, connection: redis, prefix, outboxQueue });
        return [() => worker.close()];
      },
      close: () => queue.close(),
    };
  },
};
