// The notices of the materials feature, as data; their words and the «Đã nhận» button are in
// src/conversation/notices/materials.notices.ts.

/** The month's material to one member: its document (resolved to a file at delivery) or its link. */
export type MaterialNotice = {
  type: 'material.delivery';
  material: { id: number; title: string; period: string; linkUrl: string | null };
};
