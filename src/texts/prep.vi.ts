export const prepTexts = {} as const;
