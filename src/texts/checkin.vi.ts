export const checkinTexts = {} as const;
