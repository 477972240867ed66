export const tasksTexts = {} as const;
