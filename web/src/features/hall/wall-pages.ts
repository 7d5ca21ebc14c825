// The hall's wall at national scale: a page of points at a time (only their
// cameras reach the hall), chosen by the hall or turning by itself. With the
// ~70 points of a provincial briefing every point fits on one page.
import type { PointAttendance } from '../../../../src/contract/index.js';
import { notReady } from '../desk/ReadinessBoard.js';

export type PageSize = 'all' | 25 | 49 | 100;
export const PAGE_SIZES: readonly PageSize[] = ['all', 25, 49, 100];
export type WallFilter =
  | 'all'
  | 'notReady'
  | 'connected'
  | 'central-body'
  | 'province'
  | 'district'
  | 'commune';
export const WALL_FILTERS: readonly WallFilter[] = [
  'all',
  'notReady',
  'connected',
  'central-body',
  'province',
  'district',
  'commune',
];
/** Up to this many points, the whole wall is one page by default. */
const ONE_PAGE_UP_TO = 100;
/** A turning wall shows each page this long. */
export const ROTATE_MS = 20_000;

export function defaultPageSize(points: number): PageSize {
  return points <= ONE_PAGE_UP_TO ? 'all' : 49;
}

export function matches(filter: WallFilter, row: PointAttendance): boolean {
  if (filter === 'all') return true;
  if (filter === 'notReady') return notReady(row);
  if (filter === 'connected') return row.connected;
  return row.kind === filter;
}

/** The page's rows, the number of pages, and the page index kept in range. */
export function wallPage<T>(rows: readonly T[], size: PageSize, page: number) {
  if (size === 'all') return { visible: [...rows], pages: 1, page: 0 };
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const index = Math.min(Math.max(0, page), pages - 1);
  return { visible: rows.slice(index * size, (index + 1) * size), pages, page: index };
}

/**
 * What the server forwards to the hall: null (every camera) when the wall
 * shows every point; else the page's points and the loudest one (the
 * floor holder is forwarded whatever the page).
 */
export function forwarded(
  visibleCodes: readonly string[],
  everyPoint: boolean,
  activeSpeaker: string | null,
): string[] | null {
  if (everyPoint) return null;
  const codes = new Set(visibleCodes);
  if (activeSpeaker) codes.add(activeSpeaker);
  return [...codes].sort();
}
