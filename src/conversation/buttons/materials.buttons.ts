import { buttonCodec, choiceCodec, id, nonceCodec } from './codec.js';

/** "mack:<materialId>": the member confirms receipt of the month's material. */
export const ackCodec = buttonCodec('mack', { materialId: id });
/** "mres:<materialId>": the officer resends to every recipient whose delivery failed. */
export const resendCodec = buttonCodec('mres', { materialId: id });

/** The publishing flow's steps: unit, month, keep the title, audience, scope, send now. */
export const publishSteps = {
  mtu: choiceCodec('mtu'),
  mtm: choiceCodec('mtm'),
  mtt: nonceCodec('mtt'),
  mta: choiceCodec('mta'),
  mts: choiceCodec('mts'),
  mtw: nonceCodec('mtw'),
};
/** Publish, publish internally marked material after confirming, cancel. */
export const publishConfirmCodec = nonceCodec('mtok');
export const publishInternalCodec = nonceCodec('mtin');
export const publishCancelCodec = nonceCodec('mtno');
