// What the audit log keeps of a change: the fields that differ, secrets masked.

/** Fields never written to the log, even when they change. */
const SECRET_FIELDS = new Set(['passwordHash', 'tokenHash']);

export type Snapshot = Record<string, unknown> | null | undefined;

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
