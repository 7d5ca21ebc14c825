import { describe, expect, it } from 'vitest';
import type { PointAttendance } from '../../src/contract/index.js';
import { defaultPageSize, forwarded, matches, wallPage } from '../src/features/hall/wall-pages.js';

const row = (code: string, patch: Partial<PointAttendance> = {}) =>
  ({
    code,
    name: code,
    kind: 'province',
    connected: true,
    credentialIssued: true,
    testPassed: true,
    checkedIn: true,
    ...patch,
  }) as PointAttendance;

describe("the hall's wall by pages", () => {
  it('shows a provincial briefing on one page, a national one by pages of 49', () => {
    expect(defaultPageSize(70)).toBe('all');
    expect(defaultPageSize(3400)).toBe(49);
  });

  it('cuts the rows into pages and keeps the page index in range', () => {
    const rows = Array.from({ length: 120 }, (_, i) => i);
    expect(wallPage(rows, 49, 0)).toMatchObject({ pages: 3, page: 0 });
    expect(wallPage(rows, 49, 2).visible).toEqual(rows.slice(98));
    expect(wallPage(rows, 49, 7).page).toBe(2);
    expect(wallPage(rows, 'all', 3)).toEqual({ visible: rows, pages: 1, page: 0 });
    expect(wallPage([], 25, 0)).toEqual({ visible: [], pages: 1, page: 0 });
  });

  it('filters: not ready, connected, by kind', () => {
    expect(matches('notReady', row('a', { testPassed: false }))).toBe(true);
    expect(matches('notReady', row('a'))).toBe(false);
    expect(matches('connected', row('a', { connected: false }))).toBe(false);
    expect(matches('commune', row('a'))).toBe(false);
    expect(matches('province', row('a'))).toBe(true);
  });

  it('asks the server for every camera only when the wall shows every point; the loudest always', () => {
    expect(forwarded(['a', 'b'], true, 'z')).toBeNull();
    expect(forwarded(['b', 'a'], false, null)).toEqual(['a', 'b']);
    expect(forwarded(['a'], false, 'z')).toEqual(['a', 'z']);
    expect(forwarded(['a'], false, 'a')).toEqual(['a']);
  });
});
