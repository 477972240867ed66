import { pollsModule } from '../conversation/flows/polls.module.js';
import { createPollsQueue, createPollsWorker, schedulePollClose, sweepPolls } from '../jobs/polls.jobs.js';
import type { Feature } from './feature.js';

/** Quick polls: created in chat, sent as native polls or buttons, closed at their deadline. */
export const pollsFeature: Feature = {
  name: 'polls',
  flows: [pollsModule],
  setup: ({ db, clock, logger, redis, prefix, dispatch }) => {
    const queue = createPollsQueue({ connection: redis, prefix });
    return {
      conversation: { schedulePollClose: (poll) => schedulePollClose(queue, poll, clock.now()) },
      sweeps: [{ name: 'polls', repeat: { pattern: '* * * * *' }, run: () => sweepPolls({ db, clock, dispatch }) }],
      startWorkers: () => {
        const worker = createPollsWorker({ db, clock, logger, connection: redis, prefix, dispatch });
        return [() => worker.close()];
      },
      close: () => queue.close(),
    };
  },
};
