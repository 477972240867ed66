import { buttonCodec, id, oneOf } from './codec.js';

/** "ci:<meetingId>": the member is present. */
export const checkinCodec = buttonCodec('ci', { meetingId: id });
/** "prep:<meetingId>:held|planned": the committee met, or set the date to. */
export const prepCodec = buttonCodec('prep', { meetingId: id, state: oneOf('held', 'planned') });
/** "prepok:<meetingId>" / "prepno:<meetingId>": confirm or drop the recorded preparatory meeting. */
export const prepConfirmCodec = buttonCodec('prepok', { meetingId: id });
export const prepCancelCodec = buttonCodec('prepno', { meetingId: id });
