export const digestTexts = {} as const;
