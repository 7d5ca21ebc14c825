// The list of issued credentials in the order a clerk reads it: by point
// name, and within a point the valid ones first, the newest first.

export interface ListedRow {
  name: string;
  code: string;
  createdAt: string;
  revokedAt: string | null;
}

export function sortCredentials<T extends ListedRow>(rows: readonly T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      a.name.localeCompare(b.name, 'vi') ||
      a.code.localeCompare(b.code) ||
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      b.createdAt.localeCompare(a.createdAt),
  );
}
