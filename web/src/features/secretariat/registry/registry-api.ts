// The registry's calls: the whole list at once (a few thousand points are
// well under a megabyte), writes of one point, and the CSV import with its
// dry run. Every failure is an ActionError, as api() throws.
import type { PointKind, PointView } from '../../../../../src/contract/index.js';
import { ActionError, api } from '../../../api/http.js';

/** Where the page lives (links inside it are absolute). */
export const BASE = '/admin/registry';

export type RosterEntry = PointView['roster'][number];

export interface PointInput {
  code: string;
  name: string;
  kind: PointKind;
  parentCode: string | null;
  operatorName: string | null;
  operatorPhone: string | null;
  roster: RosterEntry[];
}

export interface ImportRowResult {
  line: number;
  code: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
}

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  dryRun?: boolean;
  rows?: ImportRowResult[];
}

export async function loadPoints(token: string): Promise<PointView[]> {
  const { points } = await api<{ points: PointView[] }>('GET', '/api/v1/points?limit=20000', {
    token,
  });
  return points;
}

const path = (code: string) => `/api/v1/points/${encodeURIComponent(code)}`;

/** A new point: what is empty is left out (the server takes no nulls here). */
export function createPoint(token: string, input: PointInput): Promise<PointView> {
  const body = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null));
  return api<PointView>('POST', '/api/v1/points', { token, body });
}

export function updatePoint(
  token: string,
  code: string,
  input: Omit<PointInput, 'code'> | { active: boolean },
): Promise<PointView> {
  return api<PointView>('PATCH', path(code), { token, body: input });
}

export function deactivatePoint(token: string, code: string): Promise<PointView> {
  return api<PointView>('DELETE', path(code), { token });
}

/** POST the CSV as it is (text/csv); `dryRun` checks and counts without writing. */
export async function importCsv(
  token: string,
  csv: string,
  dryRun: boolean,
): Promise<ImportResult> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/points/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv; charset=utf-8',
        accept: 'application/json',
      },
      body: csv,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new ActionError(timedOut ? 'TIMEOUT' : 'NETWORK', String(error));
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {}
  if (!response.ok) {
    throw new ActionError(
      (body.code as ActionError['code'] | undefined) ??
        (response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'),
      String(body.detail ?? response.statusText),
      response.status,
      (body.errors as ActionError['fields'] | undefined) ?? [],
      body,
    );
  }
  return body as unknown as ImportResult;
}

/** A file the clerk can open in a spreadsheet and fill in: one line of each kind. */
export const SAMPLE_CSV = [
  'code,name,kind,parent_code,operator_name,operator_phone',
  'trung-uong,Ban Tổ chức Trung ương (điểm cầu chính),central-hall,,Nguyễn Văn An,0243 823 0000',
  'ban-tuyen-giao,Ban Tuyên giáo và Dân vận Trung ương,central-body,trung-uong,,',
  'ha-noi,Thành ủy Hà Nội,province,trung-uong,Trần Thị Bình,0912 345 678',
  'ha-noi-ba-dinh,"Phường Ba Đình, Hà Nội",commune,ha-noi,,',
  '',
].join('\r\n');
