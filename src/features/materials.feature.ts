import { materialsModule } from '../conversation/flows/materials.module.js';
import { sweepMaterials } from '../jobs/materials.jobs.js';
import { materialDownloadRoutes } from '../server/material-download.routes.js';
import { materialsRoutes } from '../server/materials.routes.js';
import type { Feature } from './feature.js';

// With a public URL, documents beyond a platform's limit are served as links: accept bigger uploads.
const LINKED_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

/** The month's materials: publishing (chat, CLI, HTTP), the broadcast, receipts, large files as links. */
export const materialsFeature: Feature = {
  name: 'materials',
  flows: [materialsModule],
  setup: ({ config, db, clock, dispatch, linkKey }) => {
    const api = config.MATERIALS_API_TOKEN
      ? materialsRoutes({
          db,
          clock,
          token: config.MATERIALS_API_TOKEN,
          dispatch,
          ...(config.PUBLIC_URL ? { maxUploadBytes: LINKED_UPLOAD_MAX_BYTES } : {}),
        })
      : undefined;
    const downloads = config.PUBLIC_URL ? materialDownloadRoutes({ db, key: linkKey }) : undefined;
    return {
      // The publishing endpoint exists only when a token is configured: no token, no door.
      routes: [api, downloads].filter((r) => r !== undefined),
      sweeps: [{ name: 'materials', repeat: { pattern: '* * * * *' }, run: () => sweepMaterials({ db, clock, dispatch }) }],
    };
  },
};
