import type { FlowModule } from '../flow-module.js';

export const tasksModule: FlowModule = {};
