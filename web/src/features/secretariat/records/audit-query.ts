// The audit log's filters as the API's query string.

export const AUDIT_PAGE = 50;
export const ENTITY_TYPES = [
  'point',
  'session',
  'user',
  'credential',
  'attendance',
  'rollcall',
  'speaker-entry',
] as const;

export interface Filters {
  entityType: string;
  sessionId: string;
  /** yyyy-mm-dd, a day in Asia/Ho_Chi_Minh (UTC+7, no daylight saving) */
  since: string;
}
export const NO_FILTERS: Filters = { entityType: '', sessionId: '', since: '' };

/** One page of the log: the filters set, older than entry `before` when paging on. */
export function auditQuery(filters: Filters, before?: number): string {
  const q = new URLSearchParams({ limit: String(AUDIT_PAGE) });
  if (filters.entityType) q.set('entityType', filters.entityType);
  if (filters.sessionId) q.set('sessionId', filters.sessionId);
  if (filters.since) q.set('since', new Date(`${filters.since}T00:00:00+07:00`).toISOString());
  if (before !== undefined) q.set('before', String(before));
  return q.toString();
}
