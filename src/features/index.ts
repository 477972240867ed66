import { accountFeature } from './account.feature.js';
import type { Feature } from './feature.js';
import { materialsFeature } from './materials.feature.js';
import { meetingsFeature } from './meetings.feature.js';
import { pollsFeature } from './polls.feature.js';
import { digestFeature, tasksFeature } from './tasks.feature.js';

/** Every feature of the service. Order matters only for the command menu. */
export const FEATURES: Feature[] = [meetingsFeature, tasksFeature, materialsFeature, pollsFeature, digestFeature, accountFeature];

/** Every feature's conversation modules, in the order of the command menu. */
export const featureFlows = (features: readonly Feature[] = FEATURES) => features.flatMap((f) => f.flows ?? []);
