import type { FlowModule } from '../flow-module.js';

export const digestModule: FlowModule = {};
