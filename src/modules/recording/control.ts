import type { Db } from '../../db/client.js';
import { type Actor, recordAudit } from '../audit/record.js';
import { loadState, type StatePatch, type StateRow, saveState } from './store.js';

/**
 * A change of a session's recording by a person (or the system at go-live):
 * the new state and its audit entry in one transaction, the fields that
 * changed before and after.
 */
export function audited(
  db: Db,
  sessionId: string,
  actor: Actor,
  action: 'recording.start' | 'recording.stop' | 'recording.settings',
  change: (before: StateRow) => StatePatch,
): Promise<StateRow> {
  return db.transaction(async (tx) => {
    const before = await loadState(tx, sessionId);
    const patch = change(before);
    const after = await saveState(tx, sessionId, patch);
    const pick = (row: StateRow) =>
      Object.fromEntries(
        Object.keys(patch)
          .filter((k) => k === 'wanted' || k === 'recordAutomatically')
          .map((k) => [k, row[k as 'wanted' | 'recordAutomatically']]),
      );
    await recordAudit(tx, actor, {
      action,
      entityType: 'recording',
      entityId: sessionId,
      sessionId,
      before: pick(before),
      after: pick(after),
    });
    return after;
  });
}
