import type { Executor } from '../../db/executor.js';
import { auditLog } from '../../db/schema.js';
import type { Principal } from '../auth/principal.js';
import { diff, type Snapshot } from './diff.js';

/** Who made a change, as the audit log stores it. */
export interface Actor {
  kind: 'user' | 'point' | 'system';
  id: string | null;
  name: string;
}

export const systemActor: Actor = { kind: 'system', id: null, name: 'system' };

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.id, name: principal.username }
    : { kind: 'point', id: principal.pointId, name: principal.pointCode };
}

/** What a change records: the action, the object, and its state before and after. */
export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  sessionId?: string | null;
  before?: Snapshot;
  after?: Snapshot;
}

/**
 * Appends one entry. Call it with the transaction that makes the change, so
 * the change and its record commit or fail together. An update that changed
 * nothing leaves no entry.
 */
export async function recordAudit(db: Executor, actor: Actor, entry: AuditRecord): Promise<void> {
  const changes = diff(entry.before, entry.after);
  if (entry.before && entry.after && Object.keys(changes).length === 0) return;
  await db.insert(auditLog).values({
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    sessionId: entry.sessionId ?? null,
    changes,
  });
}
