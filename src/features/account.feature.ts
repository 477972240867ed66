import { accountModule } from '../conversation/flows/account.module.js';
import type { Feature } from './feature.js';

/** A member's own account: who the bot thinks they are, unlinking. */
export const accountFeature: Feature = { name: 'account', flows: [accountModule] };
