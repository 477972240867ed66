import type { FlowModule } from '../flow-module.js';
import { accountModule } from './account.module.js';

// Every feature's conversation module. Order matters only for the command menu.
export const FLOW_MODULES: FlowModule[] = [accountModule];
