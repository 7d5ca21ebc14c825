// Which points a bulk issue covers: the clerk's choice in the form, the
// request body the server takes for it, and the points it will reach (the
// same rule as the server's: active points only, `parent` is the direct parent).
import type { Static } from 'typebox';
import type { IssueCredentialsBody, PointView } from '../../../../../src/contract/index.js';

export type Selection =
  | { mode: 'provinces' }
  | { mode: 'central-bodies' }
  | { mode: 'region'; parent: string }
  | { mode: 'communes'; province: string }
  | { mode: 'picked'; codes: readonly string[] };

export type SelectionMode = Selection['mode'];
export const SELECTION_MODES: readonly SelectionMode[] = [
  'provinces',
  'central-bodies',
  'region',
  'communes',
  'picked',
];

export type IssueRequest = Static<typeof IssueCredentialsBody>;

/** The body of POST /api/v1/credentials, or null while the choice is incomplete. */
export function requestBody(
  selection: Selection,
  options: { replace?: boolean; label?: string } = {},
): IssueRequest | null {
  let body: IssueRequest;
  switch (selection.mode) {
    case 'provinces':
      body = { kind: 'province' };
      break;
    case 'central-bodies':
      body = { kind: 'central-body' };
      break;
    case 'region':
      if (!selection.parent) return null;
      body = { parent: selection.parent };
      break;
    case 'communes':
      if (!selection.province) return null;
      body = { kind: 'commune', parent: selection.province };
      break;
    case 'picked':
      if (selection.codes.length === 0) return null;
      body = { pointCodes: [...new Set(selection.codes)] };
      break;
  }
  const label = options.label?.trim();
  if (label) body.label = label;
  if (options.replace) body.replace = true;
  return body;
}

/** The active points the choice covers, by name (what the clerk sees before issuing). */
export function selectedPoints(selection: Selection, points: readonly PointView[]): PointView[] {
  const active = points.filter((p) => p.active);
  let chosen: PointView[];
  switch (selection.mode) {
    case 'provinces':
      chosen = active.filter((p) => p.kind === 'province');
      break;
    case 'central-bodies':
      chosen = active.filter((p) => p.kind === 'central-body');
      break;
    case 'region':
      chosen = selection.parent ? active.filter((p) => p.parentCode === selection.parent) : [];
      break;
    case 'communes':
      chosen = selection.province
        ? active.filter((p) => p.kind === 'commune' && p.parentCode === selection.province)
        : [];
      break;
    case 'picked': {
      const codes = new Set(selection.codes);
      chosen = active.filter((p) => codes.has(p.code));
      break;
    }
  }
  return byName(chosen);
}

/** The points a region can be chosen by: every active point with an active point under it. */
export function regionParents(points: readonly PointView[]): PointView[] {
  const parents = new Set(points.filter((p) => p.active && p.parentCode).map((p) => p.parentCode));
  return byName(points.filter((p) => p.active && parents.has(p.code)));
}

/** The provinces that have communes directly under them. */
export function provincesWithCommunes(points: readonly PointView[]): PointView[] {
  const parents = new Set(
    points.filter((p) => p.active && p.kind === 'commune').map((p) => p.parentCode),
  );
  return byName(points.filter((p) => p.active && p.kind === 'province' && parents.has(p.code)));
}

/** Vietnamese text without its marks, lower case: "Đắk Lắk" → "dak lak". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

/** Points whose name or code contains what was typed, with or without the marks. */
export function searchPoints(points: readonly PointView[], query: string): PointView[] {
  const q = fold(query);
  if (!q) return [...points];
  return points.filter((p) => fold(p.name).includes(q) || p.code.includes(q));
}

export function byName<T extends { name: string; code: string }>(points: readonly T[]): T[] {
  return [...points].sort(
    (a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code),
  );
}
