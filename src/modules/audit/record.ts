import type { Executor } from '../../db/executor.js';
import { auditLog } from '../../db/schema.js';
import type { Principal } from '../auth/principal.js';

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

/** Fields never written to the log, even when they change. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash']);

type Snapshot = Record<string, unknown> | null | undefined;

/** The fields whose value differs, as { field: { before, after } }. */
export function diff(
  before: Snapshot,
  after: Snapshot,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (key === 'updatedAt' || key === 'createdAt') continue;
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    changes[key] = SECRET_FIELDS.has(key)
      ? { before: b === null ? null : '[secret]', after: a === null ? null : '[secret]' }
      : { before: b, after: a };
  }
  return changes;
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

export interface AuditEntry {
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
export async function recordAudit(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
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
