import type { FlowModule } from '../flow-module.js';
import { accountModule } from './account.module.js';
import { checkinModule } from './checkin.module.js';
import { prepModule } from './prep.module.js';
import { rsvpModule } from './rsvp.module.js';
import { digestModule } from './digest.module.js';
import { tasksModule } from './tasks.module.js';
import { materialsModule } from './materials.module.js';
import { pollsModule } from './polls.module.js';

// Every feature's conversation module. Order matters only for the command menu.
export const FLOW_MODULES: FlowModule[] = [
  prepModule,
  rsvpModule,
  checkinModule,
  tasksModule,
  materialsModule,
  pollsModule,
  digestModule,
  accountModule,
];
