import { z } from 'zod';

// Meeting-cycle settings, held on any organisation unit and inherited down the tree
// (org_units.settings, merged root → branch). Unknown or bad values fall back to defaults,
// so one typo at a province does not stop every branch's cycle.
const schema = z.object({
  meetingDay: z.number().int().min(1).max(28).catch(3),
  meetingTime: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .catch('19:30'),
  meetingPlace: z.string().min(1).optional().catch(undefined),
  prepNagDaysBefore: z.number().int().min(1).max(20).catch(7),
  prepNagHour: z.number().int().min(0).max(23).catch(8),
  escalateDaysBefore: z.number().int().min(0).max(20).catch(2),
  noticeDaysBefore: z.number().int().min(1).max(20).catch(3),
  reminderHour: z.number().int().min(0).max(23).catch(8),
  vietnamCultureDay: z.boolean().catch(false),
  nationalDaySecondDay: z.enum(['before', 'after']).catch('before'),
});

export type MeetingSettings = z.infer<typeof schema>;

export function meetingSettings(effective: Record<string, unknown>): MeetingSettings {
  return schema.parse({
    meetingDay: 3,
    meetingTime: '19:30',
    prepNagDaysBefore: 7,
    prepNagHour: 8,
    escalateDaysBefore: 2,
    noticeDaysBefore: 3,
    reminderHour: 8,
    vietnamCultureDay: false,
    nationalDaySecondDay: 'before',
    ...effective,
  });
}

export const SETTING_KEYS = Object.keys(schema.shape) as (keyof MeetingSettings)[];
