export const rsvpTexts = {} as const;
