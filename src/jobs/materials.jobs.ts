import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import { dueScheduledMaterials, fanOutMaterial } from '../modules/materials/publish.usecases.js';

/**
 * Materials whose send time has come (or whose fan-out a crash interrupted) are fanned out
 * and their rows handed to the broadcast queue. Reads Postgres only, idempotent.
 */
export async function sweepMaterials({
  db,
  clock,
  dispatch,
}: {
  db: Db;
  clock: Clock;
  dispatch: (ids: number[]) => Promise<void>;
}): Promise<number> {
  const due = await dueScheduledMaterials({ now: clock.now() }, { db });
  for (const materialId of due) {
    const { outboxIds } = await fanOutMaterial({ materialId }, { db, clock });
    await dispatch(outboxIds);
  }
  return due.length;
}
