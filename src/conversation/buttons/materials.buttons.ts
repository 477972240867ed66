import { buttonCodec, id } from './codec.js';

/** "mack:<materialId>": the member confirms receipt of the month's material. */
export const ackCodec = buttonCodec('mack', { materialId: id });
/** "mres:<materialId>": the officer resends to every recipient whose delivery failed. */
export const resendCodec = buttonCodec('mres', { materialId: id });
