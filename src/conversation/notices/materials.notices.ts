import type { MaterialNotice } from '../../modules/materials/materials.notices.js';
import { materialsTexts as t } from '../../texts/index.js';
import { ackCodec } from '../buttons/materials.buttons.js';
import type { NoticeRenderers } from './notice-renderers.js';

export const materialNotices: NoticeRenderers<MaterialNotice> = {
  'material.delivery': ({ material: m }) => {
    const buttons = [[{ text: t.buttonAck, data: ackCodec.encode({ materialId: m.id }) }]];
    return m.linkUrl
      ? { kind: 'text', text: t.linkText({ title: m.title, period: m.period, url: m.linkUrl }), buttons }
      : { kind: 'document', file: { materialId: m.id }, caption: t.documentCaption(m), buttons };
  },
};
