import { digestModule } from '../conversation/flows/digest.module.js';
import { tasksModule } from '../conversation/flows/tasks.module.js';
import type { Feature } from './feature.js';

/** Resolutions and tasks: assignment and reports (reminders are run by the meeting cycle). */
export const tasksFeature: Feature = { name: 'tasks', flows: [tasksModule] };

/** The committee's digest of the tasks before a meeting (/tonghop; sent the day before by the cycle). */
export const digestFeature: Feature = { name: 'digest', flows: [digestModule] };
