import { tasksTexts as t } from '../../texts/index.js';

/** The report button every task notice carries: the reporting flow answers `tr:<taskId>`. */
export const reportButtons = (taskId: number) => [[{ text: t.buttonReport, data: `tr:${taskId}` }]];
